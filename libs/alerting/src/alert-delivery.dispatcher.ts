import { type Alert } from './alert';
import { type DeliveryAttempt, type RetryOptions, retryDelayMs } from './alert-delivery';
import { CircuitBreaker, type CircuitState, TokenBucket } from './alert-delivery.limits';
import { type AlertSink } from './sinks/alert-sink';

export type SinkLimits = {
  rateLimit: { perSecond: number; burst: number } | undefined;
  circuitBreaker: { failures: number; cooldownMs: number };
};

export type DispatcherDeps = {
  sinks: readonly AlertSink[];
  limitsFor(sink: string): SinkLimits;
  retry: RetryOptions;
  /** Alerts in flight per sink (a webhook round trip is tens of ms: one at a time caps a sink near 20/s). */
  concurrency: number;
  /** Records one attempt in `alert_deliveries`. */
  recordAttempt(alert: Alert, attempt: DeliveryAttempt): Promise<void>;
  /** The last attempt failed: the alert goes to the alerts DLQ. */
  park(alert: Alert, sink: string, error: string): Promise<void>;
  /** A send waits: `rate_limit` (token bucket) or `circuit_open`. Counted, never silently dropped. */
  onDeferred?(sink: string, reason: 'rate_limit' | 'circuit_open'): void;
  onCircuitChange?(sink: string, state: CircuitState): void;
  onError?(error: unknown, context: string): void;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
};

type Job = { alert: Alert; nextAttempt: number };

type SinkLane = {
  sink: AlertSink;
  queue: Job[];
  running: number;
  breaker: CircuitBreaker;
  bucket: TokenBucket | undefined;
};

/** Long enough for a final attempt row to be flushed to `alert_deliveries`. */
const FINISHED_MEMORY_MS = 60_000;

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The sending half of the outbox. An alert is handed over only once it and its `pending` rows are
 * recorded; from then on each sink has its own lane (queue, concurrency, token bucket, circuit breaker)
 * so a slow or broken sink delays no other. Attempts are recorded as they happen; a crash leaves the
 * latest row `pending` or `failed`, and start-up hands those alerts back here (resume).
 *
 * While a circuit is open, alerts wait without spending attempts: an outage of any length ends with
 * every alert delivered. Only attempts that reach the sink count towards `retry.maxAttempts`.
 */
export class AlertDispatcher {
  private readonly lanes = new Map<string, SinkLane>();
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  /** `alert_id|sink` of every delivery queued or in progress. */
  private readonly active = new Set<string>();
  /**
   * `alert_id|sink` → when it finished: its final row may still be in the writer's buffer, so an outbox
   * sweep in that moment would see it unfinished and send it again.
   */
  private readonly finished = new Map<string, number>();
  private closed = false;

  constructor(private readonly deps: DispatcherDeps) {
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? defaultSleep;
    this.random = deps.random ?? Math.random;
    for (const sink of deps.sinks) {
      const limits = deps.limitsFor(sink.name);
      this.lanes.set(sink.name, {
        sink,
        queue: [],
        running: 0,
        breaker: new CircuitBreaker(limits.circuitBreaker.failures, limits.circuitBreaker.cooldownMs),
        bucket:
          limits.rateLimit && new TokenBucket(limits.rateLimit.perSecond, limits.rateLimit.burst, this.now()),
      });
    }
  }

  /**
   * Queues the alert for each named sink (`alert.sinks`, or every sink when absent). `nextAttempt` > 1
   * continues the attempt count of a resumed delivery. Returns the sink names it is not configured for.
   */
  enqueue(
    alert: Alert,
    sinks: readonly string[] = alert.sinks ?? [...this.lanes.keys()],
    nextAttempt = 1,
  ): string[] {
    const unknown: string[] = [];
    for (const name of sinks) {
      const lane = this.lanes.get(name);
      if (lane === undefined) {
        unknown.push(name);
        continue;
      }
      // Already queued or being sent (an outbox sweep can find a delivery that is in flight).
      const key = `${alert.alert_id}|${name}`;
      if (this.active.has(key) || this.recentlyFinished(key)) continue;
      this.active.add(key);
      lane.queue.push({ alert, nextAttempt });
      this.pump(lane);
    }
    return unknown;
  }

  /** Deliveries queued or in progress, all sinks. */
  get backlog(): number {
    let total = 0;
    for (const lane of this.lanes.values()) total += lane.queue.length + lane.running;
    return total;
  }

  circuits(): { sink: string; state: CircuitState; failures: number; queued: number }[] {
    return [...this.lanes.values()].map((lane) => ({
      sink: lane.sink.name,
      state: lane.breaker.state,
      failures: lane.breaker.failureCount,
      queued: lane.queue.length + lane.running,
    }));
  }

  /** Waits until the backlog is empty or `timeoutMs` passed; what is left stays pending in the outbox. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = this.now() + timeoutMs;
    while (this.backlog > 0 && this.now() < deadline) await this.sleep(Math.min(50, deadline - this.now()));
    return this.backlog === 0;
  }

  /** Stops starting new sends; queued alerts stay `pending` in the outbox for the next start. */
  close(): void {
    this.closed = true;
  }

  private pump(lane: SinkLane): void {
    while (!this.closed && lane.running < this.deps.concurrency && lane.queue.length > 0) {
      const job = lane.queue.shift()!;
      lane.running++;
      void this.run(lane, job)
        .catch((error: unknown) => this.deps.onError?.(error, `delivery to ${lane.sink.name}`))
        .finally(() => {
          lane.running--;
          const key = `${job.alert.alert_id}|${lane.sink.name}`;
          this.active.delete(key);
          this.finished.set(key, this.now());
          this.pump(lane);
        });
    }
  }

  private async run(lane: SinkLane, job: Job): Promise<void> {
    const { alert } = job;
    const sink = lane.sink;
    let attempt = job.nextAttempt;
    for (;;) {
      await this.waitForCircuit(lane);
      await this.waitForToken(lane);
      if (this.closed) return; // still pending in the outbox: resumed at the next start
      const before = lane.breaker.state;
      try {
        await sink.deliver(alert);
        lane.breaker.success();
        this.circuitChanged(lane, before);
        await this.deps.recordAttempt(alert, {
          sink: sink.name,
          attempt,
          status: 'delivered',
          error: '',
          at: new Date(this.now()),
        });
        return;
      } catch (error) {
        const message = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
        const retryable = (error as { retryable?: boolean }).retryable !== false;
        if (retryable) lane.breaker.failure(this.now());
        this.circuitChanged(lane, before);
        // A failed probe of a half-open circuit says the sink is still down, nothing about this alert:
        // it does not use up one of the alert's attempts (else a long outage would park the probes).
        const probe = before === 'half_open' && retryable;
        const last = !probe && (!retryable || attempt >= this.deps.retry.maxAttempts);
        const at = new Date(this.now());
        if (last) {
          // The `parked` row only once the alert is in the DLQ: if the DLQ cannot take it, the row says
          // `failed` and the delivery stays unfinished, so the next start-up tries again.
          try {
            await this.deps.park(alert, sink.name, message);
          } catch (parkError) {
            const reason = parkError instanceof Error ? parkError.message : String(parkError);
            await this.deps.recordAttempt(alert, {
              sink: sink.name,
              attempt,
              status: 'failed',
              error: `${message}; not parked: ${reason}`.slice(0, 1000),
              at,
            });
            throw parkError;
          }
          await this.deps.recordAttempt(alert, {
            sink: sink.name,
            attempt,
            status: 'parked',
            error: message,
            at,
          });
          return;
        }
        await this.deps.recordAttempt(alert, {
          sink: sink.name,
          attempt,
          status: 'failed',
          error: message,
          at,
        });
        const retryAfterMs = (error as { retryAfterMs?: number }).retryAfterMs;
        await this.sleep(retryDelayMs(attempt, this.deps.retry, this.random, retryAfterMs));
        if (!probe) attempt++;
      }
    }
  }

  private async waitForCircuit(lane: SinkLane): Promise<void> {
    let counted = false;
    for (;;) {
      const before = lane.breaker.state;
      const waitMs = lane.breaker.admit(this.now());
      this.circuitChanged(lane, before);
      if (waitMs === 0 || this.closed) return;
      if (!counted) this.deps.onDeferred?.(lane.sink.name, 'circuit_open');
      counted = true;
      await this.sleep(Math.min(waitMs, 1000));
    }
  }

  private async waitForToken(lane: SinkLane): Promise<void> {
    if (lane.bucket === undefined) return;
    let counted = false;
    for (;;) {
      const waitMs = lane.bucket.take(this.now());
      if (waitMs === 0 || this.closed) return;
      if (!counted) this.deps.onDeferred?.(lane.sink.name, 'rate_limit');
      counted = true;
      await this.sleep(waitMs);
    }
  }

  private recentlyFinished(key: string): boolean {
    const now = this.now();
    // Map iteration is insertion order: drop what has aged out from the front.
    for (const [finishedKey, at] of this.finished) {
      if (now - at < FINISHED_MEMORY_MS) break;
      this.finished.delete(finishedKey);
    }
    return this.finished.has(key);
  }

  private circuitChanged(lane: SinkLane, before: CircuitState): void {
    if (lane.breaker.state !== before) this.deps.onCircuitChange?.(lane.sink.name, lane.breaker.state);
  }
}
