import { z } from 'zod';

/** `detectors.protected_document.options` in the policy. The values shown are the defaults. */
export const ProtectedDocumentOptionsSchema = z.strictObject({
  /**
   * Protected documents: directories of `.txt`/`.md` files (one document each, id = path relative to
   * the directory without extension, title = first Markdown heading or first line) and/or JSONL files
   * of `{document_id, title?, text}`. Relative paths are relative to the policy file's directory.
   */
  paths: z.array(z.string().min(1)).default([]),
  /**
   * Collections of the ClickHouse `protected_documents` table (rows `collection, document_id, title,
   * text`), loaded by apps/ingest at start-up and refreshed (PROTECTED_DOCUMENTS_REFRESH_MS). Offline
   * tools (`bin/argus detect`) cannot read them and say so.
   */
  collections: z
    .array(z.string().regex(/^[A-Za-z0-9][\w.-]{0,127}$/, 'a collection name: letters, digits, . _ -'))
    .default([]),
  /** A copied run of this many words (or more) of a document is always reported. */
  min_words: z.number().int().min(8).max(2000).default(50),
  /** Segment fields compared with the documents. */
  fields: z.array(z.enum(['output', 'tool_call'])).default(['output', 'tool_call']),
  /**
   * A fingerprint kept by more than max(`boilerplate_min_documents`, `boilerplate_share` × documents)
   * documents is shared boilerplate (disclaimers, headers) and is ignored.
   */
  boilerplate_share: z.number().min(0).max(1).default(0.01),
  boilerplate_min_documents: z.number().int().min(1).default(5),
  /** Copies of at least this share of a document are critical. */
  critical_share: z.number().min(0).max(1).default(0.5),
  /** Words of a segment scanned (the first ones): bounds the work on huge outputs. */
  max_scan_words: z.number().int().min(100).max(1_000_000).default(20_000),
});

export type ProtectedDocumentOptions = z.output<typeof ProtectedDocumentOptionsSchema>;

const cache = new WeakMap<object, ProtectedDocumentOptions>();

export function protectedDocumentOptions(raw: Readonly<Record<string, unknown>>): ProtectedDocumentOptions {
  const cached = cache.get(raw);
  if (cached !== undefined) return cached;
  const parsed = ProtectedDocumentOptionsSchema.parse(raw);
  cache.set(raw, parsed);
  return parsed;
}
