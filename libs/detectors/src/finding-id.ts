import { createHash } from 'node:crypto';
import { type FindingLocationShape } from '@argus/contracts';

/**
 * Deterministic finding id (ARCHITECTURE.md §3): the first 32 hex characters (128 bits) of
 * sha256(`event_id|detector|rule_id|canonical JSON of location`). A replayed event gets the same ids,
 * so ClickHouse's ReplacingMergeTree and the alerter's dedup see one finding, not two.
 */
export function findingId(
  eventId: string,
  detector: string,
  ruleId: string,
  location: FindingLocationShape,
): string {
  return createHash('sha256')
    .update(`${eventId}|${detector}|${ruleId}|${canonicalJson(location)}`)
    .digest('hex')
    .slice(0, 32);
}

/** JSON with object keys sorted and undefined members left out, so equal values give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}
