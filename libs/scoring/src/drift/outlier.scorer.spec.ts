import { createOutlierScorer } from './outlier.scorer';

describe('createOutlierScorer', () => {
  const square = [
    [0, 0],
    [1, 0],
    [0, 1],
    [1, 1],
  ];

  it('scores the distance to the reference centroid and the mean distance to the k nearest', () => {
    const scorer = createOutlierScorer(square, 2);
    expect(scorer.score([0.5, 0.5])).toEqual({
      centroidDistance: 0,
      nearestNeighbourDistance: expect.closeTo(Math.SQRT1_2, 12),
    });
    // (3, 3): centroid (0.5, 0.5) at √12.5; nearest (1, 1) at √8, then (1, 0) or (0, 1) at √13.
    const far = scorer.score(Float32Array.from([3, 3]));
    expect(far.centroidDistance).toBeCloseTo(Math.sqrt(12.5), 12);
    expect(far.nearestNeighbourDistance).toBeCloseTo((Math.sqrt(8) + Math.sqrt(13)) / 2, 12);
  });

  it('caps k at the reference size and rejects vectors of another dimension', () => {
    const scorer = createOutlierScorer(square, 10);
    expect(scorer.k).toBe(4);
    expect(scorer.score([0, 0]).nearestNeighbourDistance).toBeCloseTo((0 + 1 + 1 + Math.SQRT2) / 4, 12);
    expect(() => scorer.score([1, 2, 3])).toThrow('vector has 3 dimensions, the reference 2');
    expect(() => createOutlierScorer([])).toThrow('the reference sample is empty');
  });
});
