/** A sample of embedding vectors: every vector has the same length. */
export type Vector = Float32Array | Float64Array | readonly number[];
export type Sample = readonly Vector[];

export type DriftInputErrorCode = 'empty_sample' | 'mixed_dimensions' | 'sample_too_large' | 'invalid_value';

/** Bad input to a drift statistic (never retryable: the same input fails the same way). */
export class DriftInputError extends Error {
  override readonly name = 'DriftInputError';

  constructor(
    readonly code: DriftInputErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Row-major copy of one or more samples in float64, so every statistic reads one contiguous array. */
export type Matrix = { readonly rows: number; readonly columns: number; readonly values: Float64Array };

/** Stacks the samples (in order) into one matrix; every vector must have the same, non-zero length. */
export function stackSamples(...samples: Sample[]): Matrix {
  const rows = samples.reduce((total, sample) => total + sample.length, 0);
  const first = samples.find((sample) => sample.length > 0)?.[0];
  if (first === undefined) throw new DriftInputError('empty_sample', 'no vectors to compare');
  const columns = first.length;
  if (columns === 0) throw new DriftInputError('mixed_dimensions', 'vectors have no dimensions');
  const values = new Float64Array(rows * columns);
  let row = 0;
  samples.forEach((sample, sampleIndex) =>
    sample.forEach((vector, vectorIndex) => {
      if (vector.length !== columns) {
        throw new DriftInputError(
          'mixed_dimensions',
          `sample ${sampleIndex + 1}, vector ${vectorIndex + 1} has ${vector.length} dimensions, expected ${columns}`,
        );
      }
      for (let column = 0; column < columns; column++) {
        const value = vector[column];
        if (!Number.isFinite(value)) {
          throw new DriftInputError(
            'invalid_value',
            `sample ${sampleIndex + 1}, vector ${vectorIndex + 1} has a non-finite value at ${column}`,
          );
        }
        values[row * columns + column] = value;
      }
      row++;
    }),
  );
  return { rows, columns, values };
}

/** Mean vector of rows [from, to) of a matrix. */
export function centroidOf(matrix: Matrix, from = 0, to = matrix.rows): Float64Array {
  const { columns, values } = matrix;
  const centroid = new Float64Array(columns);
  for (let row = from; row < to; row++) {
    const offset = row * columns;
    for (let column = 0; column < columns; column++) centroid[column] += values[offset + column];
  }
  const count = to - from;
  if (count > 0) for (let column = 0; column < columns; column++) centroid[column] /= count;
  return centroid;
}

/** Euclidean distance between row `row` of a matrix and a vector of the same length. */
export function distanceToVector(matrix: Matrix, row: number, vector: Float64Array): number {
  const { columns, values } = matrix;
  const offset = row * columns;
  let sum = 0;
  for (let column = 0; column < columns; column++) {
    const difference = values[offset + column] - vector[column];
    sum += difference * difference;
  }
  return Math.sqrt(sum);
}

/** 1 − cosine similarity of two vectors; 0 when either is the zero vector (no direction, no shift). */
export function cosineDistance(left: Float64Array, right: Float64Array): number {
  let product = 0;
  let leftNorm = 0;
  let rightNorm = 0;
  for (let index = 0; index < left.length; index++) {
    product += left[index] * right[index];
    leftNorm += left[index] * left[index];
    rightNorm += right[index] * right[index];
  }
  if (leftNorm === 0 || rightNorm === 0) return 0;
  return 1 - product / Math.sqrt(leftNorm * rightNorm);
}

/**
 * Mulberry32: a small, fast, seeded PRNG. Drift p-values and subsamples must be reproducible from the
 * seed (the same window re-run gives the same answer), which `Math.random` cannot give.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates shuffle in place with the given random source. */
export function shuffleInPlace(
  indices: { length: number; [index: number]: number },
  random: () => number,
): void {
  for (let index = indices.length - 1; index > 0; index--) {
    const other = Math.floor(random() * (index + 1));
    const swap = indices[index];
    indices[index] = indices[other];
    indices[other] = swap;
  }
}
