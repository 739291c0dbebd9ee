import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * All metric names in one place (STYLE.md). Counters for outcomes, histograms for latency, gauges for
 * state. One registry per process; apps hosted together share it.
 */
export type ArgusMetrics = ReturnType<typeof createMetrics>;

export function createMetrics(registry: Registry = new Registry()) {
  collectDefaultMetrics({ register: registry, prefix: 'argus_process_' });
  const registers = [registry];
  return {
    registry,
    recordsConsumed: new Counter({
      name: 'argus_kafka_records_consumed_total',
      help: 'Records consumed, by topic.',
      labelNames: ['topic'] as const,
      registers,
    }),
    recordsProduced: new Counter({
      name: 'argus_kafka_records_produced_total',
      help: 'Records produced, by topic.',
      labelNames: ['topic'] as const,
      registers,
    }),
    deadLettered: new Counter({
      name: 'argus_dead_lettered_total',
      help: 'Records sent to a dead-letter topic, by topic and error code.',
      labelNames: ['topic', 'code'] as const,
      registers,
    }),
    eventsIngested: new Counter({
      name: 'argus_events_ingested_total',
      help: 'Valid telemetry events written to ClickHouse.',
      registers,
    }),
    findings: new Counter({
      name: 'argus_findings_total',
      help: 'Findings produced, by category and severity.',
      labelNames: ['category', 'severity'] as const,
      registers,
    }),
    batchDuration: new Histogram({
      name: 'argus_batch_duration_seconds',
      help: 'Time to process one consumed batch, from fetch to committed offset.',
      labelNames: ['consumer'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    batchFailures: new Counter({
      name: 'argus_batch_failures_total',
      help: 'Batches whose processing failed and will be retried (offsets not committed).',
      labelNames: ['consumer'] as const,
      registers,
    }),
    clickhouseFlushDuration: new Histogram({
      name: 'argus_clickhouse_flush_duration_seconds',
      help: 'Time of one ClickHouse insert, by table and outcome.',
      labelNames: ['table', 'outcome'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    clickhouseRowsWritten: new Counter({
      name: 'argus_clickhouse_rows_written_total',
      help: 'Rows written to ClickHouse, by table.',
      labelNames: ['table'] as const,
      registers,
    }),
    consumerLag: new Gauge({
      name: 'argus_kafka_consumer_lag',
      help: 'Records behind the end of the partition, by group, topic and partition.',
      labelNames: ['group', 'topic', 'partition'] as const,
      registers,
    }),
    alertsRaised: new Counter({
      name: 'argus_alerts_raised_total',
      help: 'Alerts recorded, by severity.',
      labelNames: ['severity'] as const,
      registers,
    }),
    alertDeliveries: new Counter({
      name: 'argus_alert_deliveries_total',
      help: 'Alert delivery attempts, by sink and outcome (delivered, failed, parked).',
      labelNames: ['sink', 'outcome'] as const,
      registers,
    }),
    guardDuration: new Histogram({
      name: 'argus_guard_duration_seconds',
      help: 'Time of one inline guard request (POST /v1/guard) that got a verdict, from the body read to the answer.',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
      registers,
    }),
    guardDecisions: new Counter({
      name: 'argus_guard_decisions_total',
      help: 'Verdicts of the inline guard, by decision (allow, flag, block).',
      labelNames: ['decision'] as const,
      registers,
    }),
    guardRejections: new Counter({
      name: 'argus_guard_rejected_total',
      help: 'Inline guard requests answered without a verdict, by reason (unauthorized, invalid_json, schema_violation, too_large, empty_message, detection_failed, …).',
      labelNames: ['reason'] as const,
      registers,
    }),
    erasureRequests: new Counter({
      name: 'argus_erasure_requests_total',
      help: 'Data-subject erasure runs (POST /v1/erasure), by outcome (completed, failed, dry_run, rejected).',
      labelNames: ['outcome'] as const,
      registers,
    }),
    erasureRows: new Counter({
      name: 'argus_erasure_rows_total',
      help: 'Rows deleted or redacted by erasure runs, by step (a table, or table:what for a redaction).',
      labelNames: ['step'] as const,
      registers,
    }),
    erasureDuration: new Histogram({
      name: 'argus_erasure_duration_seconds',
      help: 'Time of one erasure run (every step, synchronous ClickHouse mutations), by outcome.',
      labelNames: ['outcome'] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers,
    }),
    alertsUndelivered: new Gauge({
      name: 'argus_alerts_undelivered',
      help: 'Alerts parked in the alerts DLQ since start-up, by sink: each one needs a look.',
      labelNames: ['sink'] as const,
      registers,
    }),
  };
}
