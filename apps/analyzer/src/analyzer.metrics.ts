import { Counter, Histogram, type Registry } from 'prom-client';

export type AnalyzerMetrics = ReturnType<typeof createAnalyzerMetrics>;

/**
 * The analyzer's metrics, on the process registry shared with the other apps. Looked up before being
 * created because a process (or a test) may build the analyzer module more than once per registry.
 */
export function createAnalyzerMetrics(registry: Registry) {
  const registers = [registry];
  const existing = <T>(name: string) => registry.getSingleMetric(name) as T | undefined;
  return {
    runs:
      existing<Counter<'job' | 'outcome'>>('argus_analyzer_job_runs_total') ??
      new Counter({
        name: 'argus_analyzer_job_runs_total',
        help: 'Analyzer job runs, by job and outcome (ok, error).',
        labelNames: ['job', 'outcome'] as const,
        registers,
      }),
    duration:
      existing<Histogram<'job'>>('argus_analyzer_job_duration_seconds') ??
      new Histogram({
        name: 'argus_analyzer_job_duration_seconds',
        help: 'Time of one analyzer job run, by job.',
        labelNames: ['job'] as const,
        buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
        registers,
      }),
    series:
      existing<Counter<'job'>>('argus_analyzer_series_total') ??
      new Counter({
        name: 'argus_analyzer_series_total',
        help: 'Series examined by analyzer jobs, by job.',
        labelNames: ['job'] as const,
        registers,
      }),
    jobFindings:
      existing<Counter<'job'>>('argus_analyzer_findings_total') ??
      new Counter({
        name: 'argus_analyzer_findings_total',
        help: 'Findings produced by analyzer jobs, by job.',
        labelNames: ['job'] as const,
        registers,
      }),
  };
}
