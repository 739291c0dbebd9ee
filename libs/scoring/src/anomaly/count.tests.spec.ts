import { binomialUpperTail, poissonUpperTail } from './count.tests';
import { ewma, ewmaSigma } from './ewma';

describe('count tests', () => {
  it('gives the Poisson upper tail', () => {
    // P(X ≥ 3 | λ = 1) = 1 − e⁻¹(1 + 1 + ½)
    expect(poissonUpperTail(3, 1)).toBeCloseTo(1 - Math.exp(-1) * 2.5, 6);
    expect(poissonUpperTail(0, 4)).toBe(1);
    // Far tails, below what a tabulated distribution resolves (reference values from exact sums).
    expect(poissonUpperTail(60, 10) / 6.5219e-27).toBeCloseTo(1, 3);
  });

  it('stays exact for large expectations', () => {
    expect(poissonUpperTail(5000, 5000)).toBeGreaterThan(0.4);
    expect(poissonUpperTail(5400, 5000)).toBeLessThan(1e-7);
    expect(poissonUpperTail(5200, 5000)).toBeCloseTo(0.002514, 5);
  });

  it('gives the binomial upper tail', () => {
    // P(X ≥ 1 | n = 3, p = 0.1) = 1 − 0.9³
    expect(binomialUpperTail(1, 3, 0.1)).toBeCloseTo(1 - 0.9 ** 3, 6);
    expect(binomialUpperTail(4, 3, 0.1)).toBe(0);
    expect(binomialUpperTail(20, 100, 0.02) / 1.21008e-14).toBeCloseTo(1, 3);
    expect(binomialUpperTail(10, 50, 0.02) / 5.06069e-8).toBeCloseTo(1, 3);
    expect(binomialUpperTail(200_000, 1_000_000, 0.2)).toBeCloseTo(0.5, 2);
  });
});

describe('ewma', () => {
  it('weights recent values by lambda and starts from zero', () => {
    expect(ewma([1, 1, 1], 0.5)).toBeCloseTo(0.875, 10);
    expect(ewmaSigma(0.3)).toBeCloseTo(Math.sqrt(0.3 / 1.7), 10);
    expect(() => ewma([1], 0)).toThrow(RangeError);
  });
});
