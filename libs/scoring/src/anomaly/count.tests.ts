import { binomialDistribution, errorFunction, poissonDistribution } from 'simple-statistics';

/**
 * Upper-tail probabilities of counts: how likely at least `observed` events are under the baseline.
 * simple-statistics tabulates the distributions until 1 − 10⁻⁴ of the mass is covered, so a tail
 * beyond the table is reported as what is left (< 10⁻⁴), enough to pass a gate at 10⁻⁴; inside the
 * table the complement is exact to floating-point precision.
 */

function tailOfTable(cells: readonly number[], observed: number): number {
  let below = 0;
  for (let value = 0; value < Math.min(observed, cells.length); value++) below += cells[value];
  return Math.min(1, Math.max(0, 1 - below));
}

function normalUpperTail(observed: number, mean: number, variance: number): number {
  if (variance <= 0) return observed > mean ? 0 : 1;
  // Continuity correction: P(X ≥ k) of a discrete count ≈ P(Z ≥ (k − ½ − μ)/σ) = ½·erfc(z/√2). Not the
  // tabulated normal CDF: its table stops at 0.999, too coarse for a gate at 10⁻⁴.
  const z = (observed - 0.5 - mean) / Math.sqrt(variance);
  return 0.5 * (1 - errorFunction(z / Math.SQRT2));
}

/** P(X ≥ observed) for X ~ Poisson(expected). */
export function poissonUpperTail(observed: number, expected: number): number {
  if (observed <= 0) return 1;
  const lambda = Math.max(expected, 1e-9);
  const cells = lambda <= 1000 ? poissonDistribution(lambda) : undefined;
  return cells ? tailOfTable(cells, observed) : normalUpperTail(observed, lambda, lambda);
}

/** P(X ≥ observed) for X ~ Binomial(trials, probability). */
export function binomialUpperTail(observed: number, trials: number, probability: number): number {
  if (observed <= 0) return 1;
  if (observed > trials) return 0;
  const p = Math.min(1, Math.max(probability, 0));
  const cells = trials <= 100_000 ? binomialDistribution(trials, p) : undefined;
  return cells ? tailOfTable(cells, observed) : normalUpperTail(observed, trials * p, trials * p * (1 - p));
}
