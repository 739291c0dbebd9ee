import { z } from 'zod';

/**
 * What Argus stores of each text field (ClickHouse `events`, `findings`, the findings topic), applied
 * by apps/ingest before anything is written. Spans are those of pii and secret findings and of canary
 * tokens; other text is kept as is.
 * - `keep`: store the text unchanged.
 * - `mask`: replace each detected span with its entity, `[CREDIT_CARD]`, `[SECRET:github_pat]`.
 * - `hmac`: replace it with a keyed digest, `[CREDIT_CARD:hmac:<12 hex>]`, so equal values can be
 *   correlated without being stored (key: ARGUS_REDACTION_HMAC_KEY, required once any field uses it).
 * - `drop`: store no text for the field at all.
 */
export const STORAGE_FIELDS = ['system', 'input', 'output', 'retrieval', 'tool_call', 'tool_result'] as const;
export const STORAGE_ACTIONS = ['keep', 'mask', 'hmac', 'drop'] as const;
export type StorageField = (typeof STORAGE_FIELDS)[number];
export type StorageAction = (typeof STORAGE_ACTIONS)[number];

const Action = z.enum(STORAGE_ACTIONS);

/** Per-field actions; at every level only what is set overrides (unset fields default to `mask`). */
export const StoragePolicySchema = z.strictObject({
  system: Action.optional(),
  input: Action.optional(),
  output: Action.optional(),
  retrieval: Action.optional(),
  tool_call: Action.optional(),
  tool_result: Action.optional(),
});

export type StoragePolicyOverrides = z.output<typeof StoragePolicySchema>;
export type StoragePolicy = Readonly<Record<StorageField, StorageAction>>;
