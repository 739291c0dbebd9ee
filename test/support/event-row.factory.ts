import { randomUUID } from 'node:crypto';
import { type EventRow, toClickHouseDateTime } from '@argus/clickhouse/rows';

/**
 * An `events` row as ingest stores it, for tests and benchmarks that write rows directly: every column
 * set, texts and counts empty, stamped now; `overrides` give the values the test is about. (Rows from
 * telemetry go through `toEventRow` instead.)
 */
export function makeEventRow(overrides: Partial<EventRow> = {}): EventRow {
  const now = toClickHouseDateTime(new Date());
  return {
    event_id: randomUUID(),
    tenant_id: 'tenant-a',
    app_id: 'app-a',
    environment: '',
    timestamp: now,
    ingested_at: now,
    conversation_id: '',
    trace_id: '',
    span_id: '',
    user_id: '',
    session_id: '',
    operation: 'chat',
    provider: '',
    request_model: '',
    response_model: '',
    agent_name: '',
    system_text: '',
    input_text: '',
    output_text: '',
    retrieval_document_ids: [],
    tool_names: [],
    input_tokens: 0,
    output_tokens: 0,
    latency_ms: 0,
    error_type: '',
    finish_reasons: [],
    risk_score: 0,
    finding_count: 0,
    categories: [],
    embedding_model: '',
    embedding_input: [],
    embedding_output: [],
    attributes: '{}',
    event_json: '{}',
    kafka_topic: 'llm.telemetry.v1',
    kafka_partition: 0,
    kafka_offset: '0',
    ...overrides,
  };
}
