/** Default topic names (ARCHITECTURE.md §5). Deployments may rename them through configuration. */
export const DEFAULT_TOPICS = {
  telemetry: 'llm.telemetry.v1',
  telemetryDeadLetter: 'llm.telemetry.v1.dlq',
  findings: 'ai.findings.v1',
  alerts: 'ai.alerts.v1',
  alertsDeadLetter: 'ai.alerts.v1.dlq',
} as const;

export type TopicNames = { [K in keyof typeof DEFAULT_TOPICS]: string };

/** Headers put on every dead-lettered record; consumers of the DLQ rely on these names. */
export const DEAD_LETTER_HEADERS = {
  error: 'argus-error',
  reason: 'argus-error-reason',
  sourceTopic: 'argus-source-topic',
  sourcePartition: 'argus-source-partition',
  sourceOffset: 'argus-source-offset',
  failedAt: 'argus-failed-at',
} as const;

/** Short machine-readable codes carried in the `argus-error` header. */
export const DEAD_LETTER_CODES = [
  'invalid_json',
  'schema_violation',
  'too_large',
  'empty_message',
  'out_of_retention',
  'processing_failed',
] as const;
export type DeadLetterCode = (typeof DEAD_LETTER_CODES)[number];
