import {
  type Alert,
  AlertDispatcher,
  type AlertPolicy,
  type AlertSink,
  type CircuitState,
  type DeliveryAttempt,
  toDeliveryRow,
} from '@argus/alerting';
import { type AlertDeliveryRow, type BatchingWriter } from '@argus/clickhouse';
import { type ArgusConfig } from '@argus/config';
import { type KafkaProducerPort } from '@argus/kafka';
import { type ArgusMetrics, type Logger, errorFields } from '@argus/observability';
import { type AlerterMetrics } from './alerter.metrics';

/** Alerts in flight per sink: a webhook round trip is tens of ms, one at a time caps a sink near 20/s. */
const SINK_CONCURRENCY = 8;
const CIRCUIT_VALUE: Record<CircuitState, number> = { closed: 0, half_open: 1, open: 2 };

export type AlerterDispatcherDeps = {
  config: ArgusConfig;
  policy: AlertPolicy;
  sinks: readonly AlertSink[];
  producer: KafkaProducerPort;
  /** Attempt rows, buffered (see recordAttempt below). */
  attemptsWriter: BatchingWriter<AlertDeliveryRow>;
  metrics: ArgusMetrics;
  alerterMetrics: AlerterMetrics;
  logger: Logger;
};

/**
 * The alerter's wiring of the pure AlertDispatcher: limits from the policy, attempts to
 * `alert_deliveries`, parked alerts to the alerts DLQ, circuit changes and deferrals to metrics and logs.
 */
export function createAlerterDispatcher(deps: AlerterDispatcherDeps): AlertDispatcher {
  const { config, alerterMetrics, logger } = deps;
  for (const sink of deps.sinks) alerterMetrics.circuit.set({ sink: sink.name }, 0);
  return new AlertDispatcher({
    sinks: deps.sinks,
    limitsFor: (sink) => deps.policy.sinkSettings(sink),
    retry: { maxAttempts: config.alerting.maxAttempts, baseDelayMs: config.alerting.retryBaseMs },
    concurrency: SINK_CONCURRENCY,
    recordAttempt: (alert, attempt) => recordAttempt(deps, alert, attempt),
    park: (alert, sink, error) => park(deps, alert, sink, error),
    onDeferred: (sink, reason) => alerterMetrics.deferred.inc({ sink, reason }),
    onCircuitChange: (sink, state) => {
      alerterMetrics.circuit.set({ sink }, CIRCUIT_VALUE[state]);
      if (state === 'open') logger.warn({ sink, state }, 'alert sink circuit open: sends paused');
      else logger.info({ sink, state }, `alert sink circuit ${state}`);
    },
    onError: (error, context) => logger.error({ context, ...errorFields(error) }, 'alert delivery error'),
  });
}

/** `/readyz` detail: each sink's circuit and queue, e.g. `sinks: webhook open (5 failures), 12 queued`. */
export function describeSinkStates(dispatcher: AlertDispatcher | undefined): string {
  const lanes = dispatcher?.circuits() ?? [];
  if (lanes.length === 0) return 'sinks: none';
  return `sinks: ${lanes
    .map(
      (lane) =>
        `${lane.sink} ${lane.state}${lane.failures > 0 ? ` (${lane.failures} failures)` : ''}, ${lane.queued} queued`,
    )
    .join('; ')}`;
}

/**
 * Attempt rows are buffered and inserted together every 100 ms at most: an insert per send would queue
 * the outbox's own writes behind hundreds of tiny inserts, and waiting for each would hold a sink's
 * lane. A failed insert is logged by the writer's flush metrics; a lost `delivered` row means a re-send
 * after a restart (at least once, same alert id).
 */
function recordAttempt(deps: AlerterDispatcherDeps, alert: Alert, attempt: DeliveryAttempt): Promise<void> {
  deps.metrics.alertDeliveries.inc({ sink: attempt.sink, outcome: attempt.status });
  deps.attemptsWriter.add([toDeliveryRow(alert.alert_id, attempt)]);
  return Promise.resolve();
}

async function park(deps: AlerterDispatcherDeps, alert: Alert, sink: string, error: string): Promise<void> {
  const topic = deps.config.kafka.topics.alertsDeadLetter;
  await deps.producer.send(topic, [
    {
      key: alert.alert_id,
      value: JSON.stringify(alert),
      headers: {
        'argus-error': 'delivery_failed',
        'argus-error-reason': error.slice(0, 1024),
        'argus-sink': sink,
      },
    },
  ]);
  deps.metrics.alertsUndelivered.inc({ sink });
  deps.metrics.deadLettered.inc({ topic, code: 'delivery_failed' });
  deps.logger.error({ alert_id: alert.alert_id, sink, reason: error }, 'alert parked in the alerts DLQ');
}
