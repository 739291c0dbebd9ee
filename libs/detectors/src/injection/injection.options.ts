import { z } from 'zod';
import { type SegmentField } from '../detector';
import { DetectorsError } from '../detectors.error';
import { FEATURE_NAMES } from './injection.analyser';
import { DEFAULT_MAX_SCAN_CHARACTERS } from './scan-pieces';

export { DEFAULT_MAX_SCAN_CHARACTERS };

const WEIGHT_KEYS = ['bias', ...FEATURE_NAMES] as const;

const SCANNABLE_FIELDS = ['input', 'output', 'retrieval', 'tool_result', 'tool_call'] as const;

/**
 * `options` of the `injection` and `indirect_injection` detectors in the detection policy. Everything
 * is optional; defaults are documented in deploy/policy/default-policy.yaml.
 */
export const InjectionOptionsSchema = z.strictObject({
  /** Findings are reported from this score up (0..1). */
  threshold: z.number().min(0).max(1).optional(),
  /** Segment fields scanned (the system prompt is never scanned). */
  fields: z.array(z.enum(SCANNABLE_FIELDS)).min(1).optional(),
  /** Characters scanned per segment: ¾ from the start and ¼ from the end of a longer text. */
  max_scan_chars: z.number().int().min(256).max(1_048_576).optional(),
  /** Similarity to the shipped corpus of known attacks (embedding port). */
  similarity: z.boolean().optional(),
  /**
   * `indirect_injection` only: also scan a document the user pasted into their message ("Summarise this
   * e-mail: …") as a document. Default true.
   */
  pasted_documents: z.boolean().optional(),
  /** `injection` only: score user input with the shipped lexical model (feature `lexical`). Default true. */
  lexical_model: z.boolean().optional(),
  /** Overrides of the scoring model: `bias` and any feature weight (see injection.model.ts). */
  weights: z.partialRecord(z.enum(WEIGHT_KEYS), z.number().min(-50).max(50)).optional(),
});

export type InjectionOptions = {
  readonly threshold: number;
  readonly fields: ReadonlySet<SegmentField>;
  readonly maxScanCharacters: number;
  readonly similarity: boolean;
  readonly pastedDocuments: boolean;
  readonly lexicalModel: boolean;
  readonly weights: Readonly<Record<string, number>>;
};

export type InjectionOptionDefaults = { threshold: number; fields: readonly SegmentField[] };

/** Parsed options per settings object: the pipeline resolves settings once per app and reuses them. */
const cache = new WeakMap<object, InjectionOptions>();

export function injectionOptions(
  detectorId: string,
  raw: Readonly<Record<string, unknown>>,
  defaults: InjectionOptionDefaults,
): InjectionOptions {
  const cached = cache.get(raw);
  if (cached !== undefined) return cached;
  const parsed = InjectionOptionsSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${['options', ...issue.path.map(String)].join('.')}: ${issue.message}`)
      .join('; ');
    throw new DetectorsError('invalid_detector_options', `detector ${detectorId}: ${problems}`);
  }
  const options: InjectionOptions = {
    threshold: parsed.data.threshold ?? defaults.threshold,
    fields: new Set(parsed.data.fields ?? defaults.fields),
    maxScanCharacters: parsed.data.max_scan_chars ?? DEFAULT_MAX_SCAN_CHARACTERS,
    similarity: parsed.data.similarity ?? true,
    pastedDocuments: parsed.data.pasted_documents ?? true,
    lexicalModel: parsed.data.lexical_model ?? true,
    weights: parsed.data.weights ?? {},
  };
  cache.set(raw, options);
  return options;
}
