import { type FeatureName, type InjectionAnalysis } from './injection.analyser';
import { type Contribution } from './injection.model';
import { FAMILY_LABEL, SIGNAL_FAMILIES, type SignalFamily } from './rules/rule';

/** Contributions smaller than this (in log-odds) are not worth naming. */
const MIN_NAMED_CONTRIBUTION = 0.4;
const MAX_NAMED_SIGNALS = 5;
const MAX_QUOTE = 48;
/** Structure features named only from this value (length: about 1,000 characters). */
const NOTABLE = 0.75;

const STRUCTURE_LABEL: Readonly<Partial<Record<FeatureName, string>>> = {
  length: 'long text',
  second_person: 'addressed to the model in the second person',
  imperative: 'mostly imperative sentences',
  directives: 'many always/never/must directives',
  rule_list: 'numbered rule list',
  ai_meta: "talks about the model's own rules and policies",
  transgressive: 'transgressive vocabulary (amoral, uncensored, illegal, …)',
  scaffold: 'template slots like [INPUT] or #PERSONA',
  similarity_high: 'very close to a known attack',
  obfuscation: 'found only after undoing leetspeak or letter spacing',
  off_task: 'an instruction or question unrelated to the document',
};

const FAMILIES: ReadonlySet<string> = new Set(SIGNAL_FAMILIES);

/**
 * The signals behind a score, strongest first, for an analyst: rule families with the phrase that
 * matched (quoted, shortened), similarity with the nearest attack family, structural features.
 */
export function describeSignals(
  contributions: readonly Contribution[],
  analysis: InjectionAnalysis,
  text: string,
): { text: string; families: string[] } {
  const parts: string[] = [];
  const families: string[] = [];
  for (const { feature, value } of contributions) {
    if (value < MIN_NAMED_CONTRIBUTION || parts.length >= MAX_NAMED_SIGNALS) break;
    // Every text has some length and some imperative: name them only when they stand out.
    if ((feature === 'length' || feature === 'imperative') && analysis.features[feature] < NOTABLE) continue;
    families.push(feature);
    if (FAMILIES.has(feature)) {
      const hit = analysis.hits.find((candidate) => candidate.rule.family === feature);
      const quote = hit === undefined ? '' : ` ("${shorten(text.slice(hit.start, hit.end))}")`;
      parts.push(`${FAMILY_LABEL[feature as SignalFamily]}${quote}`);
    } else if (feature === 'lexical') {
      parts.push('worded like known attacks (lexical model)');
    } else if (feature === 'classifier') {
      parts.push(`text classifier (${analysis.features.classifier.toFixed(2)})`);
    } else if (feature === 'similarity' && analysis.nearest !== undefined) {
      const { exemplar, similarity } = analysis.nearest;
      parts.push(`similar to known ${exemplar.family.replace(/_/g, ' ')} attacks (${similarity.toFixed(2)})`);
    } else {
      parts.push(STRUCTURE_LABEL[feature] ?? feature);
    }
  }
  return { text: parts.length > 0 ? `signals: ${parts.join('; ')}` : 'several weak signals', families };
}

function shorten(phrase: string): string {
  const collapsed = phrase.replace(/\s+/g, ' ').trim();
  return collapsed.length > MAX_QUOTE ? `${collapsed.slice(0, MAX_QUOTE - 1)}…` : collapsed;
}
