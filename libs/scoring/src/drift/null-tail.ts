import { gammaln, mean, sampleSkewness, sampleStandardDeviation } from 'simple-statistics';

/**
 * Tail probability of an observed statistic under a permutation null, by a moment-matched Pearson
 * type III (shifted gamma) fit to the permuted statistics: their mean, standard deviation and skewness.
 *
 * Why: a permutation p-value cannot go below 1/(1 + permutations). With the run's Benjamini–Hochberg
 * correction over m tests, a lone drifting series needs p < alpha/m (5·10⁻⁵ for 1,000 tests), which
 * 200 permutations can never show. When the observed statistic beats every permutation, the fitted
 * tail says how far beyond it lies. The MMD² null is right-skewed (a weighted sum of chi-squares), so a
 * gamma fit is closer than a normal one, which would understate the tail. Used for the correction only;
 * the reported p-value stays the exact permutation one.
 */
export function pearsonTypeThreeTail(permuted: readonly number[], observed: number): number {
  if (permuted.length < 3) return 1;
  const center = mean(permuted);
  const spread = sampleStandardDeviation(permuted);
  if (!(spread > 0)) return observed > center ? 0 : 1;
  const z = (observed - center) / spread;
  // A skewness near zero or negative: the normal limit of the family.
  // The skewness of a few hundred permutations is uncertain (standard error ≈ √(6/n)), and too small a
  // skewness understates the tail: fit with its upper 2-σ bound, so the approximation errs on the side
  // of larger p-values (fewer false alarms), never smaller.
  const skew = Math.max(sampleSkewness(permuted), 0) + 2 * Math.sqrt(6 / permuted.length);
  if (skew < 0.05) return normalUpperTail(z);
  const shape = 4 / (skew * skew);
  // Standardised gamma: Y ~ Gamma(shape, 1), (Y − shape)/√shape has mean 0, sd 1, skewness `skew`.
  const threshold = shape + z * Math.sqrt(shape);
  if (threshold <= 0) return 1;
  return upperRegularizedGamma(shape, threshold);
}

/** P(Z ≥ z) for a standard normal, accurate far into the tail: ½·Q(½, z²/2) for z ≥ 0. */
export function normalUpperTail(z: number): number {
  const half = 0.5 * upperRegularizedGamma(0.5, (z * z) / 2);
  return z >= 0 ? half : 1 - half;
}

/**
 * Q(a, x) = Γ(a, x)/Γ(a): the series of P(a, x) below a + 1, Lentz's continued fraction above (the
 * standard pair; each converges fast in its range).
 */
export function upperRegularizedGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const logPrefactor = -x + a * Math.log(x) - gammaln(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return Math.max(0, 1 - sum * Math.exp(logPrefactor));
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let fraction = d;
  for (let n = 1; n < 1000; n++) {
    const an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return Math.min(1, Math.exp(logPrefactor) * fraction);
}
