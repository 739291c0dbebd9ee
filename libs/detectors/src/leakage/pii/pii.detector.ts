import { type Severity } from '@argus/contracts';
import { type Detector, type DetectorContext, type DetectorHit, type TextSegment } from '../../detector';
import { evidenceWindow, hideSensitiveContext } from '../../redaction';
import { directionOf, shiftSeverity } from '../leakage-direction';
import { type RemainderKind, unexaminedRemainder } from '../unexamined-remainder';
import { recognisedEntities } from '../../models/segment-models';
import { piiOptions } from './pii.options';
import { recognize, UNCOVERED_ENTITIES, type PiiCandidate, type PiiEntity } from './pii.recognizers';

export const PII_DETECTOR_ID = 'pii';

const MAX_SCAN_CHARACTERS = 262_144;
const MAX_HITS_PER_SEGMENT = 50;

/** Financial and government identifiers weigh more than contact details. */
const WEIGHT: Readonly<Record<PiiEntity, number>> = {
  CREDIT_CARD: 1,
  IBAN_CODE: 1,
  US_SSN: 1,
  UK_NINO: 1,
  CRYPTO: 0,
  PHONE_NUMBER: 0,
  EMAIL_ADDRESS: 0,
  DATE_TIME: 0,
  IP_ADDRESS: -1,
  MAC_ADDRESS: -1,
};

/**
 * Personal data (OWASP LLM02, ATLAS AML.T0057) with Presidio's entity names: candidates by pattern,
 * validated (Luhn, ISO 13616 mod-97, SSA rules, Base58Check/bech32, libphonenumber) and scored with
 * context words. PERSON and LOCATION need a token-classification model (`NER_MODEL_PATH`, run before
 * detection, see models/segment-models.ts); without one they are not reported and every finding lists
 * them under `not_covered`, so nobody mistakes silence for absence.
 */
export function createPiiDetector(): Detector {
  return {
    id: PII_DETECTOR_ID,
    version: '1.1.0',
    // Its findings drive redaction before storage, and the history is stored again with every turn.
    scansHistory: true,
    description:
      'Personal data (cards, IBAN, SSN, NINO, phones, e-mails, IPs, MACs, wallets, dates of birth); PERSON/LOCATION not covered.',
    detectSegment(segment: TextSegment, context: DetectorContext): DetectorHit[] {
      const options = piiOptions(context.settings.options);
      if (!options.fields.has(segment.location.field)) return [];
      const text =
        segment.text.length > MAX_SCAN_CHARACTERS ? segment.text.slice(0, MAX_SCAN_CHARACTERS) : segment.text;
      const recognized = recognize(text, options.entities as ReadonlySet<PiiEntity>, options);
      const patterned: Candidate[] = recognized.candidates;
      const recogniser = context.signals?.recognizer;
      const modelled: Candidate[] = (recognisedEntities(context.signals, segment) ?? [])
        .filter((span) => span.end <= text.length)
        .map((span) => ({ ...span, confidence: span.score, model: recogniser!.id }));
      const candidates = withoutOverlaps([...patterned, ...modelled]).filter(
        (candidate) => candidate.confidence >= options.minConfidence,
      );
      const uncovered = UNCOVERED_ENTITIES.filter((entity) => !recogniser?.entities.includes(entity));
      const reported = candidates.slice(0, MAX_HITS_PER_SEGMENT);
      const hits = reported.map((candidate) => toHit(text, segment, candidate, candidates, uncovered));
      // Fail closed (see unexaminedRemainder): past what was examined or reported, mask the rest.
      const unexamined = Math.min(
        candidates.length > MAX_HITS_PER_SEGMENT ? reported[MAX_HITS_PER_SEGMENT - 1].end : Infinity,
        recognized.unscannedFrom ?? Infinity,
        segment.text.length > MAX_SCAN_CHARACTERS ? MAX_SCAN_CHARACTERS : Infinity,
      );
      if (unexamined < segment.text.length)
        hits.push(unexaminedRemainder(REMAINDER, segment, unexamined, candidates.length));
      return hits;
    },
  };
}

/** Entity (and redaction label) of the unexamined remainder of a text holding too many values. */
export const PII_BULK_ENTITY = 'PII_BULK';

const REMAINDER: RemainderKind = {
  detector: PII_DETECTOR_ID,
  category: 'pii',
  entity: PII_BULK_ENTITY,
  label: PII_BULK_ENTITY,
  noun: 'personal data',
  maxReported: MAX_HITS_PER_SEGMENT,
  maxScanCharacters: MAX_SCAN_CHARACTERS,
};

/** A pattern candidate, or an entity a recogniser model found (PERSON, LOCATION, …). */
type Candidate =
  | (PiiCandidate & { model?: undefined })
  | { entity: string; start: number; end: number; confidence: number; detail?: undefined; model: string };

/** Names and places weigh like contact details; other model entities like the least sensitive. */
function weightOf(entity: string): number {
  if (entity in WEIGHT) return WEIGHT[entity as PiiEntity];
  return entity === 'PERSON' || entity === 'LOCATION' ? 0 : -1;
}

/** In start order; a model span overlapping a pattern candidate yields to it (checked values win). */
function withoutOverlaps(candidates: Candidate[]): Candidate[] {
  const sorted = [...candidates].sort((left, right) => left.start - right.start || left.end - right.end);
  // Pattern candidates are all kept, as before models existed (each one is masked before storage, even
  // when two overlap); a model span is dropped when it overlaps a pattern candidate or an earlier span.
  const patterns = sorted.filter((candidate) => candidate.model === undefined);
  const kept: Candidate[] = [...patterns];
  let next = 0;
  let lastModelEnd = -1;
  for (const span of sorted) {
    if (span.model === undefined) continue;
    while (next < patterns.length && patterns[next].end <= span.start) next++;
    const overlapsPattern = next < patterns.length && patterns[next].start < span.end;
    if (overlapsPattern || span.start < lastModelEnd) continue;
    kept.push(span);
    lastModelEnd = span.end;
  }
  return kept.sort((left, right) => left.start - right.start || left.end - right.end);
}

function toHit(
  text: string,
  segment: TextSegment,
  candidate: Candidate,
  all: readonly Candidate[],
  uncovered: readonly string[],
): DetectorHit {
  const direction = directionOf(segment.location.field);
  const weight = weightOf(candidate.entity);
  const severity: Severity = shiftSeverity(direction.severity, weight);
  const value = text.slice(candidate.start, candidate.end);
  return {
    rule_id: `${PII_DETECTOR_ID}.${candidate.entity.toLowerCase()}`,
    category: 'pii',
    severity,
    score: Math.max(0, Math.min(1, direction.score + weight * 0.05)),
    confidence: candidate.confidence,
    location: { ...segment.location, start: candidate.start, end: candidate.end },
    entity: candidate.entity,
    evidence: redactedSnippet(text, candidate, all),
    message: `${label(candidate)} (${hint(candidate.entity, value)}) in ${direction.where}.`,
    attributes: {
      ...(candidate.detail !== undefined ? { detail: candidate.detail } : {}),
      ...(candidate.model !== undefined ? { model: candidate.model } : {}),
      ...(uncovered.length > 0 ? { not_covered: uncovered.join(',') } : {}),
    },
  };
}

function label(candidate: Candidate): string {
  const detail = candidate.detail !== undefined ? ` ${candidate.detail}` : '';
  return `${candidate.entity}${detail}`;
}

/** A few characters that help an analyst without identifying anyone: last 4 digits, mail domain. */
function hint(entity: string, value: string): string {
  const alphanumeric = value.replace(/[^A-Za-z0-9]/g, '');
  switch (entity) {
    case 'CREDIT_CARD':
    case 'IBAN_CODE':
      return `ending ${alphanumeric.slice(-4)}, ${alphanumeric.length} characters`;
    case 'EMAIL_ADDRESS':
      return `at ${value.slice(value.indexOf('@') + 1)}`;
    case 'US_SSN':
    case 'UK_NINO':
    case 'PHONE_NUMBER':
    case 'CRYPTO':
    case 'IP_ADDRESS':
    case 'MAC_ADDRESS':
    case 'DATE_TIME':
      return `${alphanumeric.length} characters`;
    default:
      // Names and places (model entities): nothing about the value, it would identify someone.
      return `${value.length} characters, found by a model`;
  }
}

/** Context around the value with every candidate in range masked and any other digit run hidden. */
function redactedSnippet(text: string, candidate: Candidate, all: readonly Candidate[]): string {
  const { from, to } = evidenceWindow(text, candidate.start, candidate.end, 20);
  let masked = '';
  let position = from;
  for (const other of all) {
    if (other.end <= from || other.start >= to) continue;
    masked += hideSensitiveContext(text.slice(position, Math.max(position, other.start)));
    masked += `[${other.entity}]`;
    position = Math.max(position, other.end);
  }
  masked += hideSensitiveContext(text.slice(position, to));
  return `${from > 0 ? '…' : ''}${masked.replace(/\s+/g, ' ')}${to < text.length ? '…' : ''}`;
}
