import { type Severity } from '@argus/contracts';
import { FEATURE_NAMES, type FeatureName, type Features } from './injection.analyser';
import { FAMILY_CATEGORY, SIGNAL_FAMILIES, type SignalFamily } from './rules/rule';

/**
 * Logistic model: score = σ(bias + Σ weight·feature). One per detector (direct input, documents).
 * The default weights were fitted on the even lines of the development sets and checked on the odd
 * lines (test/eval/fit-injection-model.ts prints both), then rounded, and weights that leaned on
 * artefacts of those sets were capped (see docs in libs/detectors/README.md). Operators override any
 * weight, or the bias, in the policy (`options.weights`).
 */
export type ScoringModel = {
  readonly bias: number;
  readonly weights: Readonly<Record<FeatureName, number>>;
};

export type Contribution = { readonly feature: FeatureName; readonly value: number };

export type ScoredFeatures = {
  /** 0..1, calibrated on the development sets. */
  readonly score: number;
  /** weight·feature of each feature that pushed the score up, largest first. */
  readonly contributions: readonly Contribution[];
};

function weights(values: Partial<Record<FeatureName, number>>): Record<FeatureName, number> {
  return Object.fromEntries(FEATURE_NAMES.map((name) => [name, values[name] ?? 0])) as Record<
    FeatureName,
    number
  >;
}

export const DIRECT_MODEL: ScoringModel = {
  bias: -5,
  weights: weights({
    override: 5,
    extraction: 6,
    template: 4.5,
    smuggling: 4,
    jailbreak_mode: 4,
    unrestricted: 4.2,
    refusal_suppression: 4.6,
    // Fitted at 2.2; capped: role-play requests are everyday prompts, a persona alone must not alert.
    persona: 1,
    dual_response: 4,
    fiction: 4.5,
    format_control: 1.9,
    placeholder: 3.5,
    // Not fitted (the family is new; the dev sets hold few plain harmful asks). Set so that one clear
    // request (rule weight 0.6: "write me a keylogger", "how do I make a pipe bomb") reports on its own
    // at low severity (score ≈ 0.4–0.7), and adds up with a persona or fiction frame around it.
    harmful_request: 5.5,
    length: 2,
    second_person: 0.6,
    imperative: 0.5,
    directives: 2.5,
    rule_list: 0.3,
    ai_meta: 2.8,
    transgressive: 1.9,
    scaffold: 1.8,
    similarity: 4.4,
    similarity_high: 2.1,
    benign_similarity: -1.9,
    obfuscation: 4,
    // The shipped lexical model, counted from probability 0.85: 0.9 adds 6.7 log-odds, 0.95 adds 13.3,
    // so alone it reports from about 0.88 (test/eval/lexical/README.md).
    lexical: 20,
    // An optional text classifier (0 when none is configured): not fitted, as no model ships. At 5 a
    // classifier probability of 0.88 or more reports on its own at the default threshold (0.35), and
    // a doubtful one adds to the rules. Tune `weights.classifier` with the model in hand.
    classifier: 5,
  }),
};

export const INDIRECT_MODEL: ScoringModel = {
  bias: -3,
  weights: weights({
    override: 5,
    extraction: 4,
    template: 3,
    smuggling: 3,
    jailbreak_mode: 3,
    unrestricted: 3,
    refusal_suppression: 2.9,
    persona: 1,
    dual_response: 2,
    fiction: 2,
    format_control: 2,
    placeholder: 1,
    harmful_request: 2,
    addressed_to_ai: 4,
    response_manipulation: 4.7,
    tool_instruction: 2.5,
    exfiltration: 4,
    embedded_code: 4.1,
    length: 0.8,
    // Fitted at 1.5; lowered: e-mails and help articles address their reader as "you" all the time.
    second_person: 0.5,
    imperative: 0.4,
    similarity: 3.4,
    benign_similarity: -1.7,
    obfuscation: 2,
    off_task: 4.6,
    classifier: 5,
  }),
};

/** The model with the policy's overrides applied (`bias` and feature names). */
export function withOverrides(
  model: ScoringModel,
  overrides: Readonly<Record<string, number>>,
): ScoringModel {
  const merged = { ...model.weights };
  for (const name of FEATURE_NAMES) if (overrides[name] !== undefined) merged[name] = overrides[name];
  return { bias: overrides.bias ?? model.bias, weights: merged };
}

export function scoreFeatures(features: Features, model: ScoringModel): ScoredFeatures {
  let logit = model.bias;
  const contributions: Contribution[] = [];
  for (const feature of FEATURE_NAMES) {
    const value = model.weights[feature] * features[feature];
    logit += value;
    if (value > 0) contributions.push({ feature, value });
  }
  contributions.sort((left, right) => right.value - left.value);
  return { score: 1 / (1 + Math.exp(-logit)), contributions };
}

/** Severity of a finding from its score (thresholds in 0..1, highest first). */
export function severityFor(score: number): Severity {
  if (score >= 0.95) return 'high';
  if (score >= 0.75) return 'medium';
  return 'low';
}

const FAMILIES: ReadonlySet<string> = new Set(SIGNAL_FAMILIES);

/**
 * Jailbreak or prompt injection, by which kind of signal carried the score: rule families count for
 * their category; similarity counts for the category of the nearest exemplar; structure features
 * (long second-person rule books) count for jailbreak; obfuscation and the lexical model (which read
 * both kinds alike) count for neither.
 */
export function directCategory(
  contributions: readonly Contribution[],
  nearestCategory: string | undefined,
): 'jailbreak' | 'prompt_injection' {
  let jailbreak = 0;
  let injection = 0;
  for (const { feature, value } of contributions) {
    if (FAMILIES.has(feature)) {
      if (FAMILY_CATEGORY[feature as SignalFamily] === 'jailbreak') jailbreak += value;
      else injection += value;
    } else if (feature === 'similarity') {
      if (nearestCategory === 'jailbreak') jailbreak += value;
      else injection += value;
    } else if (feature !== 'obfuscation' && feature !== 'lexical') jailbreak += value * 0.5;
  }
  return injection >= jailbreak ? 'prompt_injection' : 'jailbreak';
}
