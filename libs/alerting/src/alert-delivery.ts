import { type Alert } from './alert';
import { type AlertSink } from './sinks/alert-sink';

export type DeliveryAttempt = {
  sink: string;
  attempt: number;
  status: 'delivered' | 'failed' | 'parked';
  error: string;
  at: Date;
};
export type DeliveryOutcome = { sink: string; delivered: boolean; attempts: DeliveryAttempt[] };
export type RetryOptions = { maxAttempts: number; baseDelayMs: number; maxDelayMs?: number };
export type DeliveryDeps = { sleep?: (ms: number) => Promise<void>; random?: () => number; now?: () => Date };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with full jitter; a receiver's Retry-After wins when it asks for longer. */
export function retryDelayMs(
  attempt: number,
  options: RetryOptions,
  random: () => number,
  retryAfterMs?: number,
): number {
  const cap = options.maxDelayMs ?? 30_000;
  const exponential = Math.min(cap, options.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exponential / 2 + random() * (exponential / 2);
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, cap));
}

/**
 * Delivers one alert to one sink, retrying transient failures. Every attempt is returned so the caller
 * can record it in `alert_deliveries`; after the last failed attempt the outcome is `parked` (the caller
 * sends it to the alerts DLQ): an alert is never dropped silently.
 */
export async function deliverWithRetry(
  sink: AlertSink,
  alert: Alert,
  options: RetryOptions,
  deps: DeliveryDeps = {},
): Promise<DeliveryOutcome> {
  const sleep = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  const now = deps.now ?? (() => new Date());
  const attempts: DeliveryAttempt[] = [];
  for (let attempt = 1; attempt <= options.maxAttempts; attempt++) {
    try {
      await sink.deliver(alert);
      attempts.push({ sink: sink.name, attempt, status: 'delivered', error: '', at: now() });
      return { sink: sink.name, delivered: true, attempts };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retryable = (error as { retryable?: boolean }).retryable !== false;
      const last = attempt === options.maxAttempts || !retryable;
      attempts.push({
        sink: sink.name,
        attempt,
        status: last ? 'parked' : 'failed',
        error: message.slice(0, 1000),
        at: now(),
      });
      if (last) return { sink: sink.name, delivered: false, attempts };
      await sleep(retryDelayMs(attempt, options, random, (error as { retryAfterMs?: number }).retryAfterMs));
    }
  }
  return { sink: sink.name, delivered: false, attempts };
}

/** Runs `work` over `items` with at most `limit` at a time; resolves when all are done. */
export async function forEachWithConcurrency<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++];
      await work(item);
    }
  });
  await Promise.all(runners);
}
