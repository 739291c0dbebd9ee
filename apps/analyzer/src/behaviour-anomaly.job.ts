import { toClickHouseDateTime } from '@argus/clickhouse/rows';
import { type Finding } from '@argus/contracts';
import { toFindingRow } from '@argus/ingestion';
import { type Logger } from '@argus/observability';
import {
  BEHAVIOUR_DETECTOR_DEFAULTS,
  type BehaviourAnomaly,
  type BehaviourDetectorOptions,
  DAY_MS,
  detectBehaviourAnomalies,
  type EntityKind,
  HOUR_MS,
  type HourlyActivity,
  MAD_TO_SIGMA,
} from '@argus/scoring';
import { median, medianAbsoluteDeviation } from 'simple-statistics';
import { type AnalyzerJob, type AnalyzerJobResult } from './analyzer-job';
import { behaviourFinding } from './behaviour-anomaly.findings';
import { type BehaviourBaselineRow, type BehaviourStore, type EntitySeries } from './behaviour-anomaly.store';

export type BehaviourJobOptions = {
  /** History each hour is judged against (default 28 days: four of each hour of week). */
  baselineDays: number;
  /** Completed hours judged besides the hour in progress (default 1: late rows of the last hour count). */
  completedHours: number;
  kinds: readonly EntityKind[];
  detector: Partial<BehaviourDetectorOptions>;
};

export const BEHAVIOUR_JOB_DEFAULTS: BehaviourJobOptions = {
  baselineDays: 28,
  completedHours: 1,
  kinds: ['app', 'model', 'user'],
  detector: {},
};

export type BehaviourJobDeps = {
  store: BehaviourStore;
  /** Produces findings to the findings topic; resolves once the broker has them. */
  publishFindings: (findings: Finding[]) => Promise<void>;
  logger: Pick<Logger, 'info' | 'debug'>;
  clock?: () => Date;
};

/**
 * Behavioural anomalies per user, app and model: the hour in progress and the last completed hour, each
 * judged against the entity's own hourly history (`detectBehaviourAnomalies`), read from the aggregates
 * of migration 004.
 *
 * Idempotence: a finding's id is a function of entity, metric and hour. Ids already in the findings
 * table are not reported again, so a re-run (every few minutes over the same hour) stays quiet; a crash
 * between Kafka and the table re-sends the same ids, which downstream dedups (ADR 0004).
 */
export class BehaviourAnomalyJob implements AnalyzerJob {
  readonly name = 'behaviour_anomaly';
  private readonly options: BehaviourJobOptions;

  constructor(
    options: Partial<BehaviourJobOptions>,
    private readonly deps: BehaviourJobDeps,
  ) {
    this.options = { ...BEHAVIOUR_JOB_DEFAULTS, ...options };
  }

  async run(now: Date): Promise<AnalyzerJobResult> {
    const { options, deps } = this;
    const currentHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
    const firstHour = currentHour - options.completedHours * HOUR_MS;
    const active = { start: new Date(firstHour), end: new Date(currentHour + HOUR_MS) };
    const window = { start: new Date(firstHour - options.baselineDays * DAY_MS), end: active.end };
    const zThreshold = options.detector.zThreshold ?? BEHAVIOUR_DETECTOR_DEFAULTS.zThreshold;
    const minActiveHours = options.detector.minActiveHours ?? BEHAVIOUR_DETECTOR_DEFAULTS.minActiveHours;

    const anomalies: BehaviourAnomaly[] = [];
    const baselines: BehaviourBaselineRow[] = [];
    const computedAt = (deps.clock ?? (() => new Date()))();
    let series = 0;
    for (const kind of options.kinds) {
      for await (const entities of deps.store.series(kind, active, window)) {
        series += entities.length;
        for (const entity of entities) {
          for (let hour = firstHour; hour <= currentHour; hour += HOUR_MS) {
            const windowStart = hour - options.baselineDays * DAY_MS;
            anomalies.push(...detectBehaviourAnomalies(entity, hour, windowStart, options.detector));
          }
          if (kind === 'user') {
            const baseline = tokenBaseline(entity, firstHour, computedAt, minActiveHours);
            if (baseline) baselines.push(baseline);
          }
        }
      }
    }

    const candidates = anomalies.map((anomaly) => behaviourFinding(anomaly, zThreshold));
    const known = await deps.store.existingFindings(
      candidates.map((finding) => finding.finding_id),
      new Date(firstHour),
    );
    const findings = candidates.filter((finding) => !known.has(finding.finding_id));
    await deps.publishFindings(findings);
    await deps.store.writeFindings(findings.map((finding) => toFindingRow(finding, computedAt)));
    await deps.store.writeBaselines(baselines);
    deps.logger.info(
      {
        hours: [new Date(firstHour).toISOString(), new Date(currentHour).toISOString()],
        series,
        anomalies: anomalies.length,
        new_findings: findings.length,
      },
      'behaviour anomaly run',
    );
    return { series, rowsWritten: findings.length + baselines.length, findings: findings.length };
  }
}

/**
 * A user's norm of tokens per request for the inline per-event score: median and robust σ of the
 * hourly log-means before `before`. An hourly mean over n requests varies √n less than one request, so
 * the σ is widened by √(typical requests per hour); 0.25 (±28 %) at least.
 */
export function tokenBaseline(
  series: EntitySeries,
  before: number,
  computedAt: Date,
  minActiveHours: number,
): BehaviourBaselineRow | undefined {
  const hours = series.hours.filter((hour: HourlyActivity) => hour.hourStart < before && hour.requests > 0);
  if (hours.length < minActiveHours || !series.entity.userId) return undefined;
  const logs = hours.map((hour) => Math.log1p((hour.inputTokens + hour.outputTokens) / hour.requests));
  const typicalRequests = median(hours.map((hour) => hour.requests));
  const scale = Math.max(0.25, MAD_TO_SIGMA * medianAbsoluteDeviation(logs) * Math.sqrt(typicalRequests));
  return {
    tenant_id: series.entity.tenantId,
    app_id: series.entity.appId,
    user_id: series.entity.userId,
    tokens_log_median: median(logs),
    tokens_log_scale: scale,
    active_hours: hours.length,
    computed_at: toClickHouseDateTime(computedAt),
  };
}
