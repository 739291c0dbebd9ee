import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  type Alert,
  AlertDispatcher,
  type AlertGroupRow,
  type AlertGroupSnapshot,
  type AlertPolicy,
  AlertPolicyEngine,
  type AlertSink,
  pendingDeliveryRow,
  toAlertGroupRow,
  toAlertRow,
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
import { ALERT_POLICY } from './alert-policy.provider';
import { ALERT_SINKS } from './alert-sinks.provider';
import { AlertOutboxRecorder } from './alert-outbox.recorder';
import { AlertOutboxStore } from './alert-outbox.store';
import { createAlerterDispatcher, describeSinkStates } from './alerter.dispatcher';
import { type AlerterMetrics, createAlerterMetrics } from './alerter.metrics';

/** Deliveries held in memory; beyond it alerts wait in the outbox table and are picked up later. */
const MAX_QUEUED_DELIVERIES = 20_000;
const TICK_MS = 1000;
const OUTBOX_SWEEP_MS = 30_000;
/** How far back start-up looks for unfinished deliveries (older ones stay visible, not re-sent). */
const RESUME_LOOKBACK_MS = 7 * 24 * 3600 * 1000;

/**
 * apps/alerter: `ai.findings.v1` → alert policy (floor, mute windows, first matching rule, grouping) →
 * outbox: the alerts and a `pending` row per sink are stored in ClickHouse → offsets committed → the
 * dispatcher sends from the outbox, each sink in its own lane (rate limit, circuit breaker, retries),
 * recording every attempt; an alert a sink never accepted is parked in `ai.alerts.v1.dlq`.
 *
 * Crash semantics (docs/adr/0006): an alert recorded but not delivered is re-sent at the next start
 * (resume), at least once; receivers de-duplicate on the deterministic alert id. A batch whose alerts were
 * not recorded is not committed and is consumed again. Open groups are rebuilt from the recorded alerts,
 * so replayed findings fold instead of alerting twice.
 */
@Injectable()
export class AlerterConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer: ManagedConsumer | undefined;
  private alertsWriter: BatchingWriter<AlertRow> | undefined;
  private deliveriesWriter: BatchingWriter<AlertDeliveryRow> | undefined;
  private groupsWriter: BatchingWriter<AlertGroupRow> | undefined;
  /** Attempt rows, buffered: one insert per interval rather than one per send. */
  private attemptsWriter: BatchingWriter<AlertDeliveryRow> | undefined;
  /** Alerts, their pending rows and group snapshots, stored before the offsets are committed. */
  private readonly recorder = new AlertOutboxRecorder((alerts, groups) => this.storeOutbox(alerts, groups));
  private readonly deadLetters: DeadLetterPublisher;
  private readonly engine: AlertPolicyEngine;
  private readonly outbox: AlertOutboxStore;
  private readonly alerterMetrics: AlerterMetrics;
  private dispatcher: AlertDispatcher | undefined;
  private timers: NodeJS.Timeout[] = [];
  /** Deliveries left in the outbox table because the in-memory queue was full. */
  private overflowed = false;
  private ticking: Promise<void> = Promise.resolve();

  constructor(
    @Inject(ARGUS_CONFIG) private readonly config: ArgusConfig,
    @Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient,
    @Inject(KAFKA_PRODUCER) private readonly producer: KafkaProducerPort,
    private readonly consumers: KafkaConsumerFactory,
    @Inject(ALERT_SINKS) private readonly sinks: AlertSink[],
    @Inject(ALERT_POLICY) private readonly policy: AlertPolicy,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: ArgusMetrics,
    private readonly health: HealthRegistry,
  ) {
    this.deadLetters = new DeadLetterPublisher(producer, config.kafka.topics.alertsDeadLetter);
    this.engine = new AlertPolicyEngine(policy, {
      minSeverity: config.alerting.minSeverity,
      configuredSinks: sinks.map((sink) => sink.name),
    });
    this.outbox = new AlertOutboxStore(clickhouse);
    this.alerterMetrics = createAlerterMetrics(metrics.registry);
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
    this.groupsWriter = new BatchingWriter<AlertGroupRow>({ ...writerOptions, table: 'alert_groups' });
    this.attemptsWriter = new BatchingWriter<AlertDeliveryRow>({
      ...writerOptions,
      table: 'alert_deliveries',
      flushIntervalMs: Math.min(clickhouse.writerFlushMs, 100),
    });
    this.dispatcher = createAlerterDispatcher({
      config: this.config,
      policy: this.policy,
      sinks: this.sinks,
      producer: this.producer,
      attemptsWriter: this.attemptsWriter,
      metrics: this.metrics,
      alerterMetrics: this.alerterMetrics,
      logger: this.logger,
    });
    await this.recover();
    this.consumer = new ManagedConsumer(
      {
        name: 'alerter',
        groupId: kafka.alerterGroupId,
        topic: kafka.topics.findings,
        fromBeginning: kafka.fromBeginning,
        partitionsConsumedConcurrently: kafka.partitions,
        handler: (batch) => this.handleBatch(batch),
        // An open circuit does not make the alerter unready: it keeps consuming, alerts wait in the outbox.
        readinessDetail: () => describeSinkStates(this.dispatcher),
      },
      { consumers: this.consumers, health: this.health, metrics: this.metrics, logger: this.logger },
    );
    await this.consumer.start();
    this.timers.push(
      setInterval(() => {
        // Chained: a slow ClickHouse write never lets two ticks record the same summaries side by side.
        this.ticking = this.ticking.then(() => this.tick());
      }, TICK_MS),
      setInterval(() => {
        if (this.overflowed) void this.resumeFromOutbox('overflow');
      }, OUTBOX_SWEEP_MS),
    );
    for (const timer of this.timers) timer.unref();
    this.logger.info(
      { topic: kafka.topics.findings, sinks: this.sinks.map((sink) => sink.name) },
      'alerter consumer started',
    );
  }

  async handleBatch(batch: RecordBatch): Promise<void> {
    const stopTimer = this.metrics.batchDuration.startTimer({ consumer: 'alerter' });
    try {
      this.metrics.recordsConsumed.inc({ topic: batch.topic }, batch.records.length);
      const alerts: Alert[] = [];
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
        const evaluation = this.engine.evaluate(parsed.data, Date.now());
        this.alerterMetrics.findings.inc({ outcome: evaluation.outcome });
        if (evaluation.alert !== undefined) alerts.push(evaluation.alert);
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
      this.alerterMetrics.openGroups.set(this.engine.openGroups);
      await this.recordAndDispatch(alerts);
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

  private async storeOutbox(alerts: readonly Alert[], groups: readonly AlertGroupSnapshot[]): Promise<void> {
    const now = new Date();
    await Promise.all([
      this.alertsWriter!.write(alerts.map((alert) => toAlertRow(alert, now))),
      this.deliveriesWriter!.write(
        alerts.flatMap((alert) =>
          (alert.sinks ?? []).map((sink) => pendingDeliveryRow(alert.alert_id, sink, now)),
        ),
      ),
      this.groupsWriter!.write(groups.map((snapshot) => toAlertGroupRow(snapshot, now))),
    ]);
  }

  /**
   * The outbox step: alerts and their `pending` rows are in ClickHouse before any send (the batch's
   * offsets are committed only after this resolves); sending goes on after the commit.
   */
  private async recordAndDispatch(raised: readonly Alert[]): Promise<void> {
    const alerts = await this.recorder.record(raised, this.engine.takeChangedGroups());
    if (alerts.length === 0) return;
    for (const alert of alerts) this.metrics.alertsRaised.inc({ severity: alert.severity });
    if (this.config.alerting.testCrashAfterRecord) {
      this.logger.warn('ARGUS_TEST_CRASH_AFTER_ALERT_RECORD: killing the process before any send');
      this.logger.flush();
      process.kill(process.pid, 'SIGKILL');
    }
    for (const alert of alerts) this.enqueue(alert, alert.sinks ?? [], 1);
  }

  private enqueue(alert: Alert, sinks: readonly string[], nextAttempt: number): void {
    const dispatcher = this.dispatcher!;
    if (dispatcher.backlog >= MAX_QUEUED_DELIVERIES) {
      // Still `pending` in the outbox table: the sweep hands it over once the queue has room.
      this.overflowed = true;
      return;
    }
    const unknown = dispatcher.enqueue(alert, sinks, nextAttempt);
    if (unknown.length > 0)
      this.logger.warn(
        { alert_id: alert.alert_id, sinks: unknown },
        'alert recorded for sinks this process does not have; left pending in the outbox',
      );
    this.alerterMetrics.backlog.set(dispatcher.backlog);
  }

  /** Ends expired group windows (summary alerts) and refreshes the gauges; runs every TICK_MS. */
  private async tick(): Promise<void> {
    try {
      const summaries = this.engine.closeExpired(Date.now());
      this.alerterMetrics.openGroups.set(this.engine.openGroups);
      this.alerterMetrics.backlog.set(this.dispatcher?.backlog ?? 0);
      await this.recordAndDispatch(summaries);
    } catch (error) {
      // recordAndDispatch kept the summaries for the next write (the next tick or batch).
      this.logger.error(errorFields(error), 'recording group summary alerts failed');
    }
  }

  /** Start-up: rebuild open groups, then hand unfinished deliveries back to the sinks. */
  private async recover(): Promise<void> {
    const now = Date.now();
    const since = new Date(now - this.engine.restoreLookbackMs());
    const [recorded, snapshots] = await Promise.all([
      this.outbox.groupAlertsSince(since),
      this.outbox.openGroupSnapshots(since),
    ]);
    const restored = this.engine.restore(recorded, now, snapshots);
    this.alerterMetrics.openGroups.set(this.engine.openGroups);
    if (restored > 0) this.logger.info({ groups: restored }, 'open alert groups restored from storage');
    await this.resumeFromOutbox('start-up');
  }

  private async resumeFromOutbox(reason: 'start-up' | 'overflow'): Promise<void> {
    try {
      this.overflowed = false;
      const room = MAX_QUEUED_DELIVERIES - (this.dispatcher?.backlog ?? 0);
      if (room <= 0) {
        this.overflowed = true;
        return;
      }
      const unfinished = await this.outbox.unfinishedDeliveries(
        new Date(Date.now() - RESUME_LOOKBACK_MS),
        room,
      );
      let resumed = 0;
      for (const delivery of unfinished) {
        this.enqueue(delivery.alert, [delivery.sink], delivery.attempts + 1);
        this.alerterMetrics.resumed.inc({ sink: delivery.sink });
        resumed++;
      }
      if (unfinished.length >= room) this.overflowed = true;
      if (resumed > 0)
        this.logger.info({ deliveries: resumed, reason }, 'unfinished alert deliveries resumed');
    } catch (error) {
      if (reason === 'start-up') throw error;
      this.overflowed = true;
      this.logger.error(errorFields(error), 'reading the alert outbox failed; will retry');
    }
  }

  /**
   * Ordered shutdown: stop consuming, close the last windows' bookkeeping, give sends in flight a moment,
   * then flush the writers. Whatever is not delivered stays `pending` in the outbox for the next start.
   */
  async onModuleDestroy(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.consumer?.stop();
    await this.ticking;
    await this.dispatcher?.drain(5000);
    this.dispatcher?.close();
    await Promise.allSettled([
      this.alertsWriter?.close(),
      this.deliveriesWriter?.close(),
      this.groupsWriter?.close(),
      this.attemptsWriter?.close(),
    ]);
    await this.consumer?.disconnect();
    await Promise.allSettled(this.sinks.map((sink) => sink.close?.() ?? Promise.resolve()));
  }
}
