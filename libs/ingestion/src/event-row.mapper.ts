import { type Finding, type MessagePart, type TelemetryEvent } from '@argus/contracts';
import { type EventRow, type FindingRow, toClickHouseDateTime } from '@argus/clickhouse/rows';
import { type DetectionResult } from '@argus/detectors';

export type SourcePosition = { topic: string; partition: number; offset: string };

function partText(part: MessagePart): string | undefined {
  switch (part.type) {
    case 'text':
    case 'reasoning':
      return typeof part.content === 'string' ? part.content : undefined;
    case 'tool_call_response': {
      const response = (part as { response?: unknown }).response;
      return typeof response === 'string' ? response : JSON.stringify(response ?? null);
    }
    default:
      return undefined;
  }
}

function joinParts(parts: readonly MessagePart[]): string {
  return parts
    .map(partText)
    .filter((text): text is string => text !== undefined && text.length > 0)
    .join('\n');
}

function joinMessages(
  messages: readonly { role: string; parts: readonly MessagePart[] }[] | undefined,
  keep: (role: string) => boolean,
): string {
  return (messages ?? [])
    .filter((message) => keep(message.role))
    .map((message) => joinParts(message.parts))
    .filter((text) => text.length > 0)
    .join('\n\n');
}

function toolNames(event: TelemetryEvent): string[] {
  const names = new Set<string>();
  for (const message of [...(event.input_messages ?? []), ...(event.output_messages ?? [])]) {
    for (const part of message.parts) {
      if (part.type === 'tool_call' && typeof (part as { name?: unknown }).name === 'string')
        names.add((part as { name: string }).name);
    }
  }
  return [...names];
}

/** One `events` row. Texts are flattened per field so dashboards and drift jobs can read them with SQL. */
export function toEventRow(
  event: TelemetryEvent,
  detection: DetectionResult,
  source: SourcePosition,
  ingestedAt: Date,
): EventRow {
  const systemFromMessages = joinMessages(event.input_messages, (role) => role === 'system');
  return {
    event_id: event.event_id,
    tenant_id: event.tenant_id,
    app_id: event.app_id,
    environment: event.environment ?? '',
    timestamp: toClickHouseDateTime(event.timestamp),
    ingested_at: toClickHouseDateTime(ingestedAt),
    conversation_id: event.conversation_id ?? '',
    trace_id: event.trace_id ?? '',
    span_id: event.span_id ?? '',
    user_id: event.user?.id ?? '',
    session_id: event.user?.session_id ?? '',
    operation: event.operation ?? '',
    provider: event.provider ?? '',
    request_model: event.request_model ?? '',
    response_model: event.response_model ?? '',
    agent_name: event.agent?.name ?? '',
    system_text: [joinParts(event.system_instructions ?? []), systemFromMessages]
      .filter(Boolean)
      .join('\n\n'),
    input_text: joinMessages(event.input_messages, (role) => role !== 'system'),
    output_text: joinMessages(event.output_messages, () => true),
    retrieval_document_ids: (event.retrieval ?? []).map((document) => document.document_id),
    tool_names: toolNames(event),
    input_tokens: event.usage?.input_tokens ?? 0,
    output_tokens: event.usage?.output_tokens ?? 0,
    latency_ms: event.latency_ms ?? 0,
    error_type: event.error?.type ?? '',
    finish_reasons: (event.output_messages ?? [])
      .map((message) => message.finish_reason ?? '')
      .filter(Boolean),
    risk_score: detection.risk_score,
    finding_count: Math.min(detection.findings.length, 65535),
    categories: [...new Set(detection.findings.map((finding) => finding.category))],
    embedding_model: event.embeddings?.model ?? '',
    embedding_input: event.embeddings?.input ?? [],
    embedding_output: event.embeddings?.output ?? [],
    attributes: JSON.stringify(event.attributes),
    event_json: JSON.stringify(event),
    kafka_topic: source.topic,
    kafka_partition: source.partition,
    kafka_offset: source.offset,
  };
}

/** One `findings` row; absent location parts are stored as -1 / '' (ClickHouse columns are not Nullable). */
export function toFindingRow(finding: Finding, detectedAt: Date): FindingRow {
  const location = finding.location;
  return {
    finding_id: finding.finding_id,
    event_id: finding.event_id,
    tenant_id: finding.tenant_id,
    app_id: finding.app_id,
    timestamp: toClickHouseDateTime(finding.timestamp),
    detected_at: toClickHouseDateTime(detectedAt),
    detector: finding.detector,
    rule_id: finding.rule_id,
    category: finding.category,
    severity: finding.severity,
    score: finding.score,
    confidence: finding.confidence ?? finding.score,
    location_field: location.field,
    location_message: location.message ?? -1,
    location_part: location.part ?? -1,
    location_document: location.document ?? '',
    location_start: location.start ?? -1,
    location_end: location.end ?? -1,
    entity: finding.entity ?? '',
    evidence: finding.evidence,
    message: finding.message,
    owasp: finding.owasp,
    atlas: finding.atlas,
    attributes: JSON.stringify(finding.attributes ?? {}),
  };
}
