import type { Migration } from './migration.type';

/**
 * Protected documents kept in ClickHouse (the `protected_document` detector's `collections`): one row per
 * (collection, document_id) version; the newest `updated_at` wins at merge time and in `FINAL` reads, and
 * `deleted = 1` retires a document. No TTL: a registry, not telemetry. Texts are the documents' own
 * words (they must be, to recognise copies of them), so access to this table is the operators'.
 */
export const protectedDocumentsMigration: Migration = {
  version: 6,
  name: 'protected_documents',
  sql: `
CREATE TABLE IF NOT EXISTS protected_documents (
  collection LowCardinality(String),
  document_id String,
  title String DEFAULT '',
  text String CODEC(ZSTD(3)),
  updated_at DateTime64(3, 'UTC') DEFAULT now64(3),
  deleted UInt8 DEFAULT 0
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY (collection, document_id)`,
};
