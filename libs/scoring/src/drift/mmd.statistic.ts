import { pearsonTypeThreeTail } from './null-tail';
import { seededRandom, shuffleInPlace } from './vectors';

/**
 * Unbiased MMD² (Gretton et al. 2012, eq. 3) from the pooled kernel, for a labelling of the pooled
 * points (label 1 = current, 0 = reference). Only the upper triangle is read; `rowUpperSums[i]` is
 * Σ_{j>i} k(i, j), the same for every labelling, so one labelling costs one multiply-add per pair.
 */
function unbiasedMmdSquared(
  kernel: Float64Array,
  rows: number,
  labels: Float64Array,
  rowUpperSums: Float64Array,
  referenceCount: number,
): number {
  const currentCount = rows - referenceCount;
  let withinReference = 0;
  let withinCurrent = 0;
  let total = 0;
  for (let left = 0; left < rows; left++) {
    const offset = left * rows;
    let towardsCurrent = 0;
    for (let right = left + 1; right < rows; right++)
      towardsCurrent += kernel[offset + right] * labels[right];
    total += rowUpperSums[left];
    if (labels[left] === 1) withinCurrent += towardsCurrent;
    else withinReference += rowUpperSums[left] - towardsCurrent;
  }
  const across = total - withinReference - withinCurrent;
  return (
    (2 * withinReference) / (referenceCount * (referenceCount - 1)) +
    (2 * withinCurrent) / (currentCount * (currentCount - 1)) -
    (2 * across) / (referenceCount * currentCount)
  );
}

export type MmdPermutationResult = {
  /** Observed unbiased MMD²: can be slightly negative when the samples come from one distribution. */
  readonly statistic: number;
  /** (1 + #{permuted MMD² ≥ observed}) / (1 + permutations): never 0, exact under the null. */
  readonly pValue: number;
  /**
   * pValue, or — when the observed MMD² beats every permutation — the smaller tail probability of a
   * gamma fitted to the permuted statistics (see null-tail.ts). For multiple-testing corrections.
   */
  readonly tailPValue: number;
};

/**
 * MMD² and its permutation-test p-value. The kernel matrix is computed once by the caller; each
 * permutation reshuffles which pooled points are labelled "current" (a seeded Fisher–Yates shuffle
 * of the labels, i.e. a permutation of indices), so the same seed always gives the same p-value.
 * With `stopAfterExceedances` = h it stops as soon as h permutations reach the observed MMD² (a valid
 * sequential p-value, h/l after l permutations): most series of a run do not drift and need few.
 */
export function mmdPermutationTest(
  kernel: Float64Array,
  rows: number,
  referenceCount: number,
  permutations: number,
  seed: number,
  stopAfterExceedances = Number.POSITIVE_INFINITY,
): MmdPermutationResult {
  const rowUpperSums = new Float64Array(rows);
  for (let left = 0; left < rows; left++) {
    const offset = left * rows;
    let sum = 0;
    for (let right = left + 1; right < rows; right++) sum += kernel[offset + right];
    rowUpperSums[left] = sum;
  }
  const labels = new Float64Array(rows);
  labels.fill(1, referenceCount);
  const statistic = unbiasedMmdSquared(kernel, rows, labels, rowUpperSums, referenceCount);

  const random = seededRandom(seed);
  let atLeastAsExtreme = 0;
  const permutedStatistics: number[] = [];
  for (let permutation = 0; permutation < permutations; permutation++) {
    shuffleInPlace(labels, random);
    // A relative tolerance keeps ties (e.g. identical samples) counted as ties despite rounding.
    const permuted = unbiasedMmdSquared(kernel, rows, labels, rowUpperSums, referenceCount);
    permutedStatistics.push(permuted);
    if (permuted >= statistic - 1e-12 * Math.abs(statistic)) atLeastAsExtreme++;
    // Besag & Clifford's sequential test: once h permutations beat the observed statistic the p-value
    // is h/l and plainly not small; the remaining permutations could only refine a "no drift".
    if (atLeastAsExtreme >= stopAfterExceedances) {
      const pValue = atLeastAsExtreme / permutedStatistics.length;
      return { statistic, pValue, tailPValue: pValue };
    }
  }
  const pValue = (1 + atLeastAsExtreme) / (1 + permutations);
  const tailPValue =
    atLeastAsExtreme === 0 ? Math.min(pValue, pearsonTypeThreeTail(permutedStatistics, statistic)) : pValue;
  return { statistic, pValue, tailPValue };
}
