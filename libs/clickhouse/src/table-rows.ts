import type { ClickHouseDateTime } from './clickhouse-date-time.util';

/** Table names, as created by the migrations in `migrations/`. */
export const CLICKHOUSE_TABLES = {
  events: 'events',
  findings: 'findings',
  alerts: 'alerts',
  alertDeliveries: 'alert_deliveries',
  alertGroups: 'alert_groups',
  behaviourHourly: 'behaviour_hourly',
  behaviourBaselines: 'behaviour_baselines',
  driftScores: 'drift_scores',
  driftReferences: 'drift_references',
  protectedDocuments: 'protected_documents',
  erasureRequests: 'erasure_requests',
  erasureStaging: 'erasure_staging',
  schemaMigrations: 'schema_migrations',
} as const;

export type ClickHouseTableName = (typeof CLICKHOUSE_TABLES)[keyof typeof CLICKHOUSE_TABLES];

// Row types mirror the columns one to one, in table order. Date-times are ClickHouseDateTime strings
// (see toClickHouseDateTime). Texts are already redacted per policy: these rows are what is stored.

/** `events`: one telemetry event, deduplicated on (tenant_id, app_id, day, event_id) by ingested_at. */
export type EventRow = {
  event_id: string;
  tenant_id: string;
  app_id: string;
  environment: string;
  timestamp: ClickHouseDateTime;
  ingested_at: ClickHouseDateTime;
  conversation_id: string;
  trace_id: string;
  span_id: string;
  user_id: string;
  session_id: string;
  operation: string;
  provider: string;
  request_model: string;
  response_model: string;
  agent_name: string;
  system_text: string;
  input_text: string;
  output_text: string;
  retrieval_document_ids: string[];
  tool_names: string[];
  input_tokens: number;
  output_tokens: number;
  latency_ms: number;
  error_type: string;
  finish_reasons: string[];
  risk_score: number;
  finding_count: number;
  categories: string[];
  embedding_model: string;
  embedding_input: number[];
  embedding_output: number[];
  /**
   * Distance of the field's vector to its series' reference centroid over the reference's median
   * distance (migration 003); omitted or null when there is no reference or no vector.
   */
  outlier_input?: number | null;
  outlier_output?: number | null;
  /** The event's `attributes` map as JSON text. */
  attributes: string;
  /** The whole redacted event as JSON text. */
  event_json: string;
  kafka_topic: string;
  kafka_partition: number;
  /** Int64 as a decimal string, as kafkajs gives offsets (a JSON number would lose precision past 2^53). */
  kafka_offset: string;
};

/** `findings`: one detector result; finding_id is deterministic, so a replay replaces instead of duplicating. */
export type FindingRow = {
  finding_id: string;
  event_id: string;
  tenant_id: string;
  app_id: string;
  timestamp: ClickHouseDateTime;
  detected_at: ClickHouseDateTime;
  detector: string;
  rule_id: string;
  category: string;
  /** info | low | medium | high | critical */
  severity: string;
  score: number;
  confidence: number;
  /** input | output | system | retrieval | tool_call | tool_result | event */
  location_field: string;
  /** -1 when the location has no message index (likewise part, start, end). */
  location_message: number;
  location_part: number;
  location_document: string;
  location_start: number;
  location_end: number;
  entity: string;
  evidence: string;
  message: string;
  owasp: string;
  atlas: string[];
  /** JSON text. */
  attributes: string;
};

/** `alerts`: the latest state of an alert wins (ReplacingMergeTree on updated_at). */
export type AlertRow = {
  alert_id: string;
  dedup_key: string;
  tenant_id: string;
  app_id: string;
  created_at: ClickHouseDateTime;
  updated_at: ClickHouseDateTime;
  severity: string;
  category: string;
  title: string;
  finding_ids: string[];
  finding_count: number;
  first_seen: ClickHouseDateTime;
  last_seen: ClickHouseDateTime;
  /** The alert as sent to sinks, JSON text. */
  payload: string;
};

export type AlertDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'parked';

/** `alert_deliveries`: an append-only log, one row per delivery attempt. */
export type AlertDeliveryRow = {
  alert_id: string;
  sink: string;
  attempt: number;
  status: AlertDeliveryStatus;
  error: string;
  at: ClickHouseDateTime;
};

/** `drift_scores`: one drift test of one series and window; a re-run of the window replaces it. */
export type DriftScoreRow = {
  tenant_id: string;
  app_id: string;
  model: string;
  /** input | output */
  field: string;
  window_start: ClickHouseDateTime;
  window_end: ClickHouseDateTime;
  /** trailing | pinned */
  reference_kind: string;
  reference_start: ClickHouseDateTime;
  reference_end: ClickHouseDateTime;
  n_reference: number;
  n_current: number;
  statistic: number;
  p_value: number;
  /** p-value after the run's multiple-testing correction. */
  p_adjusted: number;
  energy_distance: number;
  centroid_shift: number;
  effect: number;
  min_effect: number;
  alpha: number;
  permutations: number;
  tests_in_run: number;
  drift: boolean;
  embedder: string;
  /** '' when no finding was raised. */
  finding_id: string;
  /** JSON text: the current window's most typical examples (event ids, redacted texts as stored). */
  examples: string;
  run_id: string;
  computed_at: ClickHouseDateTime;
};

/** `drift_references`: the reference centroid of a series, for per-event outlier scores at ingest. */
export type DriftReferenceRow = {
  tenant_id: string;
  app_id: string;
  model: string;
  field: string;
  embedder: string;
  reference_start: ClickHouseDateTime;
  reference_end: ClickHouseDateTime;
  n_reference: number;
  centroid: number[];
  median_distance: number;
  computed_at: ClickHouseDateTime;
};

export type SchemaMigrationRow = {
  version: number;
  name: string;
  checksum: string;
  applied_at: ClickHouseDateTime;
};
