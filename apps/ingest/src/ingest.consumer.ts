import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import {
  CLICKHOUSE_CLIENT,
  BatchingWriter,
  type ClickHouseClient,
  type EventRow,
  type FindingRow,
} from '@argus/clickhouse';
import { ARGUS_CONFIG, type ArgusConfig } from '@argus/config';
import { type Finding } from '@argus/contracts';
import { type DetectionPipeline } from '@argus/detectors';
import {
  type DecodeLimits,
  type StorageRedactor,
  processTelemetryBatchWithModels,
  toEventRow,
  toFindingRow,
} from '@argus/ingestion';
import {
  type ConsumedRecord,
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
import { DETECTION_PIPELINE } from '../../argus/src/detection.provider';
import { SegmentModelsService } from '../../argus/src/segment-models.service';
import { writerFlushMetrics } from '../../argus/src/consumer-metrics';
import { ManagedConsumer } from '../../argus/src/managed-consumer';
import { STORAGE_REDACTOR } from './storage-redactor.provider';
import { BehaviourEventScores } from '../../analyzer/src/behaviour-event.scores';
import { IngestEmbeddings } from '../../analyzer/src/drift/ingest-embeddings';

/**
 * apps/ingest: `llm.telemetry.v1` → validate → detect → ClickHouse `events` + `findings`, findings to
 * `ai.findings.v1`, bad records to the DLQ. Events and findings are redacted (the policy's `storage`)
 * before any of them is written, produced or logged. The handler resolves only once all three are safe, and
 * only then does the consumer commit the batch's offsets (at-least-once; replays are idempotent because
 * event and finding ids are deterministic and the tables replace on them).
 */
@Injectable()
export class IngestConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer: ManagedConsumer | undefined;
  private eventsWriter: BatchingWriter<EventRow> | undefined;
  private findingsWriter: BatchingWriter<FindingRow> | undefined;
  private behaviourScores: BehaviourEventScores | undefined;
  private embeddings: IngestEmbeddings | undefined;
  private readonly deadLetters: DeadLetterPublisher;
  private readonly limits: DecodeLimits;

  constructor(
    @Inject(ARGUS_CONFIG) private readonly config: ArgusConfig,
    @Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient,
    @Inject(KAFKA_PRODUCER) private readonly producer: KafkaProducerPort,
    private readonly consumers: KafkaConsumerFactory,
    @Inject(DETECTION_PIPELINE) private readonly pipeline: DetectionPipeline,
    @Inject(STORAGE_REDACTOR) private readonly redactor: StorageRedactor,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: ArgusMetrics,
    private readonly health: HealthRegistry,
    private readonly segmentModels: SegmentModelsService,
  ) {
    this.deadLetters = new DeadLetterPublisher(producer, config.kafka.topics.telemetryDeadLetter);
    const { retention } = config.clickhouse;
    this.limits = { ...config.ingest, maxAgeDays: Math.min(retention.eventsDays, retention.findingsDays) };
  }

  async onApplicationBootstrap(): Promise<void> {
    this.embeddings = await IngestEmbeddings.create(this.config, this.clickhouse, this.logger);
    const { clickhouse, kafka } = this.config;
    this.behaviourScores = BehaviourEventScores.start(this.clickhouse, this.logger);
    const writerOptions = {
      client: this.clickhouse,
      maxRows: clickhouse.writerMaxRows,
      flushIntervalMs: clickhouse.writerFlushMs,
      onFlush: writerFlushMetrics(this.metrics, this.logger),
    };
    this.eventsWriter = new BatchingWriter<EventRow>({
      ...writerOptions,
      table: 'events',
      estimateRowBytes: estimateEventRowBytes,
    });
    this.findingsWriter = new BatchingWriter<FindingRow>({ ...writerOptions, table: 'findings' });
    this.consumer = new ManagedConsumer(
      {
        name: 'ingest',
        groupId: kafka.ingestGroupId,
        topic: kafka.topics.telemetry,
        fromBeginning: kafka.fromBeginning,
        partitionsConsumedConcurrently: kafka.partitions,
        maxBytesPerPartition: kafka.maxBytesPerPartition,
        handler: (batch) => this.handleBatch(batch),
      },
      { consumers: this.consumers, health: this.health, metrics: this.metrics, logger: this.logger },
    );
    await this.consumer.start();
    this.logger.info(
      { topic: kafka.topics.telemetry, group: kafka.ingestGroupId },
      'ingest consumer started',
    );
  }

  async handleBatch(batch: RecordBatch): Promise<void> {
    const stopTimer = this.metrics.batchDuration.startTimer({ consumer: 'ingest' });
    const { kafka } = this.config;
    try {
      this.metrics.recordsConsumed.inc({ topic: batch.topic }, batch.records.length);
      const now = new Date();
      const result = await processTelemetryBatchWithModels<ConsumedRecord>(batch.records, {
        pipeline: this.pipeline,
        models: this.segmentModels.models,
        limits: this.limits,
        redactor: this.redactor,
        onFindingsGuarded: (eventId, findingIds) =>
          this.logger.warn(
            { event_id: eventId, finding_ids: findingIds },
            'finding evidence carried a detected value; redacted before storage',
          ),
        onProcessingError: (record, error) =>
          this.logger.error(
            { partition: record.partition, offset: record.offset, ...errorFields(error) },
            'detection failed',
          ),
      });
      const eventRows = result.accepted.map((item) =>
        toEventRow(item.event, item.detection, item.record, now),
      );
      const findingRows = result.findings.map((finding) => toFindingRow(finding, now));
      // Tokens against the user's norm: a lookup per row, the norms are refreshed in the background.
      this.behaviourScores?.attach(eventRows);
      // Vectors (and outlier scores) go into the rows before they are written: committed together.
      await this.embeddings?.attach(eventRows);
      await Promise.all([
        this.eventsWriter!.write(eventRows),
        this.findingsWriter!.write(findingRows),
        this.produceFindings(result.findings),
        this.deadLetters.publish(result.rejected),
      ]);
      this.metrics.eventsIngested.inc(result.accepted.length);
      for (const finding of result.findings)
        this.metrics.findings.inc({ category: finding.category, severity: finding.severity });
      for (const rejected of result.rejected) {
        this.metrics.deadLettered.inc({ topic: kafka.topics.telemetryDeadLetter, code: rejected.error.code });
        this.logger.warn(
          {
            partition: rejected.record.partition,
            offset: rejected.record.offset,
            code: rejected.error.code,
            reason: rejected.error.reason,
          },
          'telemetry record dead-lettered',
        );
      }
    } catch (error) {
      this.metrics.batchFailures.inc({ consumer: 'ingest' });
      this.logger.error(
        {
          topic: batch.topic,
          partition: batch.partition,
          records: batch.records.length,
          ...errorFields(error),
        },
        'ingest batch failed; it will be retried, offsets not committed',
      );
      throw error;
    } finally {
      stopTimer();
    }
  }

  private async produceFindings(findings: Finding[]): Promise<void> {
    if (findings.length === 0) return;
    const topic = this.config.kafka.topics.findings;
    await this.producer.send(
      topic,
      findings.map((finding) => ({
        // Same key shape as telemetry (tenant:conversation) so one conversation's findings stay ordered.
        key: `${finding.tenant_id}:${finding.conversation_id ?? finding.event_id}`,
        value: JSON.stringify(finding),
        headers: { 'argus-finding-id': finding.finding_id, 'argus-event-id': finding.event_id },
      })),
    );
    this.metrics.recordsProduced.inc({ topic }, findings.length);
  }

  /**
   * Ordered shutdown, in the first shutdown phase: fail readiness → stop consuming (the batch in flight
   * finishes and commits) → flush. Kafka and ClickHouse clients close later, in onApplicationShutdown.
   */
  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
    this.behaviourScores?.stop();
    await Promise.allSettled([this.eventsWriter?.close(), this.findingsWriter?.close()]);
    await this.embeddings?.close();
    await this.consumer?.disconnect();
  }
}

/**
 * The writer cuts batches by size; its default estimate serialises every row once more just to measure
 * it. The text columns dominate an event row, so their lengths (plus a margin for the fixed columns)
 * are a close, cheap estimate.
 */
function estimateEventRowBytes(row: EventRow): number {
  return (
    512 +
    row.event_json.length +
    row.input_text.length +
    row.output_text.length +
    row.system_text.length +
    row.attributes.length +
    8 * (row.embedding_input.length + row.embedding_output.length)
  );
}
