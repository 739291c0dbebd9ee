import { centroidOf, distanceToVector, type Sample, stackSamples } from './vectors';

export type DriftExample = {
  /** Position of the example in the current sample (0-based). */
  readonly index: number;
  readonly text?: string;
  readonly distanceToCurrentCentroid: number;
  readonly distanceToReferenceCentroid: number;
  /** distanceToReferenceCentroid − distanceToCurrentCentroid: high = typical of the new window only. */
  readonly score: number;
};

/**
 * The current examples that best show what changed: near the current centroid and far from the
 * reference centroid, ranked by the difference of the two distances (top `count`, ties by index).
 * An example typical of both windows scores ≈ 0; one that only the new window contains scores high.
 */
export function explainDrift(
  reference: Sample,
  current: Sample,
  currentTexts: readonly string[] | undefined,
  count = 5,
): DriftExample[] {
  if (current.length === 0 || reference.length === 0) return [];
  const pooled = stackSamples(reference, current);
  const referenceCentroid = centroidOf(pooled, 0, reference.length);
  const currentCentroid = centroidOf(pooled, reference.length, pooled.rows);
  const examples = current.map((_, index): DriftExample => {
    const row = reference.length + index;
    const toCurrent = distanceToVector(pooled, row, currentCentroid);
    const toReference = distanceToVector(pooled, row, referenceCentroid);
    return {
      index,
      ...(currentTexts?.[index] === undefined ? {} : { text: currentTexts[index] }),
      distanceToCurrentCentroid: toCurrent,
      distanceToReferenceCentroid: toReference,
      score: toReference - toCurrent,
    };
  });
  return examples.sort((left, right) => right.score - left.score || left.index - right.index).slice(0, count);
}
