/**
 * One scheduled analysis of apps/analyzer (embedding drift, behaviour anomalies, …). A job reads its
 * windows from ClickHouse and writes its results itself; it keeps no state between runs that a restart
 * would lose (ARCHITECTURE.md §1), so running it twice over the same windows must be harmless.
 */
export type AnalyzerJob = {
  /** Stable, short, snake_case: used in logs and as the `job` label of the analyzer metrics. */
  readonly name: string;
  /** `now` is the scheduler's clock for this run, so every job of one run sees the same windows. */
  run(now: Date): Promise<AnalyzerJobResult>;
};

/** Counts for the logs and metrics of one run; a job fills what applies to it. */
export type AnalyzerJobResult = {
  /** Series (e.g. tenant/app/model/field) examined in this run. */
  series: number;
  /** Series skipped, e.g. too few rows in a window. */
  skipped?: number;
  /** Rows written to ClickHouse (scores, aggregates). */
  rowsWritten?: number;
  /** Findings produced to the findings topic. */
  findings: number;
};

/**
 * Token of the array of every job the scheduler runs. Nest has no multi-providers, so each job class is
 * listed once in `ANALYZER_JOB_CLASSES` (analyzer.module.ts) and collected into this array there.
 */
export const ANALYZER_JOBS = Symbol('ANALYZER_JOBS');
