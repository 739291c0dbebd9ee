/** Whose behaviour is measured. A user and a model are scoped to their app: their norms are app-specific. */
export type EntityKind = 'user' | 'app' | 'model';

export type BehaviourEntity = {
  readonly kind: EntityKind;
  readonly tenantId: string;
  readonly appId: string;
  /** Set for `model` entities. */
  readonly model?: string;
  /** Set for `user` entities (pseudonymous id of the telemetry). */
  readonly userId?: string;
};

/**
 * One entity's activity during one hour (the grain of the ClickHouse aggregates). Every count is of
 * distinct requests, so rates are numerator / `requests`. Hours absent from a history are hours with no
 * activity: volume metrics count them as zero.
 */
export type HourlyActivity = {
  /** Start of the hour, epoch milliseconds, a multiple of one hour (UTC). */
  readonly hourStart: number;
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Sum of latencies over the `latencyCount` requests that reported one. */
  readonly latencyMsSum: number;
  readonly latencyCount: number;
  readonly errors: number;
  readonly refusals: number;
  /** Requests with at least one tool call. */
  readonly toolCalls: number;
  /** Requests with at least one detector finding. */
  readonly withFindings: number;
};

/** An hour without activity: what a history's absent hours count as. */
export function idleHour(hourStart: number): HourlyActivity {
  return {
    hourStart,
    requests: 0,
    inputTokens: 0,
    outputTokens: 0,
    latencyMsSum: 0,
    latencyCount: 0,
    errors: 0,
    refusals: 0,
    toolCalls: 0,
    withFindings: 0,
  };
}

/**
 * - `volume`: an amount per hour (requests, tokens); seasonal, compared on a log scale so a burst is a
 *   ratio; hours without activity count as zero.
 * - `mean`: an average per request (latency, tokens per request); only active hours, log scale.
 * - `rate`: a proportion of requests (errors, refusals, …); binomial evidence required on top of the
 *   robust z-score, so 1 refusal out of 3 requests is never an anomaly.
 */
export type MetricKind = 'volume' | 'mean' | 'rate';

export type BehaviourMetricName =
  | 'requests'
  | 'input_tokens'
  | 'output_tokens'
  | 'tokens_per_request'
  | 'latency_ms'
  | 'error_rate'
  | 'refusal_rate'
  | 'tool_call_rate'
  | 'finding_rate';

export type Direction = 'up' | 'down';

/** Which history the expectation comes from: the same hour of week, the same hour of day, or all of it. */
export type BaselineMode = 'hour_of_week' | 'hour_of_day' | 'trailing';

export type AnomalyTest = 'robust_z' | 'ewma';

export type BehaviourAnomaly = {
  readonly entity: BehaviourEntity;
  readonly metric: BehaviourMetricName;
  readonly kind: MetricKind;
  readonly hourStart: number;
  readonly direction: Direction;
  readonly observed: number;
  /** Robust centre of the baseline (median), in the metric's unit. */
  readonly expected: number;
  /** centre ∓ threshold·scale, back in the metric's unit: values inside raise nothing. */
  readonly expectedLow: number;
  readonly expectedHigh: number;
  /** Robust z-score of the hour (or the EWMA of recent z-scores for `test: 'ewma'`). */
  readonly zScore: number;
  /** 0..1, grows with how far past the threshold the hour is. */
  readonly score: number;
  readonly test: AnomalyTest;
  readonly baseline: BaselineMode;
  readonly baselineHours: number;
  /** Requests in the evaluated hour. */
  readonly requests: number;
  /** Tail probability of the count test (Poisson for requests, binomial for rates), when one applies. */
  readonly pValue?: number;
};
