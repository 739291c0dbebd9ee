import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CLICKHOUSE_CLIENT, type ClickHouseClient } from '@argus/clickhouse';
import { ARGUS_CONFIG, type ArgusConfig } from '@argus/config';
import { type Finding } from '@argus/contracts';
import { KAFKA_PRODUCER, type KafkaProducerPort } from '@argus/kafka';
import { LOGGER, type Logger, METRICS, type ArgusMetrics } from '@argus/observability';
import { type AnalyzerJob, type AnalyzerJobResult } from './analyzer-job';
import { publishAnalyzerFindings } from './findings.publisher';
import { BehaviourAnomalyJob } from './behaviour-anomaly.job';
import { ClickHouseBehaviourStore } from './behaviour-anomaly.store';

/** Nest glue of the behaviour job: ClickHouse, the findings topic, the logger and metrics. */
@Injectable()
export class BehaviourAnomalyJobService implements AnalyzerJob, OnModuleInit {
  readonly name = 'behaviour_anomaly';
  private job: BehaviourAnomalyJob | undefined;

  constructor(
    @Inject(ARGUS_CONFIG) private readonly config: ArgusConfig,
    @Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient,
    @Inject(KAFKA_PRODUCER) private readonly producer: KafkaProducerPort,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: ArgusMetrics,
  ) {}

  onModuleInit(): void {
    const { enabled, baselineDays, zThreshold, alpha } = this.config.analyzer.behaviour;
    if (!enabled) return;
    this.job = new BehaviourAnomalyJob(
      { baselineDays, detector: { zThreshold, alpha } },
      {
        store: new ClickHouseBehaviourStore(this.clickhouse),
        publishFindings: (findings) => this.publish(findings),
        logger: this.logger.child({ component: 'behaviour' }),
      },
    );
  }

  run(now: Date): Promise<AnalyzerJobResult> {
    if (this.job === undefined) return Promise.resolve({ series: 0, findings: 0 });
    return this.job.run(now);
  }

  private publish(findings: Finding[]): Promise<void> {
    return publishAnalyzerFindings(this.producer, this.config.kafka.topics.findings, this.metrics, findings);
  }
}
