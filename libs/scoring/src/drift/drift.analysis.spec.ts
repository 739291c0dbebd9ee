import { testDrift } from './drift.analysis';
import { DriftInputError, seededRandom } from './vectors';

/** n vectors of d independent N(0, 1) coordinates, the first coordinate shifted by `shift`. */
function gaussianSample(count: number, dimensions: number, seed: number, shift = 0): Float32Array[] {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return Array.from({ length: count }, () =>
    Float32Array.from({ length: dimensions }, (_, index) => normal() + (index === 0 ? shift : 0)),
  );
}

describe('testDrift', () => {
  it('computes unbiased MMD², energy distance and centroid shift on a hand-worked example', () => {
    // Pooled {0, 1, 2, 3}: pairwise distances 1,1,1,2,2,3 → median bandwidth σ = 1.5.
    const result = testDrift([[0], [1]], [[2], [3]], { permutations: 10 });
    const kernel = (distance: number) => Math.exp(-(distance * distance) / (2 * 1.5 * 1.5));
    // k(0,1) and k(2,3) once each over m(m−1)/2 = 1 pair; cross mean over 4 pairs, weighted by 2.
    expect(result.bandwidth).toBe(1.5);
    expect(result.statistic).toBeCloseTo(
      2 * kernel(1) - (kernel(2) + kernel(3) + kernel(1) + kernel(2)) / 2,
      12,
    );
    // 2·E|X−Y| − E|X−X′| − E|Y−Y′| = 2·2 − 0.5 − 0.5 (V-statistics).
    expect(result.energyDistance).toBeCloseTo(3, 12);
    expect(result.centroidCosineShift).toBeCloseTo(0, 12);

    const orthogonal = testDrift(
      [
        [1, 0],
        [2, 0],
      ],
      [
        [0, 1],
        [0, 3],
      ],
      { permutations: 1 },
    );
    expect(orthogonal.centroidCosineShift).toBeCloseTo(1, 12);
    const diagonal = testDrift(
      [
        [1, 0],
        [2, 0],
      ],
      [
        [1, 1],
        [2, 2],
      ],
      { permutations: 1 },
    );
    expect(diagonal.centroidCosineShift).toBeCloseTo(1 - Math.SQRT1_2, 12);
  });

  it('finds no drift between identical samples or two draws of one distribution', () => {
    const sample = gaussianSample(100, 8, 1);
    const identical = testDrift(sample, sample, { permutations: 200 });
    expect(identical.statistic).toBeLessThan(0);
    expect(identical.pValue).toBeGreaterThan(0.5);
    expect(identical).toMatchObject({ effect: 0, drift: false, energyDistance: 0 });

    const sameDistribution = testDrift(gaussianSample(200, 16, 2), gaussianSample(200, 16, 3));
    expect(sameDistribution.pValue).toBeGreaterThan(0.05);
    expect(sameDistribution.drift).toBe(false);
  });

  it('flags shifted Gaussians with the smallest reachable p-value', () => {
    const result = testDrift(gaussianSample(200, 16, 4), gaussianSample(200, 16, 5, 1), {
      permutations: 500,
    });
    expect(result.pValue).toBe(1 / 501);
    expect(result.effect).toBeGreaterThan(0.01);
    expect(result.drift).toBe(true);
    expect(result.energyDistance).toBeGreaterThan(0.1);
  });

  it('does not flag a tiny shift in huge windows: significant, but below the minimum effect', () => {
    const result = testDrift(gaussianSample(1000, 2, 6), gaussianSample(1000, 2, 7, 0.25), {
      permutations: 100,
      minEffect: 0.01,
    });
    expect(result.pValue).toBeLessThan(0.05);
    expect(result.effect).toBeGreaterThan(0);
    expect(result.effect).toBeLessThan(0.01);
    expect(result.drift).toBe(false);
    expect(
      testDrift(gaussianSample(1000, 2, 6), gaussianSample(1000, 2, 7, 0.25), { permutations: 100 }),
    ).toMatchObject({ drift: true });
  });

  it('gives the same p-value for the same seed', () => {
    const reference = gaussianSample(60, 4, 8);
    const current = gaussianSample(60, 4, 9, 0.3);
    const first = testDrift(reference, current, { seed: 42, permutations: 300 });
    const again = testDrift(reference, current, { seed: 42, permutations: 300 });
    expect(again.pValue).toBe(first.pValue);
    const pValues = new Set(
      [1, 2, 3, 4].map((seed) => testDrift(reference, current, { seed, permutations: 300 }).pValue),
    );
    expect(pValues.size).toBeGreaterThan(1);
  });

  it('rejects samples it cannot compare, with a code', () => {
    const errorOf = (action: () => unknown): unknown => {
      try {
        action();
      } catch (error) {
        return error;
      }
      throw new Error('expected an error');
    };
    const tooFew = errorOf(() =>
      testDrift(
        [[1, 2]],
        [
          [1, 2],
          [3, 4],
        ],
      ),
    );
    expect(tooFew).toBeInstanceOf(DriftInputError);
    expect(tooFew).toMatchObject({ code: 'empty_sample' });
    expect(
      errorOf(() =>
        testDrift(
          [
            [1, 2],
            [3, 4],
          ],
          [[1, 2], [3]],
        ),
      ),
    ).toMatchObject({
      code: 'mixed_dimensions',
      message: 'sample 2, vector 2 has 1 dimensions, expected 2',
    });
    expect(errorOf(() => testDrift([[1], [2]], [[1], [2]], { maxPooledSize: 3 }))).toMatchObject({
      code: 'sample_too_large',
    });
  });
});
