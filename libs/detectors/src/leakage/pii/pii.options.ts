import { type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { PII_ENTITIES } from './pii.recognizers';

/** `detectors.pii.options` in the policy. The values shown are the defaults. */
export const PiiOptionsSchema = z.strictObject({
  /** Presidio entities to report. */
  entities: z.array(z.enum(PII_ENTITIES)).default([...PII_ENTITIES]),
  /** Regions tried, in order, for phone numbers written without a country code (ISO 3166 alpha-2). */
  phone_regions: z
    .array(z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 region, e.g. US'))
    .default(['US', 'GB', 'DE', 'FR', 'NL', 'BE', 'CH', 'AT', 'ES', 'IT', 'SE', 'IE', 'CA', 'AU', 'IN']),
  /** Candidates below this confidence (after validation and context words) are dropped. */
  min_confidence: z.number().min(0).max(1).default(0.5),
  /** Segment fields scanned. */
  fields: z
    .array(z.enum(['input', 'output', 'system', 'retrieval', 'tool_call', 'tool_result']))
    .default(['input', 'output', 'tool_call', 'tool_result', 'retrieval']),
});

export type PiiOptions = {
  readonly entities: ReadonlySet<string>;
  readonly phoneRegions: readonly CountryCode[];
  readonly minConfidence: number;
  readonly fields: ReadonlySet<string>;
};

const cache = new WeakMap<object, PiiOptions>();

/** Options parsed once per resolved policy object (the loader already validated them). */
export function piiOptions(raw: Readonly<Record<string, unknown>>): PiiOptions {
  const cached = cache.get(raw);
  if (cached !== undefined) return cached;
  const parsed = PiiOptionsSchema.parse(raw);
  const options: PiiOptions = {
    entities: new Set(parsed.entities),
    phoneRegions: parsed.phone_regions as CountryCode[],
    minConfidence: parsed.min_confidence,
    fields: new Set(parsed.fields),
  };
  cache.set(raw, options);
  return options;
}
