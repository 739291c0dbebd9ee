import { errorFunction, gammaln } from 'simple-statistics';

/**
 * Upper-tail probabilities of counts: how likely at least `observed` events are under the baseline.
 * simple-statistics' `poissonDistribution` / `binomialDistribution` tabulate only until 1 − 10⁻⁴ of the
 * mass is covered, so tails smaller than that (the ones a gate at 10⁻⁵ needs) cannot be read from them.
 * The tail is therefore summed directly from the log-probability mass function (log-gamma from
 * simple-statistics), from `observed` upwards until the terms no longer matter.
 */

const NEGLIGIBLE = 1e-15;
/** Past this many terms the normal approximation is as good and much cheaper. */
const MAX_TERMS = 20_000;

function normalUpperTail(observed: number, mean: number, variance: number): number {
  if (variance <= 0) return observed > mean ? 0 : 1;
  // Continuity correction: P(X ≥ k) of a discrete count ≈ P(Z ≥ (k − ½ − μ)/σ) = ½·erfc(z/√2).
  const z = (observed - 0.5 - mean) / Math.sqrt(variance);
  return Math.min(1, Math.max(0, 0.5 * (1 - errorFunction(z / Math.SQRT2))));
}

/** Σ exp(logMass(x)) for x = from, from+1, … ≤ last, stopping once past the mode and negligible. */
function sumUpperTail(from: number, last: number, mode: number, logMass: (x: number) => number): number {
  let total = 0;
  for (let x = from; x <= last; x++) {
    const term = Math.exp(logMass(x));
    total += term;
    if (x > mode && term <= NEGLIGIBLE * Math.max(total, Number.MIN_VALUE)) break;
  }
  return Math.min(1, total);
}

/** P(X ≥ observed) for X ~ Poisson(expected). */
export function poissonUpperTail(observed: number, expected: number): number {
  if (observed <= 0) return 1;
  const lambda = Math.max(expected, 1e-9);
  // Below the mean the tail is large and summing up to it would be long: the normal answer suffices.
  if (observed < lambda && lambda > MAX_TERMS / 4) return normalUpperTail(observed, lambda, lambda);
  const logLambda = Math.log(lambda);
  return sumUpperTail(observed, observed + MAX_TERMS, lambda, (x) => x * logLambda - lambda - gammaln(x + 1));
}

/** P(X ≥ observed) for X ~ Binomial(trials, probability). */
export function binomialUpperTail(observed: number, trials: number, probability: number): number {
  if (observed <= 0) return 1;
  if (observed > trials) return 0;
  const p = Math.min(1, Math.max(probability, 0));
  if (p === 0) return 0;
  if (p === 1) return 1;
  const mean = trials * p;
  if (trials - observed > MAX_TERMS && observed < mean)
    return normalUpperTail(observed, mean, mean * (1 - p));
  const logTrials = gammaln(trials + 1);
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  return sumUpperTail(
    observed,
    Math.min(trials, observed + MAX_TERMS),
    mean,
    (x) => logTrials - gammaln(x + 1) - gammaln(trials - x + 1) + x * logP + (trials - x) * logQ,
  );
}
