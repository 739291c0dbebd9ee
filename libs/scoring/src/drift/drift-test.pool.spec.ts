import { createDriftTester } from './drift-test.pool';
import { DriftInputError, seededRandom } from './vectors';

function sample(count: number, random: () => number, shift: number): Float32Array[] {
  return Array.from({ length: count }, () => Float32Array.from([random() + shift, random(), random()]));
}

describe('createDriftTester', () => {
  it('gives on worker threads exactly the in-thread result, several tests at once', async () => {
    const random = seededRandom(4);
    const inputs = [0, 0.5, 0].map((shift, key) => ({
      key,
      reference: sample(80, random, 0),
      current: sample(80, random, shift),
      currentTexts: Array.from({ length: 80 }, (_, index) => `text ${index}`),
    }));
    const options = { permutations: 100, seed: 3, minEffect: 0.001 };
    const inThread = createDriftTester(0);
    const pool = createDriftTester(2);
    try {
      const expected = await Promise.all(inputs.map((input) => inThread.test(input, options)));
      const actual = await Promise.all(inputs.map((input) => pool.test(input, options)));
      expect(actual.map((test) => test.key)).toEqual([0, 1, 2]);
      for (let index = 0; index < inputs.length; index++) {
        expect(actual[index].result.statistic).toBeCloseTo(expected[index].result.statistic, 10);
        expect(actual[index].result.pValue).toBe(expected[index].result.pValue);
        expect(actual[index].examples.map((example) => example.index)).toEqual(
          expected[index].examples.map((example) => example.index),
        );
      }
      expect(actual[1].result.drift).toBe(true);

      const broken = {
        key: 9,
        reference: [[Number.NaN, 1, 1], ...inputs[0].reference],
        current: inputs[0].current,
      };
      await expect(pool.test(broken, options)).rejects.toBeInstanceOf(DriftInputError);
      await expect(inThread.test(broken, options)).rejects.toBeInstanceOf(DriftInputError);
    } finally {
      await pool.close();
    }
  });
});
