import type { Migration } from './migration.type';

/**
 * Data-subject erasure (GDPR Art. 17; docs/erasure.md).
 *
 * `erasure_requests`: the audit trail. One row per request once merged (the latest `updated_at` wins;
 * read with FINAL). It must prove that an erasure happened without identifying the person again, so it
 * never holds the subject's id: `subject_hmac` is HMAC-SHA256 under ERASURE_HMAC_SECRET of the kind,
 * tenant and id, and `subject_key_id` names the key it was made with. Whoever holds the key and the id
 * (the DPO answering an auditor) can find the row; the table alone cannot be reversed, unlike a plain
 * SHA-256 of a short or guessable id. Row counts per erasure step (table or redaction) before and after.
 * No TTL: it is the evidence, kept as long as the record-keeping policy says.
 *
 * `erasure_staging`: while a request runs, and only then, the subject's id (`kind` = subject) and the ids
 * of their rows (event, finding, alert, …), staged under the run's key (`request_id` holds
 * `<request id>/<run id>`: runs of the same request never share rows). The erasure mutations read them from
 * here instead of carrying ids as literals, because ClickHouse keeps the text of finished mutations
 * (system.mutations, `finished_mutations_to_keep`) with query parameters substituted: a literal id would
 * outlive the erasure there. Staging the derived ids first also gives every step the same snapshot and
 * keeps each mutation's subqueries one level deep. The rows are deleted at the end of every run; the
 * TTL is a safety net for a run whose process died.
 */
export const erasureMigration: Migration = {
  version: 8,
  name: 'erasure',
  sql: `
CREATE TABLE IF NOT EXISTS erasure_requests
(
    request_id String,
    tenant_id String,
    subject_kind LowCardinality(String),
    subject_hmac String,
    subject_key_id LowCardinality(String),
    origin LowCardinality(String),
    status LowCardinality(String),
    attempts UInt16,
    requested_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    completed_at Nullable(DateTime64(3, 'UTC')),
    rows_before Map(String, UInt64),
    rows_after Map(String, UInt64),
    error String
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY request_id;

CREATE TABLE IF NOT EXISTS erasure_staging
(
    request_id String,
    kind LowCardinality(String),
    value String,
    staged_at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY (request_id, kind, value)
TTL toDateTime(staged_at) + INTERVAL 1 DAY
`,
};
