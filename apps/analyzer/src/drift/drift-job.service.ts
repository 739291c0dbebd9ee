import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CLICKHOUSE_CLIENT, type ClickHouseClient } from '@argus/clickhouse';
import { ARGUS_CONFIG, type ArgusConfig } from '@argus/config';
import { type Finding } from '@argus/contracts';
import { type EmbeddingService, createEmbeddingService, embeddingSettingsFromEnv } from '@argus/embeddings';
import { KAFKA_PRODUCER, type KafkaProducerPort } from '@argus/kafka';
import { LOGGER, type Logger, METRICS, type ArgusMetrics } from '@argus/observability';
import { type DriftTester, createDriftTester } from '@argus/scoring';
import { type AnalyzerJob, type AnalyzerJobResult } from '../analyzer-job';
import { publishAnalyzerFindings } from '../findings.publisher';
import { DriftJob } from './drift.job';
import { ClickHouseDriftStore } from './drift.store';

/** Nest glue of the drift job: ClickHouse, the findings topic, the embedding service, the config. */
@Injectable()
export class DriftJobService implements AnalyzerJob, OnModuleInit, OnModuleDestroy {
  readonly name = 'embedding_drift';
  private job: DriftJob | undefined;
  private embedder: EmbeddingService | undefined;
  private tester: DriftTester | undefined;

  constructor(
    @Inject(ARGUS_CONFIG) private readonly config: ArgusConfig,
    @Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient,
    @Inject(KAFKA_PRODUCER) private readonly producer: KafkaProducerPort,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: ArgusMetrics,
  ) {}

  async onModuleInit(): Promise<void> {
    const drift = this.config.analyzer.drift;
    if (!drift.enabled) return;
    // The ingest's embedder: vectors stored by ingest are reused only when the ids match.
    this.embedder = await createEmbeddingService(
      embeddingSettingsFromEnv(this.config.embeddings.environment).service,
    );
    this.tester = createDriftTester(drift.workers);
    this.job = new DriftJob(
      {
        windowMs: drift.windowMs,
        lateMs: drift.lateMs,
        reference: drift.reference,
        sampleSize: drift.sampleSize,
        referenceSampleSize: drift.referenceSampleSize,
        minEvents: drift.minEvents,
        fields: drift.fields,
        test: {
          alpha: drift.alpha,
          permutations: drift.permutations,
          minEffect: drift.minEffect,
          correction: 'benjamini-hochberg',
        },
      },
      {
        store: new ClickHouseDriftStore(this.clickhouse),
        embedder: this.embedder,
        publishFindings: (findings) => this.publish(findings),
        logger: this.logger.child({ component: 'drift' }),
        tester: this.tester,
      },
    );
  }

  run(now: Date): Promise<AnalyzerJobResult> {
    if (this.job === undefined) return Promise.resolve({ series: 0, findings: 0 });
    return this.job.run(now);
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.embedder?.close(), this.tester?.close()]);
  }

  private publish(findings: Finding[]): Promise<void> {
    return publishAnalyzerFindings(this.producer, this.config.kafka.topics.findings, this.metrics, findings);
  }
}
