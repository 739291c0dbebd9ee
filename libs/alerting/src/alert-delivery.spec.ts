import { makeFinding } from '@argus/testing';
import { alertFromFinding } from './alert';
import { deliverWithRetry, retryDelayMs } from './alert-delivery';
import { type AlertSink, PermanentDeliveryError, TransientDeliveryError } from './sinks/alert-sink';

function flakySink(failures: Error[]): AlertSink & { delivered: number } {
  const sink = {
    name: 'flaky',
    delivered: 0,
    deliver: () => {
      const failure = failures.shift();
      if (failure) return Promise.reject(failure);
      sink.delivered++;
      return Promise.resolve();
    },
  };
  return sink;
}

describe('deliverWithRetry', () => {
  const alert = alertFromFinding(makeFinding(), new Date('2026-01-01T00:00:00Z'));
  const sleeps: number[] = [];
  const deps = { sleep: (ms: number) => (sleeps.push(ms), Promise.resolve()), random: () => 1 };
  beforeEach(() => (sleeps.length = 0));

  it('retries transient failures with growing delays until delivered', async () => {
    const sink = flakySink([new TransientDeliveryError('503'), new TransientDeliveryError('503')]);
    const outcome = await deliverWithRetry(sink, alert, { maxAttempts: 5, baseDelayMs: 100 }, deps);
    expect(outcome.delivered).toBe(true);
    expect(sink.delivered).toBe(1);
    expect(outcome.attempts.map((attempt) => attempt.status)).toEqual(['failed', 'failed', 'delivered']);
    expect(sleeps).toEqual([100, 200]);
  });

  it('parks the alert after the last attempt, with every error recorded', async () => {
    const sink = flakySink([1, 2, 3].map((n) => new TransientDeliveryError(`down ${n}`)));
    const outcome = await deliverWithRetry(sink, alert, { maxAttempts: 3, baseDelayMs: 10 }, deps);
    expect(outcome.delivered).toBe(false);
    expect(outcome.attempts.map((attempt) => [attempt.status, attempt.error])).toEqual([
      ['failed', 'down 1'],
      ['failed', 'down 2'],
      ['parked', 'down 3'],
    ]);
  });

  it('parks at once on a permanent failure', async () => {
    const sink = flakySink([new PermanentDeliveryError('HTTP 401')]);
    const outcome = await deliverWithRetry(sink, alert, { maxAttempts: 5, baseDelayMs: 10 }, deps);
    expect(outcome.attempts).toHaveLength(1);
    expect(outcome.attempts[0].status).toBe('parked');
  });

  it('honours a longer Retry-After and caps the delay', () => {
    expect(retryDelayMs(1, { maxAttempts: 3, baseDelayMs: 100 }, () => 0, 5000)).toBe(5000);
    expect(retryDelayMs(20, { maxAttempts: 30, baseDelayMs: 100, maxDelayMs: 1000 }, () => 1)).toBe(1000);
    expect(retryDelayMs(1, { maxAttempts: 3, baseDelayMs: 100 }, () => 0)).toBe(50);
  });
});

describe('alertFromFinding', () => {
  it('derives the same alert id from the same finding, so replays do not duplicate', () => {
    const finding = makeFinding();
    expect(alertFromFinding(finding, new Date()).alert_id).toBe(
      alertFromFinding(finding, new Date(0)).alert_id,
    );
    expect(alertFromFinding(makeFinding({ finding_id: 'other' }), new Date()).alert_id).not.toBe(
      alertFromFinding(finding, new Date()).alert_id,
    );
  });
});
