import type { BehaviourMetricName, Direction, HourlyActivity, MetricKind } from './behaviour.types';

export type MetricDefinition = {
  readonly name: BehaviourMetricName;
  readonly kind: MetricKind;
  readonly unit: string;
  /** Directions that raise an anomaly: less traffic or fewer refusals are not a security signal. */
  readonly directions: readonly Direction[];
  /** Fewest requests in the evaluated hour for the metric to be judged at all. */
  readonly minRequests: number;
  /**
   * volume: smallest observed amount worth an alert; rate: fewest events (errors, refusals, …) in the
   * hour. Keeps quiet entities quiet: two requests where there was none is not a burst.
   */
  readonly minObserved: number;
  /** The value of an hour (volume: amount; mean: per request; rate: proportion). */
  readonly value: (activity: HourlyActivity) => number;
  /** volume metrics measured per request too (tokens): compared in units of the entity's usual amount per request. */
  readonly perRequest?: boolean;
  /** rate metrics: the events counted by the numerator. */
  readonly numerator?: (activity: HourlyActivity) => number;
  /** mean metrics: how many requests the mean is over. */
  readonly weight?: (activity: HourlyActivity) => number;
};

const ratio = (numerator: number, denominator: number): number =>
  denominator > 0 ? numerator / denominator : 0;

function rateMetric(
  name: BehaviourMetricName,
  count: (activity: HourlyActivity) => number,
  minObserved = 3,
): MetricDefinition {
  return {
    name,
    kind: 'rate',
    unit: 'share of requests',
    directions: ['up'],
    minRequests: 5,
    minObserved,
    value: (activity) => ratio(count(activity), activity.requests),
    numerator: count,
  };
}

/** The metrics of issue 5, one definition each; the detector loops over this list. */
export const BEHAVIOUR_METRICS: readonly MetricDefinition[] = [
  {
    name: 'requests',
    kind: 'volume',
    unit: 'requests/hour',
    directions: ['up'],
    minRequests: 0,
    minObserved: 10,
    value: (activity) => activity.requests,
  },
  {
    name: 'input_tokens',
    kind: 'volume',
    perRequest: true,
    unit: 'input tokens/hour',
    directions: ['up'],
    minRequests: 1,
    minObserved: 2000,
    value: (activity) => activity.inputTokens,
  },
  {
    name: 'output_tokens',
    kind: 'volume',
    perRequest: true,
    unit: 'output tokens/hour',
    directions: ['up'],
    minRequests: 1,
    minObserved: 2000,
    value: (activity) => activity.outputTokens,
  },
  {
    name: 'tokens_per_request',
    kind: 'mean',
    unit: 'tokens/request',
    directions: ['up'],
    minRequests: 3,
    minObserved: 0,
    value: (activity) => ratio(activity.inputTokens + activity.outputTokens, activity.requests),
    weight: (activity) => activity.requests,
  },
  {
    name: 'latency_ms',
    kind: 'mean',
    unit: 'ms (mean)',
    directions: ['up'],
    minRequests: 5,
    minObserved: 0,
    value: (activity) => ratio(activity.latencyMsSum, activity.latencyCount),
    weight: (activity) => activity.latencyCount,
  },
  rateMetric('error_rate', (activity) => activity.errors),
  rateMetric('refusal_rate', (activity) => activity.refusals),
  rateMetric('tool_call_rate', (activity) => activity.toolCalls),
  rateMetric('finding_rate', (activity) => activity.withFindings),
];

export function metricDefinition(name: BehaviourMetricName): MetricDefinition {
  const definition = BEHAVIOUR_METRICS.find((metric) => metric.name === name);
  if (!definition) throw new RangeError(`unknown behaviour metric ${name}`);
  return definition;
}
