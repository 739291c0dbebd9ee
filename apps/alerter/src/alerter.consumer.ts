import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  type Alert,
  type AlertSink,
  alertFromFinding,
  deliverWithRetry,
  forEachWithConcurrency,
  pendingDeliveryRow,
  shouldAlert,
  toAlertRow,
  toDeliveryRow,
} from '@argus/alerting';
import {
  type AlertDeliveryRow,
  type AlertRow,
  BatchingWriter,
  CLICKHOUSE_CLIENT,
  type ClickHouseClient,
} from '@argus/clickhouse';
import { ARGUS_CONFIG, type ArgusConfig } from '@argus/config';
import { FindingSchema, describeZodError } from '@argus/contracts';
import {
  type DeadLetter,
  DeadLetterPublisher,
  KAFKA_PRODUCER,
  KafkaConsumerFactory,
  type KafkaProducerPort,
  type RecordBatch,
} from '@argus/kafka';
import {
  HealthRegistry,
  LOGGER,
  type Logger,
  METRICS,
  type ArgusMetrics,
  errorFields,
} from '@argus/observability';
import { writerFlushMetrics } from '../../argus/src/consumer-metrics';
import { ManagedConsumer } from '../../argus/src/managed-consumer';
import { ALERT_SINKS } from './alert-sinks.provider';

const SINK_CONCURRENCY = 8;

/**
 * apps/alerter: `ai.findings.v1` → minimum-severity policy → alert recorded in ClickHouse (`alerts` and a
 * `pending` row per sink in `alert_deliveries`) BEFORE any send → delivered to each sink with retries →
 * every attempt recorded; an alert a sink never accepted is parked in `ai.alerts.v1.dlq`. Offsets are
 * committed after all that, so a crash re-delivers (at-least-once; receivers de-duplicate on alert id).
 */
@Injectable()
export class AlerterConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer: ManagedConsumer | undefined;
  private alertsWriter: BatchingWriter<AlertRow> | undefined;
  private deliveriesWriter: BatchingWriter<AlertDeliveryRow> | undefined;
  private readonly deadLetters: DeadLetterPublisher;

  constructor(
    @Inject(ARGUS_CONFIG) private readonly config: ArgusConfig,
    @Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient,
    @Inject(KAFKA_PRODUCER) private readonly producer: KafkaProducerPort,
    private readonly consumers: KafkaConsumerFactory,
    @Inject(ALERT_SINKS) private readonly sinks: AlertSink[],
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: ArgusMetrics,
    private readonly health: HealthRegistry,
  ) {
    this.deadLetters = new DeadLetterPublisher(producer, config.kafka.topics.alertsDeadLetter);
  }

  async onApplicationBootstrap(): Promise<void> {
    const { clickhouse, kafka } = this.config;
    const writerOptions = {
      client: this.clickhouse,
      maxRows: clickhouse.writerMaxRows,
      flushIntervalMs: clickhouse.writerFlushMs,
      onFlush: writerFlushMetrics(this.metrics, this.logger),
    };
    this.alertsWriter = new BatchingWriter<AlertRow>({ ...writerOptions, table: 'alerts' });
    this.deliveriesWriter = new BatchingWriter<AlertDeliveryRow>({
      ...writerOptions,
      table: 'alert_deliveries',
    });
    this.consumer = new ManagedConsumer(
      {
        name: 'alerter',
        groupId: kafka.alerterGroupId,
        topic: kafka.topics.findings,
        fromBeginning: kafka.fromBeginning,
        partitionsConsumedConcurrently: kafka.partitions,
        handler: (batch) => this.handleBatch(batch),
      },
      { consumers: this.consumers, health: this.health, metrics: this.metrics, logger: this.logger },
    );
    await this.consumer.start();
    this.logger.info(
      { topic: kafka.topics.findings, sinks: this.sinks.map((sink) => sink.name) },
      'alerter consumer started',
    );
  }

  async handleBatch(batch: RecordBatch): Promise<void> {
    const stopTimer = this.metrics.batchDuration.startTimer({ consumer: 'alerter' });
    try {
      this.metrics.recordsConsumed.inc({ topic: batch.topic }, batch.records.length);
      const now = new Date();
      const alerts = new Map<string, Alert>();
      const malformed: DeadLetter[] = [];
      for (const record of batch.records) {
        let json: unknown;
        try {
          json = JSON.parse(record.value?.toString('utf8') ?? '');
        } catch {
          malformed.push({ record, error: { code: 'invalid_json', reason: 'finding is not valid JSON' } });
          continue;
        }
        const parsed = FindingSchema.safeParse(json);
        if (!parsed.success) {
          malformed.push({
            record,
            error: { code: 'schema_violation', reason: describeZodError(parsed.error) },
          });
          continue;
        }
        if (!shouldAlert(parsed.data, { minSeverity: this.config.alerting.minSeverity })) continue;
        const alert = alertFromFinding(parsed.data, now);
        alerts.set(alert.alert_id, alert);
      }
      await this.deadLetters.publish(malformed);
      for (const dead of malformed) {
        this.metrics.deadLettered.inc({ topic: this.deadLetters.topic, code: dead.error.code });
        this.logger.warn(
          {
            partition: dead.record.partition,
            offset: dead.record.offset,
            code: dead.error.code,
            reason: dead.error.reason,
          },
          'malformed finding dead-lettered',
        );
      }
      if (alerts.size === 0) return;

      // Outbox: the alert and its pending deliveries are stored before the first send.
      await Promise.all([
        this.alertsWriter!.write([...alerts.values()].map((alert) => toAlertRow(alert, now))),
        this.deliveriesWriter!.write(
          [...alerts.values()].flatMap((alert) =>
            this.sinks.map((sink) => pendingDeliveryRow(alert.alert_id, sink.name, now)),
          ),
        ),
      ]);
      for (const alert of alerts.values()) this.metrics.alertsRaised.inc({ severity: alert.severity });
      await this.deliver([...alerts.values()]);
    } catch (error) {
      this.metrics.batchFailures.inc({ consumer: 'alerter' });
      this.logger.error(
        { partition: batch.partition, ...errorFields(error) },
        'alerter batch failed; it will be retried',
      );
      throw error;
    } finally {
      stopTimer();
    }
  }

  /**
   * Sinks run side by side so a slow one delays no other; each sink has up to SINK_CONCURRENCY alerts
   * in flight (a webhook round trip is tens of milliseconds: one at a time caps a sink near 20/s).
   */
  private async deliver(alerts: Alert[]): Promise<void> {
    const retry = {
      maxAttempts: this.config.alerting.maxAttempts,
      baseDelayMs: this.config.alerting.retryBaseMs,
    };
    const deliveryRows: AlertDeliveryRow[] = [];
    const parked: { alert: Alert; sink: string; error: string }[] = [];
    await Promise.all(
      this.sinks.map((sink) =>
        forEachWithConcurrency(alerts, SINK_CONCURRENCY, async (alert) => {
          const outcome = await deliverWithRetry(sink, alert, retry);
          for (const attempt of outcome.attempts) {
            deliveryRows.push(toDeliveryRow(alert.alert_id, attempt));
            this.metrics.alertDeliveries.inc({ sink: sink.name, outcome: attempt.status });
          }
          if (!outcome.delivered)
            parked.push({ alert, sink: sink.name, error: outcome.attempts.at(-1)?.error ?? '' });
        }),
      ),
    );
    if (parked.length > 0) {
      const topic = this.config.kafka.topics.alertsDeadLetter;
      await this.producer.send(
        topic,
        parked.map(({ alert, sink, error }) => ({
          key: alert.alert_id,
          value: JSON.stringify(alert),
          headers: {
            'argus-error': 'delivery_failed',
            'argus-error-reason': error.slice(0, 1024),
            'argus-sink': sink,
          },
        })),
      );
      for (const item of parked) {
        this.metrics.alertsUndelivered.inc({ sink: item.sink });
        this.metrics.deadLettered.inc({ topic, code: 'delivery_failed' });
        this.logger.error(
          { alert_id: item.alert.alert_id, sink: item.sink, reason: item.error },
          'alert parked in the alerts DLQ',
        );
      }
    }
    await this.deliveriesWriter!.write(deliveryRows);
  }

  /** Same order as ingest: readiness, consumer, writers; clients close in onApplicationShutdown. */
  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
    await Promise.allSettled([this.alertsWriter?.close(), this.deliveriesWriter?.close()]);
    await this.consumer?.disconnect();
    await Promise.allSettled(this.sinks.map((sink) => sink.close?.() ?? Promise.resolve()));
  }
}
