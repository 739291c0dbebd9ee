import type { Migration } from './migration.type';

/**
 * Alert grouping (issue 6): the state of each alert group (count, first/last seen, capped ids, the alert
 * it opened with) as of the last batch that touched it, written with that batch's alerts and before its
 * offsets are committed. Start-up rebuilds open groups from it, so the count a summary reports survives a
 * restart. One row per group: the latest `updated_at` wins; `closed = 1` once the summary is recorded.
 * Rows are only needed while a window is open: they expire a week after the window ends.
 */
export const alertGroupsMigration: Migration = {
  version: 5,
  name: 'alert_groups',
  sql: `
CREATE TABLE IF NOT EXISTS alert_groups
(
    group_id String,
    dedup_key String,
    tenant_id LowCardinality(String),
    window_end DateTime64(3, 'UTC'),
    closed UInt8,
    updated_at DateTime64(3, 'UTC'),
    state String CODEC(ZSTD(3))
)
ENGINE = ReplacingMergeTree(updated_at)
ORDER BY group_id
TTL toDateTime(window_end) + INTERVAL 7 DAY;
`,
};
