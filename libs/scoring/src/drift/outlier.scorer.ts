import { centroidOf, DriftInputError, type Matrix, type Sample, stackSamples, type Vector } from './vectors';

export type OutlierScore = {
  /** Euclidean distance to the reference centroid. */
  readonly centroidDistance: number;
  /** Mean Euclidean distance to the k nearest reference vectors. */
  readonly nearestNeighbourDistance: number;
};

export type OutlierScorer = {
  readonly k: number;
  score(vector: Vector): OutlierScore;
};

/**
 * Per-event outlier scores against a reference sample. The reference is copied once; each score is
 * O(n_reference · d). k is capped at the reference size.
 */
export function createOutlierScorer(reference: Sample, k = 5): OutlierScorer {
  if (reference.length === 0) throw new DriftInputError('empty_sample', 'the reference sample is empty');
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  const matrix: Matrix = stackSamples(reference);
  const centroid = centroidOf(matrix);
  const neighbours = Math.min(k, matrix.rows);
  return {
    k: neighbours,
    score(vector) {
      if (vector.length !== matrix.columns) {
        throw new DriftInputError(
          'mixed_dimensions',
          `vector has ${vector.length} dimensions, the reference ${matrix.columns}`,
        );
      }
      let centroidSquared = 0;
      for (let column = 0; column < matrix.columns; column++) {
        const difference = vector[column] - centroid[column];
        centroidSquared += difference * difference;
      }
      // The k smallest distances, kept sorted in a small array: k is small, n_reference moderate.
      const nearest: number[] = [];
      for (let row = 0; row < matrix.rows; row++) {
        const offset = row * matrix.columns;
        let squared = 0;
        for (let column = 0; column < matrix.columns; column++) {
          const difference = vector[column] - matrix.values[offset + column];
          squared += difference * difference;
        }
        if (nearest.length < neighbours || squared < nearest[nearest.length - 1]) {
          let position = nearest.length < neighbours ? nearest.length : nearest.length - 1;
          if (nearest.length < neighbours) nearest.push(squared);
          while (position > 0 && nearest[position - 1] > squared) {
            nearest[position] = nearest[position - 1];
            position--;
          }
          nearest[position] = squared;
        }
      }
      const meanNearest = nearest.reduce((sum, squared) => sum + Math.sqrt(squared), 0) / nearest.length;
      return { centroidDistance: Math.sqrt(centroidSquared), nearestNeighbourDistance: meanNearest };
    },
  };
}
