/**
 * Exponentially weighted moving average of a series (oldest first), started at 0: the series here are
 * z-scores, whose expectation under "nothing changed" is 0. simple-statistics has no EWMA.
 */
export function ewma(values: readonly number[], lambda: number): number {
  if (!(lambda > 0 && lambda <= 1)) throw new RangeError(`EWMA lambda must be in (0, 1], got ${lambda}`);
  let level = 0;
  for (const value of values) level = lambda * value + (1 - lambda) * level;
  return level;
}

/**
 * Asymptotic standard deviation of the EWMA of independent unit-variance values: σ·√(λ/(2−λ)).
 * An EWMA control chart flags when the average exceeds L times this.
 */
export function ewmaSigma(lambda: number): number {
  return Math.sqrt(lambda / (2 - lambda));
}
