import { type Logger, errorFields } from '@argus/observability';
import { type AnalyzerJob, type AnalyzerJobResult } from './analyzer-job';
import { type AnalyzerMetrics } from './analyzer.metrics';

export type AnalyzerSchedulerDeps = {
  jobs: readonly AnalyzerJob[];
  intervalMs: number;
  metrics: AnalyzerMetrics;
  logger: Pick<Logger, 'info' | 'error'>;
  clock?: () => Date;
};

export type AnalyzerRunReport = { job: string; ok: boolean; result?: AnalyzerJobResult; error?: unknown };

/**
 * Runs every job, one run at a time, every `intervalMs` (measured from the end of a run, so a slow run
 * delays the next instead of piling runs up). A failing job is logged and counted and the others still
 * run; nothing a job throws reaches the process. `stop()` waits for the run in flight.
 */
export class AnalyzerScheduler {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<AnalyzerRunReport[]> | undefined;
  private stopped = true;
  /** Set by stop(): the run in flight finishes its current job and skips the rest. */
  private stopping = false;

  constructor(private readonly deps: AnalyzerSchedulerDeps) {}

  get running(): boolean {
    return !this.stopped;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    this.schedule(0);
  }

  /** One run of every job now (also what the timer calls); a call during a run joins that run. */
  runOnce(): Promise<AnalyzerRunReport[]> {
    if (this.inFlight !== undefined) return this.inFlight;
    const run = this.runJobs().finally(() => {
      this.inFlight = undefined;
    });
    this.inFlight = run;
    return run;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runOnce().then(() => this.schedule(this.deps.intervalMs));
    }, delayMs);
    // The scheduler alone must not keep a process alive whose other work has ended.
    this.timer.unref();
  }

  private async runJobs(): Promise<AnalyzerRunReport[]> {
    const { jobs, metrics, logger } = this.deps;
    const now = (this.deps.clock ?? (() => new Date()))();
    const reports: AnalyzerRunReport[] = [];
    for (const job of jobs) {
      if (this.stopping) break;
      const stopTimer = metrics.duration.startTimer({ job: job.name });
      try {
        const result = await job.run(now);
        metrics.runs.inc({ job: job.name, outcome: 'ok' });
        metrics.series.inc({ job: job.name }, result.series);
        metrics.jobFindings.inc({ job: job.name }, result.findings);
        logger.info({ job: job.name, ...result }, 'analyzer job finished');
        reports.push({ job: job.name, ok: true, result });
      } catch (error) {
        metrics.runs.inc({ job: job.name, outcome: 'error' });
        logger.error({ job: job.name, ...errorFields(error) }, 'analyzer job failed; retried next run');
        reports.push({ job: job.name, ok: false, error });
      } finally {
        stopTimer();
      }
    }
    return reports;
  }
}
