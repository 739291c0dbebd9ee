import { z } from 'zod';

/** `detectors.output_exfiltration.options` in the policy. The values shown are the defaults. */
export const OutputExfiltrationOptionsSchema = z.strictObject({
  /** Hosts the app's answers may link to; a listed host also allows its subdomains. */
  allowed_domains: z.array(z.string().min(1)).default([]),
  /** A query string at least this long (decoded) carries data. */
  min_query_characters: z.number().int().min(4).max(4096).default(24),
  /** A path segment at least this long and mixing letters and digits carries data. */
  min_path_segment_characters: z.number().int().min(8).max(4096).default(32),
  /** Segment fields scanned: answers the user's client renders. */
  fields: z.array(z.enum(['output', 'tool_call'])).default(['output']),
});

export type OutputExfiltrationOptions = z.output<typeof OutputExfiltrationOptionsSchema>;

const cache = new WeakMap<object, OutputExfiltrationOptions>();

export function outputExfiltrationOptions(raw: Readonly<Record<string, unknown>>): OutputExfiltrationOptions {
  const cached = cache.get(raw);
  if (cached !== undefined) return cached;
  const parsed = OutputExfiltrationOptionsSchema.parse(raw);
  cache.set(raw, parsed);
  return parsed;
}
