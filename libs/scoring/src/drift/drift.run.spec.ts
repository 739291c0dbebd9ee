import { centroidOutlierScore, runDriftTests, summariseReference } from './drift.run';
import { seededRandom } from './vectors';

function gaussianSample(count: number, dimensions: number, random: () => number, shift = 0): number[][] {
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: count }, () =>
    Array.from({ length: dimensions }, (_, index) => normal() + (index === 0 ? shift : 0)),
  );
}

describe('runDriftTests (one analyzer run)', () => {
  it('finds the one shifted series among forty after the correction, with only 100 permutations', () => {
    const random = seededRandom(5);
    const inputs = Array.from({ length: 40 }, (_, series) => ({
      key: series,
      reference: gaussianSample(120, 8, random),
      current: gaussianSample(120, 8, random, series === 7 ? 1.5 : 0),
      currentTexts: Array.from({ length: 120 }, (_, index) => `series ${series} event ${index}`),
    }));
    const outcomes = runDriftTests(inputs, { permutations: 100, minEffect: 0.01, examples: 3 });
    // 40 tests: a permutation p-value alone (≥ 1/101) could never pass Benjamini–Hochberg here.
    expect(outcomes.filter((outcome) => outcome.drift).map((outcome) => outcome.key)).toEqual([7]);
    const shifted = outcomes[7];
    expect(shifted.result.pValue).toBeCloseTo(1 / 101, 10);
    expect(shifted.pAdjusted).toBeLessThan(0.05);
    expect(shifted.examples).toHaveLength(3);
    expect(outcomes[0].examples).toEqual([]);
  });

  it('scores an event by its distance to the reference centroid in median distances', () => {
    const summary = summariseReference([
      [1, 0],
      [-1, 0],
      [0, 1],
      [0, -1],
    ]);
    expect(summary.medianDistance).toBe(1);
    expect(centroidOutlierScore([3, 4], summary)).toBeCloseTo(5, 12);
    expect(centroidOutlierScore([1, 2, 3], summary)).toBeUndefined();
  });
});
