import type { Migration } from './migration.type';

// Layout (ARCHITECTURE §5): monthly partitions, tenant-first sort keys so per-tenant scans and erasure
// touch few granules, LowCardinality for enum-like strings, ZSTD for free text. The TTLs below are the
// defaults; applyRetention() replaces them with the configured retention at every start-up.
export const initialTablesMigration: Migration = {
  version: 1,
  name: 'initial_tables',
  sql: `
CREATE TABLE IF NOT EXISTS events
(
    event_id String,
    tenant_id LowCardinality(String),
    app_id LowCardinality(String),
    environment LowCardinality(String),
    timestamp DateTime64(3, 'UTC'),
    ingested_at DateTime64(3, 'UTC'),
    conversation_id String,
    trace_id String,
    span_id String,
    user_id String,
    session_id String,
    operation LowCardinality(String),
    provider LowCardinality(String),
    request_model LowCardinality(String),
    response_model LowCardinality(String),
    agent_name String,
    system_text String CODEC(ZSTD(3)),
    input_text String CODEC(ZSTD(3)),
    output_text String CODEC(ZSTD(3)),
    retrieval_document_ids Array(String),
    tool_names Array(LowCardinality(String)),
    input_tokens UInt32,
    output_tokens UInt32,
    latency_ms Float64,
    error_type LowCardinality(String),
    finish_reasons Array(LowCardinality(String)),
    risk_score Float32,
    finding_count UInt16,
    categories Array(LowCardinality(String)),
    embedding_model LowCardinality(String),
    embedding_input Array(Float32),
    embedding_output Array(Float32),
    attributes String CODEC(ZSTD(3)),
    event_json String CODEC(ZSTD(3)),
    kafka_topic LowCardinality(String),
    kafka_partition Int32,
    kafka_offset Int64
)
ENGINE = ReplacingMergeTree(ingested_at)
PARTITION BY toYYYYMM(timestamp)
ORDER BY (tenant_id, app_id, toDate(timestamp), event_id)
TTL toDateTime(timestamp) + INTERVAL 90 DAY;

CREATE TABLE IF NOT EXISTS findings
(
    finding_id String,
    event_id String,
    tenant_id LowCardinality(String),
    app_id LowCardinality(String),
    timestamp DateTime64(3, 'UTC'),
    detected_at DateTime64(3, 'UTC'),
    detector LowCardinality(String),
    rule_id LowCardinality(String),
    category LowCardinality(String),
    severity LowCardinality(String),
    score Float32,
    confidence Float32,
    location_field LowCardinality(String),
    location_message Int32 DEFAULT -1,
    location_part Int32 DEFAULT -1,
    location_document String,
    location_start Int32 DEFAULT -1,
    location_end Int32 DEFAULT -1,
    entity String,
    evidence String CODEC(ZSTD(3)),
    message String,
    owasp LowCardinality(String),
    atlas Array(LowCardinality(String)),
    attributes String
)
ENGINE = ReplacingMergeTree(detected_at)
PARTITION BY toYYYYMM(timestamp)
ORDER BY (tenant_id, app_id, toDate(timestamp), finding_id)
TTL toDateTime(timestamp) + INTERVAL 180 DAY;

CREATE TABLE IF NOT EXISTS alerts
(
    alert_id String,
    dedup_key String,
    tenant_id LowCardinality(String),
    app_id LowCardinality(String),
    created_at DateTime64(3, 'UTC'),
    updated_at DateTime64(3, 'UTC'),
    severity LowCardinality(String),
    category LowCardinality(String),
    title String,
    finding_ids Array(String),
    finding_count UInt32,
    first_seen DateTime64(3, 'UTC'),
    last_seen DateTime64(3, 'UTC'),
    payload String CODEC(ZSTD(3))
)
ENGINE = ReplacingMergeTree(updated_at)
PARTITION BY toYYYYMM(created_at)
ORDER BY (tenant_id, toDate(created_at), alert_id)
TTL toDateTime(created_at) + INTERVAL 365 DAY;

CREATE TABLE IF NOT EXISTS alert_deliveries
(
    alert_id String,
    sink LowCardinality(String),
    attempt UInt16,
    status LowCardinality(String),
    error String,
    at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (alert_id, sink, at)
TTL toDateTime(at) + INTERVAL 365 DAY;
`,
};
