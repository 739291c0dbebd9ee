import { median } from 'simple-statistics';
import { type Matrix, seededRandom, shuffleInPlace } from './vectors';

/** Points of the pooled sample used for the median heuristic; above this a seeded subsample is used. */
export const MEDIAN_HEURISTIC_MAX_POINTS = 1000;

/**
 * Full symmetric matrix (row-major, rows × rows) of squared Euclidean distances between rows, as
 * ‖x‖² + ‖y‖² − 2·x·y. The dot products skip the zero entries of the left row: vectors of the hashing
 * embedder are mostly zeros (a short prompt fills ~a third of 512 buckets), which makes this several
 * times faster for them, and no slower for dense model vectors.
 */
export function squaredDistanceMatrix(matrix: Matrix): Float64Array {
  const { rows, columns, values } = matrix;
  const distances = new Float64Array(rows * rows);
  const norms = new Float64Array(rows);
  const nonZero = new Int32Array(columns);
  for (let row = 0; row < rows; row++) {
    const offset = row * columns;
    let norm = 0;
    for (let column = 0; column < columns; column++)
      norm += values[offset + column] * values[offset + column];
    norms[row] = norm;
  }
  for (let left = 0; left < rows; left++) {
    const leftOffset = left * columns;
    let count = 0;
    for (let column = 0; column < columns; column++)
      if (values[leftOffset + column] !== 0) nonZero[count++] = column;
    for (let right = left + 1; right < rows; right++) {
      const rightOffset = right * columns;
      let dot = 0;
      for (let index = 0; index < count; index++) {
        const column = nonZero[index];
        dot += values[leftOffset + column] * values[rightOffset + column];
      }
      // Rounding can leave a tiny negative for (near-)identical rows: a distance is never below 0.
      const squared = Math.max(0, norms[left] + norms[right] - 2 * dot);
      distances[left * rows + right] = squared;
      distances[right * rows + left] = squared;
    }
  }
  return distances;
}

/**
 * Median heuristic: the RBF bandwidth σ is the median Euclidean distance between distinct points of
 * the pooled sample. For more than `maxPoints` points, the median is taken over all pairs of a seeded
 * random subset of `maxPoints` points (≈ 500,000 pairs for 1,000 points): the median of that many
 * pairs is within a fraction of a percent of the full one, at a fixed cost. 1 when every distance is 0.
 */
export function medianHeuristicBandwidth(
  squaredDistances: Float64Array,
  rows: number,
  seed: number,
  maxPoints = MEDIAN_HEURISTIC_MAX_POINTS,
): number {
  let points = Array.from({ length: rows }, (_, index) => index);
  if (rows > maxPoints) {
    shuffleInPlace(points, seededRandom(seed ^ 0x9e3779b9));
    points = points.slice(0, maxPoints);
  }
  const distances: number[] = [];
  for (let left = 0; left < points.length; left++) {
    for (let right = left + 1; right < points.length; right++) {
      distances.push(Math.sqrt(squaredDistances[points[left] * rows + points[right]]));
    }
  }
  if (distances.length === 0) return 1;
  const bandwidth = median(distances);
  return bandwidth > 0 ? bandwidth : 1;
}

export type PooledKernel = {
  /** RBF kernel k(x, y) = exp(−‖x − y‖² / (2σ²)), row-major, rows × rows (only j > i is read). */
  readonly kernel: Float64Array;
  readonly rows: number;
  /** Energy distance of the first `referenceCount` rows against the rest (see `energyDistance`). */
  readonly energyDistance: number;
};

/**
 * Turns the squared-distance matrix into the RBF kernel in place (one N² array in memory, not two) and,
 * in the same pass, sums the Euclidean distances the energy distance needs:
 * 2·E‖X − Y‖ − E‖X − X′‖ − E‖Y − Y′‖ (Székely's energy distance, V-statistic; ≥ 0).
 */
export function toKernelInPlace(
  squaredDistances: Float64Array,
  rows: number,
  referenceCount: number,
  bandwidth: number,
): PooledKernel {
  const scale = -1 / (2 * bandwidth * bandwidth);
  let withinReference = 0;
  let withinCurrent = 0;
  let across = 0;
  for (let left = 0; left < rows; left++) {
    const offset = left * rows;
    for (let right = left + 1; right < rows; right++) {
      const squared = squaredDistances[offset + right];
      const distance = Math.sqrt(squared);
      if (right < referenceCount) withinReference += distance;
      else if (left >= referenceCount) withinCurrent += distance;
      else across += distance;
      squaredDistances[offset + right] = Math.exp(squared * scale);
    }
  }
  const currentCount = rows - referenceCount;
  const meanAcross = across / (referenceCount * currentCount);
  // V-statistic means (over all n² ordered pairs, the zero self-distances included): the energy
  // distance is then never negative, as the population quantity it estimates.
  const meanWithinReference = (2 * withinReference) / (referenceCount * referenceCount);
  const meanWithinCurrent = (2 * withinCurrent) / (currentCount * currentCount);
  return {
    kernel: squaredDistances,
    rows,
    // Clamped: identical samples give 0 up to rounding, which must not print as −2e−14.
    energyDistance: Math.max(0, 2 * meanAcross - meanWithinReference - meanWithinCurrent),
  };
}
