import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ARGUS_CONFIG, type ArgusConfig } from '@argus/config';
import { HealthRegistry, LOGGER, type Logger, METRICS, type ArgusMetrics } from '@argus/observability';
import { ANALYZER_JOBS, type AnalyzerJob } from './analyzer-job';
import { createAnalyzerMetrics } from './analyzer.metrics';
import { AnalyzerScheduler } from './analyzer.scheduler';

/** Nest glue of the scheduler: starts it once the process is up, stops it first on shutdown. */
@Injectable()
export class AnalyzerService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly scheduler: AnalyzerScheduler;

  constructor(
    @Inject(ARGUS_CONFIG) config: ArgusConfig,
    @Inject(ANALYZER_JOBS) jobs: AnalyzerJob[],
    @Inject(LOGGER) logger: Logger,
    @Inject(METRICS) metrics: ArgusMetrics,
    private readonly health: HealthRegistry,
  ) {
    this.scheduler = new AnalyzerScheduler({
      jobs,
      intervalMs: config.analyzer.intervalMs,
      metrics: createAnalyzerMetrics(metrics.registry),
      logger: logger.child({ component: 'analyzer' }),
    });
  }

  onApplicationBootstrap(): void {
    // Ready while the scheduler runs; a failing job is a metric and a log line, not a restart.
    this.health.register('analyzer.scheduler', () =>
      Promise.resolve(this.scheduler.running ? { ok: true } : { ok: false, detail: 'scheduler stopped' }),
    );
    this.scheduler.start();
  }

  /** First shutdown phase: fail readiness, let the run in flight finish; clients close afterwards. */
  async onModuleDestroy(): Promise<void> {
    this.health.markShuttingDown();
    await this.scheduler.stop();
  }
}
