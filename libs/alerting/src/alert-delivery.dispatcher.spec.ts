import { makeFinding } from '@argus/testing';
import { type Alert, alertFromFinding } from './alert';
import { type DeliveryAttempt } from './alert-delivery';
import { AlertDispatcher, type SinkLimits } from './alert-delivery.dispatcher';
import { CircuitBreaker, TokenBucket } from './alert-delivery.limits';
import { type AlertSink, PermanentDeliveryError, TransientDeliveryError } from './sinks/alert-sink';

describe('TokenBucket', () => {
  it('allows the burst at once, then one token per 1/rate seconds', () => {
    const bucket = new TokenBucket(2, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([0, 0, 0]);
    expect(bucket.take(0)).toBe(500);
    expect(bucket.take(499)).toBeGreaterThan(0);
    expect(bucket.take(500)).toBe(0);
    expect(bucket.take(10_000)).toBe(0); // refilled, capped at the burst
    expect([bucket.take(10_000), bucket.take(10_000), bucket.take(10_000)]).toEqual([0, 0, 500]);
  });
});

describe('CircuitBreaker', () => {
  it('opens after N consecutive failures, lets one probe through after the cooldown, closes on success', () => {
    const breaker = new CircuitBreaker(3, 1000);
    breaker.failure(0);
    breaker.success();
    breaker.failure(1);
    breaker.failure(2);
    expect(breaker.state).toBe('closed');
    breaker.failure(3);
    expect(breaker.state).toBe('open');
    expect(breaker.admit(500)).toBe(503);
    expect(breaker.admit(1003)).toBe(0); // the probe
    expect(breaker.state).toBe('half_open');
    expect(breaker.admit(1004)).toBeGreaterThan(0); // one probe at a time
    breaker.failure(1100);
    expect(breaker.state).toBe('open'); // a failed probe re-opens at once
    expect(breaker.admit(1200)).toBe(900);
    expect(breaker.admit(2100)).toBe(0);
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(breaker.admit(2101)).toBe(0);
  });
});

/** A sink that fails while `down` is true (transient), or by a scripted list of errors. */
class ScriptedSink implements AlertSink {
  readonly delivered: string[] = [];
  calls = 0;
  down = false;
  constructor(
    readonly name: string,
    private readonly errors: Error[] = [],
  ) {}
  deliver(alert: Alert): Promise<void> {
    this.calls++;
    const error = this.errors.shift();
    if (error) return Promise.reject(error);
    if (this.down) return Promise.reject(new TransientDeliveryError('503'));
    this.delivered.push(alert.alert_id);
    return Promise.resolve();
  }
}

function setup(sinks: ScriptedSink[], limits: Partial<SinkLimits> = {}, maxAttempts = 4) {
  const clock = { now: 0 };
  const attempts: (DeliveryAttempt & { alert_id: string })[] = [];
  const parked: { alert_id: string; sink: string }[] = [];
  const deferred: string[] = [];
  const circuit: string[] = [];
  const dispatcher = new AlertDispatcher({
    sinks,
    limitsFor: () => ({
      rateLimit: undefined,
      circuitBreaker: { failures: 3, cooldownMs: 10_000 },
      ...limits,
    }),
    retry: { maxAttempts, baseDelayMs: 100 },
    concurrency: 4,
    recordAttempt: (alert, attempt) => (
      attempts.push({ ...attempt, alert_id: alert.alert_id }),
      Promise.resolve()
    ),
    park: (alert, sink) => (parked.push({ alert_id: alert.alert_id, sink }), Promise.resolve()),
    onDeferred: (sink, reason) => deferred.push(`${sink}:${reason}`),
    onCircuitChange: (sink, state) => circuit.push(`${sink}:${state}`),
    now: () => clock.now,
    // The fake clock: sleeping advances time, after letting other sends run.
    sleep: async (ms) => {
      await new Promise((resolve) => setImmediate(resolve));
      clock.now += ms;
    },
    random: () => 1,
  });
  return { dispatcher, clock, attempts, parked, deferred, circuit };
}

const alerts = (count: number) =>
  Array.from({ length: count }, (_, index) =>
    alertFromFinding(makeFinding({ finding_id: `f${index}` }), new Date(0)),
  );

describe('AlertDispatcher', () => {
  it('delivers to each sink the alert names, recording every attempt', async () => {
    const webhook = new ScriptedSink('webhook', [new TransientDeliveryError('503')]);
    const slack = new ScriptedSink('slack');
    const { dispatcher, attempts } = setup([webhook, slack]);
    const [a, b] = alerts(2);
    expect(dispatcher.enqueue({ ...a, sinks: ['webhook', 'slack', 'pagerduty'] })).toEqual(['pagerduty']);
    dispatcher.enqueue({ ...b, sinks: ['slack'] });
    await dispatcher.drain(60_000);
    expect(webhook.delivered).toEqual([a.alert_id]);
    expect(slack.delivered.sort()).toEqual([a.alert_id, b.alert_id].sort());
    expect(attempts.filter((row) => row.sink === 'webhook').map((row) => row.status)).toEqual([
      'failed',
      'delivered',
    ]);
  });

  it('parks after the last attempt and at once on a permanent failure', async () => {
    const broken = new ScriptedSink('webhook', [new PermanentDeliveryError('401')]);
    const { dispatcher, parked, attempts } = setup([broken]);
    const [a] = alerts(1);
    dispatcher.enqueue(a);
    await dispatcher.drain(60_000);
    expect(parked).toEqual([{ alert_id: a.alert_id, sink: 'webhook' }]);
    expect(attempts.map((row) => row.status)).toEqual(['parked']);
  });

  it('opens the circuit on a long outage, spends no attempts while open, and delivers everything after', async () => {
    const sink = new ScriptedSink('webhook');
    sink.down = true;
    const { dispatcher, clock, attempts, parked, deferred, circuit } = setup([sink], {}, 4);
    const batch = alerts(20);
    for (const alert of batch) dispatcher.enqueue(alert);
    // Ten minutes of outage: far longer than 4 attempts with backoff would last without the breaker.
    while (clock.now < 600_000)
      await new Promise((resolve) => setImmediate(resolve)).then(() => (clock.now += 50));
    expect(circuit[0]).toBe('webhook:open');
    const callsDuringOutage = sink.calls;
    expect(callsDuringOutage).toBeLessThan(3 + 4 + 600 / 10 + 5); // opening failures, in flight, one probe per cooldown
    sink.down = false;
    await dispatcher.drain(600_000);
    expect(new Set(sink.delivered)).toEqual(new Set(batch.map((alert) => alert.alert_id)));
    expect(sink.delivered).toHaveLength(20); // once each
    expect(parked).toEqual([]); // failed probes spend no attempt: a long outage parks nothing
    expect(deferred).toContain('webhook:circuit_open');
    expect(circuit.at(-1)).toBe('webhook:closed');
    expect(attempts.filter((row) => row.status === 'delivered')).toHaveLength(20);
  });

  it('rate-limits a sink: excess alerts wait for tokens and are all delivered', async () => {
    const sink = new ScriptedSink('slack');
    const { dispatcher, clock, deferred } = setup([sink], { rateLimit: { perSecond: 1, burst: 2 } });
    for (const alert of alerts(6)) dispatcher.enqueue(alert);
    await dispatcher.drain(60_000);
    expect(sink.delivered).toHaveLength(6);
    expect(clock.now).toBeGreaterThanOrEqual(4000); // 2 at once, then one a second
    expect(deferred.filter((entry) => entry === 'slack:rate_limit').length).toBeGreaterThan(0);
  });

  it('leaves the delivery unfinished (failed, not parked) when the DLQ refuses the alert', async () => {
    const broken = new ScriptedSink('webhook', [new PermanentDeliveryError('401')]);
    const errors: unknown[] = [];
    const attempts: DeliveryAttempt[] = [];
    const dispatcher = new AlertDispatcher({
      sinks: [broken],
      limitsFor: () => ({ rateLimit: undefined, circuitBreaker: { failures: 3, cooldownMs: 1000 } }),
      retry: { maxAttempts: 3, baseDelayMs: 1 },
      concurrency: 1,
      recordAttempt: (_alert, attempt) => (attempts.push(attempt), Promise.resolve()),
      park: () => Promise.reject(new Error('DLQ topic unavailable')),
      onError: (error) => errors.push(error),
    });
    dispatcher.enqueue(alerts(1)[0]);
    await dispatcher.drain(5000);
    expect(attempts.map((attempt) => attempt.status)).toEqual(['failed']);
    expect(attempts[0].error).toMatch(/401; not parked: DLQ topic unavailable/);
    expect(errors).toHaveLength(1);
  });

  it('continues the attempt count of a resumed delivery', async () => {
    const sink = new ScriptedSink('webhook', [new TransientDeliveryError('503')]);
    const { dispatcher, attempts, parked } = setup([sink], {}, 3);
    const [a] = alerts(1);
    dispatcher.enqueue(a, ['webhook'], 3);
    await dispatcher.drain(60_000);
    expect(attempts.map((row) => [row.attempt, row.status])).toEqual([[3, 'parked']]);
    expect(parked).toHaveLength(1);
  });

  it('does not send again what it just finished (an outbox sweep racing the final row)', async () => {
    const sink = new ScriptedSink('webhook');
    const { dispatcher, clock } = setup([sink]);
    const [a] = alerts(1);
    dispatcher.enqueue(a);
    await dispatcher.drain(1000);
    dispatcher.enqueue(a);
    await dispatcher.drain(1000);
    expect(sink.delivered).toEqual([a.alert_id]);
    clock.now += 120_000; // long after: a genuine resume of the same id is allowed
    dispatcher.enqueue(a);
    await dispatcher.drain(1000);
    expect(sink.delivered).toEqual([a.alert_id, a.alert_id]);
  });

  it('stops sending after close(), leaving the rest pending', async () => {
    const sink = new ScriptedSink('webhook');
    const { dispatcher } = setup([sink], { rateLimit: { perSecond: 1, burst: 1 } });
    for (const alert of alerts(5)) dispatcher.enqueue(alert);
    await new Promise((resolve) => setImmediate(resolve));
    dispatcher.close();
    await dispatcher.drain(10_000);
    expect(sink.delivered.length).toBeLessThan(5);
  });
});
