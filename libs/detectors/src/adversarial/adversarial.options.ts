import { z } from 'zod';
import { type ResolvedDetectorSettings } from '../policy/detection-policy.schema';

/**
 * Policy `options` of the adversarial-input detectors (documented in deploy/policy/default-policy.yaml).
 * Every key is optional; caps bound the work one segment can cost whatever an attacker sends.
 */
export const UnicodeSmugglingOptionsSchema = z.strictObject({
  /** Unicode tag characters U+E0000–E007F outside emoji flag sequences ("ASCII smuggling"). */
  tag_characters: z.boolean().default(true),
  /** Runs of variation selectors that encode bytes. */
  variation_selectors: z.boolean().default(true),
  /** Bidi overrides, unbalanced embeddings/isolates, bidi controls in code (Trojan Source). */
  bidi_controls: z.boolean().default(true),
  /** Zero-width and other invisible characters splitting words or forming hidden runs. */
  invisible_characters: z.boolean().default(true),
  /** Words mixing Latin letters with Cyrillic/Greek/Armenian/Cherokee look-alikes. */
  mixed_script_words: z.boolean().default(true),
  /** Letters buried under long runs of combining marks ("Zalgo"). */
  combining_marks: z.boolean().default(true),
  /** Only the first this many characters of a segment are scanned. */
  max_scan_characters: z
    .number()
    .int()
    .min(1024)
    .max(1024 * 1024)
    .default(256 * 1024),
});

export const ENCODINGS = [
  'base64',
  'hex',
  'rot13',
  'reversed',
  'url',
  'html_entities',
  'quoted_printable',
  'regional_indicators',
] as const;
export type Encoding = (typeof ENCODINGS)[number];

export const EncodedPayloadOptionsSchema = z.strictObject({
  /** Encodings to look for and decode. */
  encodings: z.array(z.enum(ENCODINGS)).default([...ENCODINGS]),
  /** Nested encodings peeled at most this deep (base64 of hex of … text). */
  max_depth: z.number().int().min(1).max(4).default(3),
  /** Decoded candidates per segment (longest first). */
  max_candidates: z.number().int().min(1).max(32).default(8),
  /** A longer encoded run is decoded only up to this many characters. */
  max_candidate_characters: z
    .number()
    .int()
    .min(64)
    .max(256 * 1024)
    .default(64 * 1024),
  /** Shortest base64 or hex run considered (shorter ones are ids, colours, short tokens). */
  min_encoded_characters: z.number().int().min(16).max(1024).default(20),
  /**
   * Report decoded natural-language text even when the rescan found nothing in it (scored low; an
   * encoding used to smuggle text is itself a signal). URL encoding and quoted-printable, which carry
   * ordinary text every day, are only reported when the rescan finds something.
   */
  report_hidden_text: z.boolean().default(true),
});

export const AdversarialSuffixOptionsSchema = z.strictObject({
  /** Fewest tokens an anomalous run must have to be reported. */
  min_tokens: z.number().int().min(3).max(100).default(5),
  /** Fewest natural words the rest of the segment must have (the contrast that makes a suffix). */
  min_natural_words: z.number().int().min(0).max(100).default(4),
  /** Only this many characters are analysed: the first and last halves of a longer segment. */
  max_scan_characters: z
    .number()
    .int()
    .min(256)
    .max(256 * 1024)
    .default(16 * 1024),
});

export type UnicodeSmugglingOptions = z.output<typeof UnicodeSmugglingOptionsSchema>;
export type EncodedPayloadOptions = z.output<typeof EncodedPayloadOptionsSchema>;
export type AdversarialSuffixOptions = z.output<typeof AdversarialSuffixOptionsSchema>;

/** Per schema, per options object: the parsed value. */
const parsed = new WeakMap<z.ZodType, WeakMap<object, unknown>>();

/**
 * A detector's options from its resolved settings, parsed once per settings object (the pipeline
 * resolves settings once per app). The policy loader has already validated them; an invalid value
 * here throws, which the pipeline reports as a detector error.
 */
export function optionsOf<T extends z.ZodType>(schema: T, settings: ResolvedDetectorSettings): z.output<T> {
  let bySettings = parsed.get(schema);
  if (bySettings === undefined) parsed.set(schema, (bySettings = new WeakMap()));
  const cached = bySettings.get(settings.options);
  if (cached !== undefined) return cached as z.output<T>;
  const value = schema.parse(settings.options);
  bySettings.set(settings.options, value);
  return value;
}
