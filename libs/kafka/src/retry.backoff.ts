export type BackoffPolicy = { initialMs: number; maxMs: number };

export const DEFAULT_BATCH_RETRY_BACKOFF: BackoffPolicy = { initialMs: 200, maxMs: 30_000 };

/**
 * Delay before retry number `attempt` (1 for the first retry): doubles from `initialMs`, capped at
 * `maxMs`, spread by ±20 % so consumers that failed together do not retry in lockstep.
 */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const base = Math.min(policy.initialMs * 2 ** exponent, policy.maxMs);
  const spread = 0.8 + 0.4 * random();
  return Math.round(Math.min(base * spread, policy.maxMs));
}
