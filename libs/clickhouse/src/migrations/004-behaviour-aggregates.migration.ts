import type { Migration } from './migration.type';

/**
 * Behavioural anomalies (issue 5): hourly aggregates kept by a materialized view over `events`.
 *
 * `behaviour_hourly`: one row per (tenant, app, model, user, hour) once merged. Model is the response
 * model, else the requested one. A materialized view sees every insert, and `events` deduplicates only
 * when parts merge (ADR 0004), so a replayed batch would count twice here. Hence `requests` is a distinct
 * count of `event_id` (uniqCombined64: exact for small sets, ~1% at large cardinalities), and the sums
 * are over `rows` including replays: the analyzer uses them as per-row ratios (sum / rows × requests),
 * which a replay does not change.
 * - refusals: the finish reason says so, `content_filter` (OpenAI, Azure, the OTel GenAI value) or
 *   `refusal` (Anthropic's stop reason): the telemetry has no other refusal field.
 * - with_findings: events the detectors flagged (`finding_count` > 0). Taken from `events`, which knows
 *   user and model, rather than from `findings`, which does not; behaviour_anomaly findings themselves
 *   are not events, so the analyzer never feeds on its own output.
 * The TTL set here is replaced by migration 007: the table follows the events retention.
 *
 * `behaviour_baselines`: per-user norms the analyzer refreshes (median and robust σ of log tokens per
 * request), read and cached by ingest to score single events (`events.behaviour_score`, NULL when the
 * user had no baseline yet).
 */
export const behaviourAggregatesMigration: Migration = {
  version: 4,
  name: 'behaviour_aggregates',
  sql: `
CREATE TABLE IF NOT EXISTS behaviour_hourly
(
    tenant_id LowCardinality(String),
    app_id LowCardinality(String),
    model LowCardinality(String),
    user_id String,
    hour DateTime('UTC'),
    rows SimpleAggregateFunction(sum, UInt64),
    requests AggregateFunction(uniqCombined64, String),
    input_tokens SimpleAggregateFunction(sum, UInt64),
    output_tokens SimpleAggregateFunction(sum, UInt64),
    latency_ms_sum SimpleAggregateFunction(sum, Float64),
    latency_count SimpleAggregateFunction(sum, UInt64),
    errors SimpleAggregateFunction(sum, UInt64),
    refusals SimpleAggregateFunction(sum, UInt64),
    tool_calls SimpleAggregateFunction(sum, UInt64),
    with_findings SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(hour)
ORDER BY (tenant_id, app_id, hour, model, user_id)
TTL hour + INTERVAL 400 DAY;

CREATE MATERIALIZED VIEW IF NOT EXISTS behaviour_hourly_mv TO behaviour_hourly AS
SELECT
    tenant_id,
    app_id,
    if(response_model != '', response_model, request_model) AS model,
    user_id,
    toStartOfHour(toDateTime(timestamp, 'UTC')) AS hour,
    toUInt64(count()) AS rows,
    uniqCombined64State(event_id) AS requests,
    toUInt64(sum(input_tokens)) AS input_tokens,
    toUInt64(sum(output_tokens)) AS output_tokens,
    toFloat64(sumIf(latency_ms, latency_ms > 0)) AS latency_ms_sum,
    toUInt64(countIf(latency_ms > 0)) AS latency_count,
    toUInt64(countIf(error_type != '')) AS errors,
    toUInt64(countIf(hasAny(finish_reasons, ['content_filter', 'refusal']))) AS refusals,
    toUInt64(countIf(notEmpty(tool_names))) AS tool_calls,
    toUInt64(countIf(finding_count > 0)) AS with_findings
FROM events
GROUP BY tenant_id, app_id, model, user_id, hour;

CREATE TABLE IF NOT EXISTS behaviour_baselines
(
    tenant_id LowCardinality(String),
    app_id LowCardinality(String),
    user_id String,
    tokens_log_median Float64,
    tokens_log_scale Float64,
    active_hours UInt32,
    computed_at DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(computed_at)
ORDER BY (tenant_id, app_id, user_id)
TTL toDateTime(computed_at) + INTERVAL 30 DAY;

ALTER TABLE events ADD COLUMN IF NOT EXISTS behaviour_score Nullable(Float32) AFTER finding_count
`,
};
