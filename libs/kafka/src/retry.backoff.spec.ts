import { backoffDelayMs } from './retry.backoff';

describe('backoffDelayMs', () => {
  const policy = { initialMs: 200, maxMs: 30_000 };
  const middle = () => 0.5;

  it('doubles from the initial delay', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(attempt, policy, middle))).toEqual([
      200, 400, 800, 1600,
    ]);
  });

  it('is capped, even with the largest spread and absurd attempt numbers', () => {
    expect(backoffDelayMs(20, policy, () => 1)).toBe(30_000);
    expect(backoffDelayMs(10_000, policy, () => 1)).toBe(30_000);
  });

  it('spreads delays by at most 20 %', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(640);
    expect(backoffDelayMs(3, policy, () => 1)).toBe(960);
  });
});
