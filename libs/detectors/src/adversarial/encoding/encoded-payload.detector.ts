import { type Severity } from '@argus/contracts';
import {
  type DerivedSegment,
  type Detector,
  type DetectorContext,
  type DetectorHit,
  type RescanHit,
  type TextSegment,
} from '../../detector';
import { SEVERITY_WEIGHTS } from '../../risk-score';
import { quoteHidden, roundScore, severityFromScore } from '../adversarial-evidence';
import {
  ENCODINGS,
  type Encoding,
  type EncodedPayloadOptions,
  EncodedPayloadOptionsSchema,
  optionsOf,
} from '../adversarial.options';
import { looksLikeInstructions, naturalLanguage } from '../natural-text';
import { type CandidateLimits, findDecodedCandidates } from './encoded-candidates';

export const ENCODED_PAYLOAD_DETECTOR_ID = 'encoded_payload';

/** Characters of a segment searched for encoded spans (the part size limit of the schema). */
const MAX_SCAN_CHARACTERS = 256 * 1024;

/**
 * Encodings that carry ordinary text every day (query strings, e-mail bodies): decoded prose there is
 * no signal by itself, only what the rescan finds in it.
 */
const ENCODING_NAMES: ReadonlySet<string> = new Set(ENCODINGS);

const EVERYDAY_ENCODINGS: ReadonlySet<string> = new Set<Encoding>(['url', 'quoted_printable']);

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  base64: 'base64',
  hex: 'hexadecimal',
  rot13: 'ROT13',
  reversed: 'reversed text',
  url: 'URL encoding',
  html_entities: 'HTML character references',
  quoted_printable: 'quoted-printable',
  regional_indicators: 'regional-indicator letters (🇭🇴🇼)',
  unicode_tags: 'Unicode tag characters',
  variation_selectors: 'variation selectors',
  zero_width_binary: 'zero-width binary',
};

/**
 * Payloads hidden in base64, hex, ROT13, URL encoding, HTML character references or quoted-printable
 * (OWASP LLM01, ATLAS AML.T0068). Decodes them, within bounds, and hands the decoded text to the
 * pipeline, which scans it with every detector (`deriveSegments`); then reports the encoding itself
 * (`reviewDerived`): scored high when the rescan found something in it, low when it only hid
 * natural-language text, not at all for ordinary encoded data (images, hashes, keys, tokens, ids).
 */
export function createEncodedPayloadDetector(): Detector {
  const limitsCache = new WeakMap<EncodedPayloadOptions, CandidateLimits>();
  const limitsOf = (options: EncodedPayloadOptions): CandidateLimits => {
    let limits = limitsCache.get(options);
    if (limits === undefined) {
      limits = {
        encodings: new Set(options.encodings),
        maxCandidates: options.max_candidates,
        maxCandidateCharacters: options.max_candidate_characters,
        minEncodedCharacters: options.min_encoded_characters,
        maxScanCharacters: MAX_SCAN_CHARACTERS,
      };
      limitsCache.set(options, limits);
    }
    return limits;
  };

  return {
    id: ENCODED_PAYLOAD_DETECTOR_ID,
    version: '1.0.0',
    description:
      'Text hidden in base64, hex, ROT13, URL encoding, HTML entities, quoted-printable or regional-indicator ' +
      'letters: decoded (bounded ' +
      'depth and size), rescanned by every detector, reported by what it hid.',
    deriveSegments(segment: TextSegment, context: DetectorContext): DerivedSegment[] {
      const options = optionsOf(EncodedPayloadOptionsSchema, context.settings);
      if ((segment.derivation?.chain.length ?? 0) >= options.max_depth) return [];
      return findDecodedCandidates(segment.text, limitsOf(options)).map(({ text, start, end, encoding }) => ({
        text,
        start,
        end,
        encoding,
      }));
    },
    reviewDerived(
      segment: TextSegment,
      rescan: readonly RescanHit[],
      context: DetectorContext,
    ): DetectorHit[] {
      const derivation = segment.derivation;
      if (derivation === undefined || derivation.detector !== ENCODED_PAYLOAD_DETECTOR_ID) return [];
      const options = optionsOf(EncodedPayloadOptionsSchema, context.settings);
      const hit = review(segment, rescan, options, limitsOf(options));
      return hit === undefined ? [] : [hit];
    },
  };
}

function review(
  segment: TextSegment,
  rescan: readonly RescanHit[],
  options: EncodedPayloadOptions,
  limits: CandidateLimits,
): DetectorHit | undefined {
  const chain = segment.derivation!.chain;
  // Named after the first encoding this detector peeled, so every level of one span gets the same
  // finding id and only the deepest (reviewed first) is kept.
  const outermost = chain.find((step) => ENCODING_NAMES.has(step)) ?? chain[0];
  const innermost = chain[chain.length - 1];
  const described = chain.map((step) => DESCRIPTIONS[step] ?? step).join(' inside ');
  const text = segment.text;
  const base = {
    rule_id: `${ENCODED_PAYLOAD_DETECTOR_ID}.${outermost}`,
    category: 'adversarial_input' as const,
    location: { ...segment.location, start: 0, end: text.length },
    evidence: `${chain.join(' → ')} → ${quoteHidden(text)}`,
  };
  const others = rescan.filter((found) => found.detector !== ENCODED_PAYLOAD_DETECTOR_ID);
  if (others.length > 0) {
    // What the rescan flagged (a canary, a secret) must not reach the evidence: no decoded text here.
    base.evidence = `${chain.join(' → ')} → ${text.length} decoded characters holding ${[
      ...new Set(others.map(({ hit }) => hit.rule_id)),
    ]
      .slice(0, 3)
      .join(', ')}`;
    // What the rescan found decides how bad the hiding was: a canary or an injection hidden in an
    // encoding is that finding plus the intent to evade.
    let strongest = 0;
    for (const { hit } of others) strongest = Math.max(strongest, hit.score * SEVERITY_WEIGHTS[hit.severity]);
    // Capped below critical: the rescan finding itself carries the full severity.
    const score = roundScore(0.65 + 0.24 * strongest);
    const found = summarise(others);
    return {
      ...base,
      severity: severityFromScore(score),
      score,
      confidence: 0.9,
      message:
        `Content hidden in ${described} (${text.length} decoded characters) holds what other detectors ` +
        `flag: ${found}. Encoding it looks like an attempt to get it past filters and reviewers.`,
      attributes: { encoding: innermost, rescan_findings: others.length },
    };
  }
  if (chain.length >= options.max_depth) {
    const deeper = findDecodedCandidates(text, { ...limits, maxCandidates: 1 });
    if (deeper.length > 0 && deeper[0].end - deeper[0].start >= text.length / 2) {
      return {
        ...base,
        severity: severityFromScore(0.55),
        score: 0.55,
        confidence: 0.7,
        message:
          `Content is still ${DESCRIPTIONS[deeper[0].encoding] ?? deeper[0].encoding} after ${chain.length} ` +
          `layers of decoding (${described}): nesting beyond the decoding limit hides what it carries.`,
        attributes: { encoding: innermost, nesting_beyond_limit: true },
      };
    }
  }
  if (!options.report_hidden_text || EVERYDAY_ENCODINGS.has(innermost)) return undefined;
  const language = naturalLanguage(text);
  if (!language.natural) return undefined;
  const instructions = looksLikeInstructions(text);
  const score = instructions ? 0.5 : 0.3;
  return {
    ...base,
    severity: severityFromScore(score),
    score,
    confidence: instructions ? 0.7 : 0.5,
    message:
      `Natural-language text hidden in ${described} (${text.length} decoded characters, ` +
      `${language.bitsPerCharacter.toFixed(1)} bits/char)` +
      (instructions ? ' that reads as instructions (imperatives or second person)' : '') +
      ': an encoding used to smuggle text; the rescan found nothing else in it.',
    attributes: { encoding: innermost, looks_like_instructions: instructions },
  };
}

function summarise(found: readonly RescanHit[]): string {
  const byRule = new Map<string, { category: string; severity: Severity; count: number }>();
  for (const { hit } of found) {
    const entry = byRule.get(hit.rule_id);
    if (entry === undefined)
      byRule.set(hit.rule_id, { category: hit.category, severity: hit.severity, count: 1 });
    else entry.count++;
  }
  return [...byRule.entries()]
    .slice(0, 4)
    .map(
      ([rule, { category, severity, count }]) =>
        `${rule} (${category}, ${severity}${count > 1 ? `, ×${count}` : ''})`,
    )
    .join(', ');
}
