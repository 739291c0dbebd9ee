import { HARMFUL_REQUEST_RULES } from './harmful-request.rules';
import { INJECTION_RULES } from './injection.rules';
import { JAILBREAK_RULES } from './jailbreak.rules';
import { type InjectionRule } from './rule';
import { SCAFFOLD_RULES } from './scaffold.rules';
import { SOCIAL_ENGINEERING_RULES } from './social-engineering.rules';

/** Rules for text a user sends (direct prompt injection and jailbreaks). */
export const DIRECT_RULES: readonly InjectionRule[] = [
  ...INJECTION_RULES,
  ...JAILBREAK_RULES,
  ...SCAFFOLD_RULES,
  ...HARMFUL_REQUEST_RULES,
  ...SOCIAL_ENGINEERING_RULES,
];
