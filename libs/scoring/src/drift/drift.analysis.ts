import { squaredDistanceMatrix, medianHeuristicBandwidth, toKernelInPlace } from './kernel.matrix';
import { mmdPermutationTest } from './mmd.statistic';
import { centroidOf, cosineDistance, DriftInputError, type Sample, stackSamples } from './vectors';

export type DriftTestOptions = {
  /** Significance level of the permutation test (default 0.05). */
  readonly alpha?: number;
  /** Permutations of the MMD² test (default 500); the smallest reachable p-value is 1/(1 + permutations). */
  readonly permutations?: number;
  /**
   * Smallest `effect` (MMD², see below) that counts as drift, whatever the p-value (default 0.00035,
   * calibrated with the hashing embedder on topics_dev, see README).
   */
  readonly minEffect?: number;
  /** Seed of the permutations and of the median-heuristic subsample (default 1). */
  readonly seed?: number;
  /**
   * Stop the permutations once this many reach the observed MMD² (Besag–Clifford sequential p-value,
   * default 20): a clearly non-drifting window costs a few dozen permutations instead of all.
   */
  readonly stopAfterExceedances?: number;
  /** Largest pooled sample accepted: the kernel matrix holds (n_reference + n_current)² doubles. */
  readonly maxPooledSize?: number;
};

export type DriftTestResult = {
  /** Unbiased MMD² with an RBF kernel, bandwidth by the median heuristic. */
  readonly statistic: number;
  readonly pValue: number;
  /**
   * pValue, refined below 1/(1 + permutations) by a gamma fit to the permutation null when the
   * observed MMD² beats every permutation; what the analyzer's correction across many tests uses.
   */
  readonly tailPValue: number;
  /**
   * max(0, MMD²). With the median-heuristic bandwidth the kernel is scale-free and bounded by 1, so
   * MMD² lies in [0, 2] whatever the embedding model or dimension: a comparable size of the shift.
   * Unlike the p-value it does not grow with the sample size, which is why it gates `drift`.
   */
  readonly effect: number;
  /** pValue < alpha AND effect ≥ minEffect. */
  readonly drift: boolean;
  readonly referenceCount: number;
  readonly currentCount: number;
  /** 2·E‖X − Y‖ − E‖X − X′‖ − E‖Y − Y′‖ (Euclidean, V-statistic: ≥ 0, → 0 when the distributions are equal). */
  readonly energyDistance: number;
  /** 1 − cos(reference centroid, current centroid); 0 when either centroid is the zero vector. */
  readonly centroidCosineShift: number;
  /** σ of the RBF kernel. */
  readonly bandwidth: number;
  readonly permutations: number;
  readonly alpha: number;
  readonly minEffect: number;
};

export const DRIFT_DEFAULTS = {
  alpha: 0.05,
  permutations: 500,
  minEffect: 0.00035,
  seed: 1,
  maxPooledSize: 5000,
  stopAfterExceedances: 20,
} as const;

/**
 * Two-sample drift test between a reference window and a current window of embeddings. Cost is
 * O(N²·d) for the kernel and O(N²·permutations) for the test, N = n_reference + n_current: the analyzer
 * samples windows (e.g. ≤ 1,000 events each) before calling it.
 */
export function testDrift(
  reference: Sample,
  current: Sample,
  options: DriftTestOptions = {},
): DriftTestResult {
  const alpha = options.alpha ?? DRIFT_DEFAULTS.alpha;
  const permutations = options.permutations ?? DRIFT_DEFAULTS.permutations;
  const minEffect = options.minEffect ?? DRIFT_DEFAULTS.minEffect;
  const seed = options.seed ?? DRIFT_DEFAULTS.seed;
  const maxPooledSize = options.maxPooledSize ?? DRIFT_DEFAULTS.maxPooledSize;
  if (reference.length < 2 || current.length < 2) {
    throw new DriftInputError(
      'empty_sample',
      `each sample needs at least 2 vectors (reference ${reference.length}, current ${current.length})`,
    );
  }
  if (reference.length + current.length > maxPooledSize) {
    throw new DriftInputError(
      'sample_too_large',
      `pooled sample of ${reference.length + current.length} exceeds ${maxPooledSize}; subsample the windows`,
    );
  }
  if (!Number.isInteger(permutations) || permutations < 1) {
    throw new RangeError(`permutations must be a positive integer, got ${permutations}`);
  }

  const pooled = stackSamples(reference, current);
  const referenceCount = reference.length;
  const centroidCosineShift = cosineDistance(
    centroidOf(pooled, 0, referenceCount),
    centroidOf(pooled, referenceCount, pooled.rows),
  );
  const distances = squaredDistanceMatrix(pooled);
  const bandwidth = medianHeuristicBandwidth(distances, pooled.rows, seed);
  const { kernel, energyDistance } = toKernelInPlace(distances, pooled.rows, referenceCount, bandwidth);
  const { statistic, pValue, tailPValue } = mmdPermutationTest(
    kernel,
    pooled.rows,
    referenceCount,
    permutations,
    seed,
    options.stopAfterExceedances ?? DRIFT_DEFAULTS.stopAfterExceedances,
  );
  const effect = Math.max(0, statistic);
  return {
    statistic,
    pValue,
    tailPValue,
    effect,
    drift: pValue < alpha && effect >= minEffect,
    referenceCount,
    currentCount: current.length,
    energyDistance,
    centroidCosineShift,
    bandwidth,
    permutations,
    alpha,
    minEffect,
  };
}
