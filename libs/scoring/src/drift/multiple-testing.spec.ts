import { adjustPValues, benjaminiHochberg, holm } from './multiple-testing';

describe('multiple-testing corrections', () => {
  // Sorted: 0.005 (rank 1), 0.01 (2), 0.03 (3), 0.04 (4), m = 4.
  const pValues = [0.01, 0.04, 0.03, 0.005];

  it('Benjamini–Hochberg: p·m/rank, then the running minimum from the largest p down', () => {
    // Raw: 0.02, 0.02, 0.04, 0.04 → already monotone.
    expect(benjaminiHochberg(pValues)).toEqual([0.02, 0.04, 0.04, 0.02].map(expect.closeTo));
    // 0.6·2/2 = 0.6; 0.5·2/1 = 1 → min(1, 0.6) = 0.6.
    expect(benjaminiHochberg([0.5, 0.6])).toEqual([0.6, 0.6].map(expect.closeTo));
  });

  it('Holm: p·(m − rank + 1), then the running maximum, capped at 1', () => {
    // Raw: 0.02, 0.03, 0.06, 0.04 → running max 0.02, 0.03, 0.06, 0.06.
    expect(holm(pValues)).toEqual([0.03, 0.06, 0.06, 0.02].map(expect.closeTo));
    expect(holm([0.5, 0.6])).toEqual([1, 1]);
  });

  it('decides differently at alpha 0.05: BH keeps all four, Holm only two', () => {
    expect(benjaminiHochberg(pValues).filter((p) => p < 0.05)).toHaveLength(4);
    expect(holm(pValues).filter((p) => p < 0.05)).toHaveLength(2);
    expect(adjustPValues(pValues, 'none')).toEqual(pValues);
    expect(adjustPValues([], 'holm')).toEqual([]);
  });

  it('rejects values that are not p-values', () => {
    expect(() => holm([0.1, 1.5])).toThrow('p-values must be in [0, 1], got 1.5');
    expect(() => benjaminiHochberg([Number.NaN])).toThrow(RangeError);
  });
});
