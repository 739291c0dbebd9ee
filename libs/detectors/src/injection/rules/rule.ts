/**
 * Signal families. Each rule belongs to one; the scorer weighs families, not single rules, so a new
 * phrasing of a known technique only needs a rule in the right family.
 */
export const SIGNAL_FAMILIES = [
  // Direct prompt injection.
  'override',
  'extraction',
  'template',
  'smuggling',
  // Jailbreak.
  'jailbreak_mode',
  'unrestricted',
  'refusal_suppression',
  'persona',
  'dual_response',
  'fiction',
  'format_control',
  'placeholder',
  // A plain request for content no deployment should produce (malware, weapons, explicit material):
  // the payload most jailbreak wrappers carry, and part of many in-the-wild jailbreak prompts.
  'harmful_request',
  // Text in documents and tool results addressed to the model.
  'addressed_to_ai',
  'response_manipulation',
  'tool_instruction',
  'exfiltration',
  'embedded_code',
] as const;
export type SignalFamily = (typeof SIGNAL_FAMILIES)[number];

/** Which finding category a family argues for. */
export const FAMILY_CATEGORY: Readonly<Record<SignalFamily, 'prompt_injection' | 'jailbreak'>> = {
  override: 'prompt_injection',
  extraction: 'prompt_injection',
  template: 'prompt_injection',
  smuggling: 'prompt_injection',
  jailbreak_mode: 'jailbreak',
  unrestricted: 'jailbreak',
  refusal_suppression: 'jailbreak',
  persona: 'jailbreak',
  dual_response: 'jailbreak',
  fiction: 'jailbreak',
  format_control: 'jailbreak',
  placeholder: 'jailbreak',
  harmful_request: 'jailbreak',
  addressed_to_ai: 'prompt_injection',
  response_manipulation: 'prompt_injection',
  tool_instruction: 'prompt_injection',
  exfiltration: 'prompt_injection',
  embedded_code: 'prompt_injection',
};

/** Analyst-facing names of the families, used in finding messages. */
export const FAMILY_LABEL: Readonly<Record<SignalFamily, string>> = {
  override: 'instruction override',
  extraction: "extraction of the system prompt, secrets or other customers' data",
  template: 'fake system or chat-template marker',
  smuggling: 'encoded or split payload',
  jailbreak_mode: 'jailbreak mode (DAN, developer mode, …)',
  unrestricted: 'unrestricted persona or rule removal',
  refusal_suppression: 'refusal suppression',
  persona: 'role or persona switch',
  dual_response: 'dual-response format',
  fiction: 'fiction or hypothetical wrapper around a harmful ask',
  format_control: 'forced response format',
  placeholder: 'jailbreak template placeholder',
  harmful_request: 'request for harmful content (malware, weapons, explicit material, …)',
  addressed_to_ai: 'text addressed to the AI',
  response_manipulation: 'instruction to alter the answer',
  tool_instruction: 'instruction to call tools, send messages or visit links',
  exfiltration: 'data exfiltration instruction',
  embedded_code: 'code the answer is told to include',
};

export type RuleMatch = { readonly start: number; readonly end: number };

export type InjectionRule = {
  /** `<family>.<name>`, stable: it appears in finding attributes and explanations. */
  readonly id: string;
  readonly family: SignalFamily;
  /** 0..1: how much one match says within its family (family score = noisy-or of its matches). */
  readonly weight: number;
  /** The rule only runs when one of these words occurs in the text (a cheap prefilter). */
  readonly keywords: readonly string[];
  /** First match in normalised text, or undefined. */
  match(text: string): RuleMatch | undefined;
};

/** Builds a rule from regular-expression source over normalised text (compiled once, first match only). */
export function rule(
  id: string,
  family: SignalFamily,
  weight: number,
  keywords: readonly string[],
  source: string,
): InjectionRule {
  const pattern = new RegExp(source);
  return {
    id,
    family,
    weight,
    keywords,
    match(text) {
      const found = pattern.exec(text);
      return found === null ? undefined : { start: found.index, end: found.index + found[0].length };
    },
  };
}

/** How many occurrences of the first part a proximity rule tries (bounds its cost on hostile text). */
const MAX_ANCHORS = 8;

/**
 * A rule for two parts near each other: `first`, then `then` within `within` characters after it.
 * Written as two searches rather than one pattern with a long gap, so that a text repeating the first
 * part many times costs a bounded number of short searches instead of backtracking over every gap.
 */
export function proximityRule(
  id: string,
  family: SignalFamily,
  weight: number,
  keywords: readonly string[],
  first: string,
  then: string,
  within: number,
): InjectionRule {
  const anchor = new RegExp(first, 'g');
  const follow = new RegExp(then);
  return {
    id,
    family,
    weight,
    keywords,
    match(text) {
      anchor.lastIndex = 0;
      for (let tries = 0; tries < MAX_ANCHORS; tries++) {
        const found = anchor.exec(text);
        if (found === null) return undefined;
        if (found[0].length === 0) anchor.lastIndex++;
        const end = found.index + found[0].length;
        const after = follow.exec(text.slice(end, end + within));
        if (after !== null) return { start: found.index, end: end + after.index + after[0].length };
      }
      return undefined;
    },
  };
}

/** A rule with its own matching code (for signals no single pattern expresses cheaply). */
export function customRule(
  id: string,
  family: SignalFamily,
  weight: number,
  keywords: readonly string[],
  match: (text: string) => RuleMatch | undefined,
): InjectionRule {
  return { id, family, weight, keywords, match };
}

/** How far a sentence is followed either side of a match (bounds the cost on text without full stops). */
const SENTENCE_REACH = 300;
const SENTENCE_END = /[.!?\n]/;

/** The sentence around `start..end`: from the last sentence end before it to the next one after it. */
function sentenceAround(text: string, start: number, end: number): string {
  const from = Math.max(0, start - SENTENCE_REACH);
  let sentenceStart = from;
  for (let index = start - 1; index >= from; index--) {
    if (SENTENCE_END.test(text[index] ?? '')) {
      sentenceStart = index + 1;
      break;
    }
  }
  const after = text.slice(end, end + SENTENCE_REACH);
  const stop = after.search(SENTENCE_END);
  return text.slice(sentenceStart, stop === -1 ? end + after.length : end + stop);
}

/**
 * The rule, except where the sentence around its match also matches `unless`: for phrasings that are
 * an attack said to the model but ordinary when they describe something else ("avoid the word 'sorry'
 * in letters to customers").
 */
export function exceptInSentence(inner: InjectionRule, unless: RegExp): InjectionRule {
  return sentenceCondition(inner, unless, false);
}

/** The rule, only where the sentence around its match also matches `context`. */
export function onlyInSentence(inner: InjectionRule, context: RegExp): InjectionRule {
  return sentenceCondition(inner, context, true);
}

function sentenceCondition(inner: InjectionRule, pattern: RegExp, wanted: boolean): InjectionRule {
  return {
    ...inner,
    match(text) {
      const found = inner.match(text);
      if (found === undefined) return undefined;
      return pattern.test(sentenceAround(text, found.start, found.end)) === wanted ? found : undefined;
    },
  };
}
