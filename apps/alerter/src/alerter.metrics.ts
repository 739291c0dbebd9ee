import { Counter, Gauge, type Registry } from 'prom-client';

/**
 * Metrics of the alert policy and the outbox, registered on the process registry next to the shared
 * ones (`argus_alerts_raised_total`, `argus_alert_deliveries_total`, `argus_alerts_undelivered`). Names
 * live here, in one place, until they move to libs/observability.
 */
export type AlerterMetrics = ReturnType<typeof createAlerterMetrics>;

export function createAlerterMetrics(registry: Registry) {
  const registers = [registry];
  // Two alerter instances in one process (tests) share one registry: reuse what is registered.
  const existing = <T>(name: string) => registry.getSingleMetric(name) as T | undefined;
  return {
    findings:
      existing<Counter<'outcome'>>('argus_alert_findings_total') ??
      new Counter({
        name: 'argus_alert_findings_total',
        help: 'Findings through the alert policy, by outcome: alerted, escalated, folded (grouped), muted, dropped, no_rule, below_floor.',
        labelNames: ['outcome'] as const,
        registers,
      }),
    deferred:
      existing<Counter<'sink' | 'reason'>>('argus_alert_deliveries_deferred_total') ??
      new Counter({
        name: 'argus_alert_deliveries_deferred_total',
        help: 'Sends that had to wait, by sink and reason (rate_limit, circuit_open); deferred, never dropped.',
        labelNames: ['sink', 'reason'] as const,
        registers,
      }),
    circuit:
      existing<Gauge<'sink'>>('argus_alert_sink_circuit_state') ??
      new Gauge({
        name: 'argus_alert_sink_circuit_state',
        help: 'Circuit breaker per sink: 0 closed, 1 half-open (probing), 2 open (sends paused).',
        labelNames: ['sink'] as const,
        registers,
      }),
    backlog:
      existing<Gauge>('argus_alert_outbox_backlog') ??
      new Gauge({
        name: 'argus_alert_outbox_backlog',
        help: 'Deliveries queued or in flight in this process (the outbox table holds them all).',
        registers,
      }),
    openGroups:
      existing<Gauge>('argus_alert_groups_open') ??
      new Gauge({
        name: 'argus_alert_groups_open',
        help: 'Alert groups whose window is open.',
        registers,
      }),
    resumed:
      existing<Counter<'sink'>>('argus_alert_deliveries_resumed_total') ??
      new Counter({
        name: 'argus_alert_deliveries_resumed_total',
        help: 'Deliveries found pending or failed in the outbox and handed back to the sinks (start-up, overflow).',
        labelNames: ['sink'] as const,
        registers,
      }),
  };
}
