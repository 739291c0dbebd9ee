import { median, medianAbsoluteDeviation } from 'simple-statistics';
import { BEHAVIOUR_METRICS, type MetricDefinition } from './behaviour.metrics';
import {
  type BaselineMode,
  type BehaviourAnomaly,
  type BehaviourEntity,
  type BehaviourMetricName,
  type Direction,
  type HourlyActivity,
  idleHour,
} from './behaviour.types';
import { binomialUpperTail, poissonUpperTail } from './count.tests';
import { ewma, ewmaSigma } from './ewma';
import {
  chooseBaselineMode,
  HOUR_MS,
  MAD_TO_SIGMA,
  robustBaseline,
  type SeasonalityOptions,
  type TimedValue,
} from './robust.baseline';

export type EwmaOptions = {
  /** Weight of the newest hour (default 0.3). */
  readonly lambda: number;
  /** Control limit in units of the EWMA's own σ (default 4). */
  readonly limit: number;
  /** Hours the EWMA runs over, the evaluated one included; they are kept out of the baseline (default 6). */
  readonly hours: number;
};

export type BehaviourDetectorOptions = {
  /** |robust z| from which one hour is anomalous (default 5). */
  readonly zThreshold: number;
  /**
   * Largest tail probability of the count test (Poisson requests, binomial rates) (default 10⁻⁵: a
   * tenant with 1,000 entities has ~100,000 rate tests a day, so sampling noise alone stays ≤ ~1 a day).
   */
  readonly alpha: number;
  readonly seasonality: SeasonalityOptions;
  /** Active hours an entity needs in its baseline before it is judged: new entities have no norm yet. */
  readonly minActiveHours: number;
  /**
   * Floors of the scale, so constant series do not explode: √(request-equivalents) for volumes (½ is
   * the Poisson σ there), log units for means, a proportion for rates.
   */
  readonly volumeMinScale: number;
  readonly meanMinLogScale: number;
  readonly rateMinScale: number;
  /** Sustained-shift test over the last hours; `false` turns it off. */
  readonly ewma: EwmaOptions | false;
  readonly metrics: readonly BehaviourMetricName[];
};

export const BEHAVIOUR_DETECTOR_DEFAULTS: BehaviourDetectorOptions = {
  zThreshold: 5,
  alpha: 1e-5,
  seasonality: { minWeeks: 3, minDays: 5 },
  minActiveHours: 8,
  volumeMinScale: 0.5,
  meanMinLogScale: 0.1,
  rateMinScale: 0.01,
  ewma: { lambda: 0.3, limit: 4, hours: 6 },
  metrics: BEHAVIOUR_METRICS.map((metric) => metric.name),
};

/** One entity's hourly activity over the analysed window. */
export type EntityActivity = {
  readonly entity: BehaviourEntity;
  /** Rows for hours in [windowStart, evaluatedHour], any order; a missing hour had no activity. */
  readonly hours: readonly HourlyActivity[];
};

type Judgement = {
  readonly z: number;
  readonly expected: number;
  readonly expectedLow: number;
  readonly expectedHigh: number;
  readonly mode: BaselineMode;
  readonly points: number;
  /** Minimum evidence of the hour (count, requests) is there. */
  readonly eligible: boolean;
  readonly pValue?: number;
};

type Prepared = {
  readonly definition: MetricDefinition;
  judge(activity: HourlyActivity): Judgement | undefined;
};

/**
 * Judges one hour of one entity against its own history: for each metric a robust z-score against the
 * most seasonal baseline the history allows, gated by minimum counts and a Poisson/binomial tail, and an
 * EWMA of the last hours' z-scores for shifts too small for one hour but sustained. Pure and
 * deterministic: the analyzer re-runs it and gets the same anomalies.
 */
export function detectBehaviourAnomalies(
  activity: EntityActivity,
  evaluatedHour: number,
  windowStart: number,
  overrides: Partial<BehaviourDetectorOptions> = {},
): BehaviourAnomaly[] {
  const options = { ...BEHAVIOUR_DETECTOR_DEFAULTS, ...overrides };
  if (evaluatedHour % HOUR_MS !== 0) throw new RangeError('evaluatedHour must be the start of an hour');
  const byHour = new Map<number, HourlyActivity>();
  for (const row of activity.hours) {
    if (row.hourStart >= windowStart && row.hourStart <= evaluatedHour) byHour.set(row.hourStart, row);
  }
  const current = byHour.get(evaluatedHour);
  if (!current || current.requests === 0) return [];

  const recentHours = options.ewma === false ? 1 : Math.max(1, options.ewma.hours);
  const recentStart = evaluatedHour - (recentHours - 1) * HOUR_MS;
  const baseline = [...byHour.values()]
    .filter((row) => row.hourStart < recentStart && row.requests > 0)
    .sort((left, right) => left.hourStart - right.hourStart);
  if (baseline.length < options.minActiveHours) return [];
  const recent: HourlyActivity[] = [];
  for (let hour = recentStart; hour <= evaluatedHour; hour += HOUR_MS) {
    recent.push(byHour.get(hour) ?? idleHour(hour));
  }

  const anomalies: BehaviourAnomaly[] = [];
  for (const definition of BEHAVIOUR_METRICS) {
    if (!options.metrics.includes(definition.name)) continue;
    const prepared = prepareMetric(definition, baseline, recentStart, options);
    const anomaly = judgeMetric(prepared, activity.entity, current, recent, options);
    if (anomaly) anomalies.push(anomaly);
  }
  return anomalies;
}

function judgeMetric(
  prepared: Prepared,
  entity: BehaviourEntity,
  current: HourlyActivity,
  recent: readonly HourlyActivity[],
  options: BehaviourDetectorOptions,
): BehaviourAnomaly | undefined {
  const { definition } = prepared;
  const judgement = prepared.judge(current);
  if (!judgement?.eligible) return undefined;
  const countOk = judgement.pValue === undefined || judgement.pValue <= options.alpha;
  const direction = directionOf(judgement.z, options.zThreshold, definition.directions);
  const base = {
    entity,
    metric: definition.name,
    kind: definition.kind,
    hourStart: current.hourStart,
    observed: definition.value(current),
    expected: judgement.expected,
    expectedLow: judgement.expectedLow,
    expectedHigh: judgement.expectedHigh,
    baseline: judgement.mode,
    baselineHours: judgement.points,
    requests: current.requests,
  };
  if (direction && countOk) {
    return {
      ...base,
      direction,
      zScore: judgement.z,
      score: scoreOf(judgement.z, options.zThreshold),
      test: 'robust_z',
      ...(judgement.pValue !== undefined ? { pValue: judgement.pValue } : {}),
    };
  }
  // Only rates get the sustained-shift test, because only they have a count test that can pool the
  // recent hours. Volumes and means follow the day (a busy day is busy all day, the residuals of
  // neighbouring hours are correlated), which an EWMA of their z-scores would report every afternoon.
  if (options.ewma === false || definition.kind !== 'rate' || judgement.z < 1) return undefined;
  if (!definition.directions.includes('up')) return undefined;
  // A sustained shift: every recent hour a little high. The counts of those hours pooled must still be
  // improbable under the baseline, so a run of small-count hours cannot add up to an alert.
  const zScores = recent.map((hour) => prepared.judge(hour)?.z ?? 0);
  const average = ewma(zScores, options.ewma.lambda);
  const limit = options.ewma.limit * ewmaSigma(options.ewma.lambda);
  if (average < limit) return undefined;
  const pooledP = pooledTail(definition, recent, prepared, judgement.expected);
  if (pooledP !== undefined && pooledP > options.alpha) return undefined;
  return {
    ...base,
    direction: 'up',
    zScore: average,
    score: scoreOf(average, limit),
    test: 'ewma',
    ...(pooledP !== undefined ? { pValue: pooledP } : {}),
  };
}

function directionOf(z: number, threshold: number, allowed: readonly Direction[]): Direction | undefined {
  if (z >= threshold && allowed.includes('up')) return 'up';
  if (z <= -threshold && allowed.includes('down')) return 'down';
  return undefined;
}

/** 0.5 at the threshold, 0.75 at twice it, → 1. */
function scoreOf(z: number, threshold: number): number {
  return 1 - Math.pow(2, -Math.abs(z) / threshold);
}

function pooledTail(
  definition: MetricDefinition,
  recent: readonly HourlyActivity[],
  prepared: Prepared,
  baselineRate: number,
): number | undefined {
  const total = recent.reduce(
    (sum, hour) => ({
      requests: sum.requests + hour.requests,
      events: sum.events + (definition.numerator?.(hour) ?? 0),
      expected: sum.expected + (prepared.judge(hour)?.expected ?? 0),
    }),
    { requests: 0, events: 0, expected: 0 },
  );
  if (definition.name === 'requests') {
    return total.requests >= definition.minObserved ? poissonUpperTail(total.requests, total.expected) : 1;
  }
  if (definition.kind === 'rate') {
    if (total.events < definition.minObserved) return 1;
    return binomialUpperTail(total.events, total.requests, Math.max(baselineRate, 0.5 / total.requests));
  }
  return undefined;
}

function prepareMetric(
  definition: MetricDefinition,
  baseline: readonly HourlyActivity[],
  recentStart: number,
  options: BehaviourDetectorOptions,
): Prepared {
  switch (definition.kind) {
    case 'volume':
      return prepareVolume(definition, baseline, recentStart, options);
    case 'mean':
      return prepareMean(definition, baseline, options);
    case 'rate':
      return prepareRate(definition, baseline, options);
  }
}

/**
 * Volumes are compared on √(x / unit), the unit being the entity's typical amount per request (1 for
 * requests): for Poisson-like counts the square root has a standard deviation of ½ whatever the level,
 * which is the scale floor. A log scale would make one request in a usually idle night hour look like an
 * infinite burst. Hours from the entity's first activity on count, idle ones as zero, so the quiet of
 * nights and weekends is part of the rhythm; the centre is the median of the same hour of week (or of
 * day) when the history holds enough of them.
 */
function prepareVolume(
  definition: MetricDefinition,
  baseline: readonly HourlyActivity[],
  recentStart: number,
  options: BehaviourDetectorOptions,
): Prepared {
  const unit = definition.perRequest
    ? Math.max(1, median(baseline.map((row) => definition.value(row) / row.requests)))
    : 1;
  const transform = (value: number): number => Math.sqrt(value / unit);
  const byHour = new Map(baseline.map((row) => [row.hourStart, row]));
  const zeroFilled: TimedValue[] = [];
  for (let hour = baseline[0].hourStart; hour < recentStart; hour += HOUR_MS) {
    const row = byHour.get(hour);
    zeroFilled.push({ hourStart: hour, value: transform(row ? definition.value(row) : 0) });
  }
  const cache = new Map<
    number,
    Omit<Judgement, 'z' | 'eligible' | 'pValue'> & { scale: number; center: number }
  >();
  return {
    definition,
    judge(activity) {
      let fitted = cache.get(activity.hourStart);
      if (!fitted) {
        const mode = chooseBaselineMode(zeroFilled, activity.hourStart, options.seasonality);
        const baselineFit = robustBaseline(zeroFilled, activity.hourStart, mode, options.volumeMinScale);
        if (!baselineFit) return undefined;
        const { center, scale } = baselineFit;
        const bound = (z: number): number => unit * Math.max(0, center + z * scale) ** 2;
        fitted = {
          mode,
          points: baselineFit.points,
          center,
          scale,
          expected: bound(0),
          expectedLow: bound(-options.zThreshold),
          expectedHigh: bound(options.zThreshold),
        };
        cache.set(activity.hourStart, fitted);
      }
      const observed = definition.value(activity);
      const z = (transform(observed) - fitted.center) / fitted.scale;
      const eligible = observed >= definition.minObserved && activity.requests >= definition.minRequests;
      const pValue =
        definition.name === 'requests'
          ? poissonUpperTail(observed, Math.max(fitted.expected, 0.5))
          : undefined;
      return {
        mode: fitted.mode,
        points: fitted.points,
        expected: fitted.expected,
        expectedLow: fitted.expectedLow,
        expectedHigh: fitted.expectedHigh,
        z,
        eligible,
        ...(pValue !== undefined ? { pValue } : {}),
      };
    },
  };
}

type LogFit = Omit<Judgement, 'z' | 'eligible' | 'pValue'> & { readonly zScale: number };

function logJudgement(
  fitted: { mode: BaselineMode; center: number; scale: number; points: number },
  threshold: number,
): LogFit {
  return {
    mode: fitted.mode,
    points: fitted.points,
    expected: Math.expm1(fitted.center),
    expectedLow: Math.max(0, Math.expm1(fitted.center - threshold * fitted.scale)),
    expectedHigh: Math.expm1(fitted.center + threshold * fitted.scale),
    zScale: fitted.scale,
  };
}

/**
 * Means per request (latency, tokens per request) over active hours, log scale, trailing baseline: they
 * hardly follow the daily rhythm. An hour with fewer requests than usual has a noisier mean, so its
 * scale grows by √(typical requests / its requests).
 */
function prepareMean(
  definition: MetricDefinition,
  baseline: readonly HourlyActivity[],
  options: BehaviourDetectorOptions,
): Prepared {
  const weightOf = definition.weight ?? ((row: HourlyActivity) => row.requests);
  const rows = baseline.filter((row) => weightOf(row) >= 1);
  const values = rows.map((row) => ({ hourStart: row.hourStart, value: Math.log1p(definition.value(row)) }));
  const fitted =
    rows.length >= options.minActiveHours
      ? robustBaseline(values, Number.MAX_SAFE_INTEGER, 'trailing', options.meanMinLogScale)
      : undefined;
  const typicalWeight = rows.length > 0 ? median(rows.map(weightOf)) : 0;
  return {
    definition,
    judge(activity) {
      if (!fitted) return undefined;
      const weight = weightOf(activity);
      const scale = fitted.scale * Math.sqrt(Math.max(1, typicalWeight / Math.max(weight, 1)));
      const fit = logJudgement({ ...fitted, scale }, options.zThreshold);
      const observed = definition.value(activity);
      return {
        ...fit,
        z: weight >= 1 ? (Math.log1p(observed) - fitted.center) / scale : 0,
        eligible: weight >= definition.minRequests,
      };
    },
  };
}

/**
 * Rates: the baseline proportion is pooled over the history (Σ events / Σ requests), stable even for
 * rare events whose hourly median is 0. The scale is the larger of the hour-to-hour spread (1.4826·MAD
 * of hourly rates) and the binomial standard error at the hour's request count, never below the floor;
 * on top, the hour's count must be improbable under Binomial(requests, baseline rate).
 */
function prepareRate(
  definition: MetricDefinition,
  baseline: readonly HourlyActivity[],
  options: BehaviourDetectorOptions,
): Prepared {
  const count = definition.numerator ?? (() => 0);
  const totalRequests = baseline.reduce((sum, row) => sum + row.requests, 0);
  const totalEvents = baseline.reduce((sum, row) => sum + count(row), 0);
  const rate = totalRequests > 0 ? totalEvents / totalRequests : 0;
  // A rate never seen is not a rate of exactly zero: half an event over the history keeps the tests finite.
  const floorRate = Math.max(rate, 0.5 / Math.max(totalRequests, 1));
  const hourlyRates = baseline
    .filter((row) => row.requests >= definition.minRequests)
    .map((row) => count(row) / row.requests);
  const spread = hourlyRates.length >= 4 ? MAD_TO_SIGMA * medianAbsoluteDeviation(hourlyRates) : 0;
  return {
    definition,
    judge(activity) {
      if (activity.requests === 0) return undefined;
      const standardError = Math.sqrt((floorRate * (1 - floorRate)) / activity.requests);
      const scale = Math.max(spread, standardError, options.rateMinScale);
      const events = count(activity);
      return {
        mode: 'trailing',
        points: baseline.length,
        expected: rate,
        expectedLow: Math.max(0, rate - options.zThreshold * scale),
        expectedHigh: Math.min(1, rate + options.zThreshold * scale),
        z: (events / activity.requests - rate) / scale,
        eligible: activity.requests >= definition.minRequests && events >= definition.minObserved,
        pValue: binomialUpperTail(events, activity.requests, floorRate),
      };
    },
  };
}
