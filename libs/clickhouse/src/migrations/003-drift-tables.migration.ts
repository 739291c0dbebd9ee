import type { Migration } from './migration.type';

/**
 * Embedding drift (issue 5).
 *
 * `drift_scores`: one row per (tenant, app, model, field, current window) and analyzer run. The sort
 * key ends with the window start, so re-running the same window (a restart, a second analyzer) replaces
 * the row (latest `computed_at` wins) instead of adding one. Retention follows findings' default.
 *
 * `drift_references`: the reference centroid of each series, refreshed by the analyzer, read (and
 * cached) by ingest to score each event's distance to it. One row per series and embedder.
 *
 * `events`: per-field outlier scores (distance to the reference centroid over the reference's median
 * distance; NULL when no reference existed yet or no vector was computed).
 */
export const driftTablesMigration: Migration = {
  version: 3,
  name: 'drift_tables',
  sql: `
CREATE TABLE IF NOT EXISTS drift_scores
(
    tenant_id LowCardinality(String),
    app_id LowCardinality(String),
    model LowCardinality(String),
    field LowCardinality(String),
    window_start DateTime64(3, 'UTC'),
    window_end DateTime64(3, 'UTC'),
    reference_kind LowCardinality(String),
    reference_start DateTime64(3, 'UTC'),
    reference_end DateTime64(3, 'UTC'),
    n_reference UInt32,
    n_current UInt32,
    statistic Float64,
    p_value Float64,
    p_adjusted Float64,
    energy_distance Float64,
    centroid_shift Float64,
    effect Float64,
    min_effect Float64,
    alpha Float64,
    permutations UInt32,
    tests_in_run UInt32,
    drift Bool,
    embedder LowCardinality(String),
    finding_id String,
    examples String CODEC(ZSTD(3)),
    run_id String,
    computed_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
PARTITION BY toYYYYMM(window_start)
ORDER BY (tenant_id, app_id, toDate(window_start), model, field, window_start)
TTL toDateTime(window_start) + INTERVAL 180 DAY;

CREATE TABLE IF NOT EXISTS drift_references
(
    tenant_id LowCardinality(String),
    app_id LowCardinality(String),
    model LowCardinality(String),
    field LowCardinality(String),
    embedder LowCardinality(String),
    reference_start DateTime64(3, 'UTC'),
    reference_end DateTime64(3, 'UTC'),
    n_reference UInt32,
    centroid Array(Float32),
    median_distance Float64,
    computed_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (tenant_id, app_id, model, field, embedder)
TTL toDateTime(computed_at) + INTERVAL 180 DAY;

ALTER TABLE events ADD COLUMN IF NOT EXISTS outlier_input Nullable(Float32) AFTER embedding_output;

ALTER TABLE events ADD COLUMN IF NOT EXISTS outlier_output Nullable(Float32) AFTER outlier_input
`,
};
