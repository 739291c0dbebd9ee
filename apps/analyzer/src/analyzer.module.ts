import { Module, type Provider, type Type } from '@nestjs/common';
import { ANALYZER_JOBS, type AnalyzerJob } from './analyzer-job';
import { AnalyzerService } from './analyzer.service';
import { BehaviourAnomalyJobService } from './behaviour-anomaly-job.service';
import { DriftJobService } from './drift/drift-job.service';

/**
 * Every job the analyzer runs, in run order. Add a job by adding its injectable class here (and to
 * `providers` through this list); the scheduler receives them as one array under ANALYZER_JOBS.
 */
export const ANALYZER_JOB_CLASSES: Type<AnalyzerJob>[] = [DriftJobService, BehaviourAnomalyJobService];

const analyzerJobsProvider: Provider = {
  provide: ANALYZER_JOBS,
  inject: ANALYZER_JOB_CLASSES,
  useFactory: (...jobs: AnalyzerJob[]) => jobs,
};

@Module({ providers: [...ANALYZER_JOB_CLASSES, analyzerJobsProvider, AnalyzerService] })
export class AnalyzerModule {}
