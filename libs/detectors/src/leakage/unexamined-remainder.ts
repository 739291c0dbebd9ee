import { type DetectorHit, type TextSegment } from '../detector';
import { directionOf, shiftSeverity } from './leakage-direction';

/** What a leakage detector that reports values one by one says about the rest of a text it gave up on. */
export type RemainderKind = {
  /** `pii`, `secret`. */
  readonly detector: string;
  readonly category: 'pii' | 'secret';
  /** Finding entity; storage masks the span with its redaction label (`[PII_BULK]`, `[SECRET:bulk]`). */
  readonly entity: string;
  /** As evidence shows it: `PII_BULK`, `SECRET:bulk`. */
  readonly label: string;
  /** "personal data", "credentials". */
  readonly noun: string;
  readonly maxReported: number;
  readonly maxScanCharacters: number;
};

/**
 * Fail closed: the text of `segment` from `from` on was not examined or not reported value by value (a
 * dump of values, a text over the scan window). One finding covers it, and storage masks its span
 * wholesale rather than store values nobody looked at. Many values in one text are a bulk disclosure
 * (an export, a dump): one severity step above a single value; a text merely too long to scan is low.
 */
export function unexaminedRemainder(
  kind: RemainderKind,
  segment: TextSegment,
  from: number,
  found: number,
): DetectorHit {
  const direction = directionOf(segment.location.field);
  const characters = segment.text.length - from;
  const bulk = found >= kind.maxReported;
  return {
    rule_id: `${kind.detector}.unexamined_remainder`,
    category: kind.category,
    severity: bulk ? shiftSeverity(direction.severity, 1) : 'low',
    score: bulk ? Math.min(1, direction.score + 0.05) : 0.3,
    confidence: 0.5,
    location: { ...segment.location, start: from, end: segment.text.length },
    entity: kind.entity,
    evidence: `[${kind.label}: ${characters} characters]`,
    message:
      `${bulk ? `Bulk ${kind.noun}` : `Text not examined for ${kind.noun}`} in ${direction.where}: ` +
      `${found} values found before the limits of one text (${kind.maxReported} values reported, ` +
      `${kind.maxScanCharacters} characters scanned); the remaining ${characters} characters from offset ` +
      `${from} are masked wholesale before storage.`,
    attributes: { values_found: found, unexamined_characters: characters },
  };
}
