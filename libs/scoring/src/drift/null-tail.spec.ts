import { normalUpperTail, pearsonTypeThreeTail, upperRegularizedGamma } from './null-tail';
import { seededRandom } from './vectors';

describe('null tail approximations', () => {
  it('computes the regularized upper incomplete gamma (Q(1, x) = e^-x) and the normal tail', () => {
    for (const x of [0.1, 1, 5, 30]) expect(upperRegularizedGamma(1, x)).toBeCloseTo(Math.exp(-x), 12);
    expect(normalUpperTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalUpperTail(0)).toBeCloseTo(0.5, 12);
    expect(normalUpperTail(-1.959964)).toBeCloseTo(0.975, 6);
    expect(normalUpperTail(8)).toBeCloseTo(6.22e-16, 17);
  });

  it('fits a skewed null: exponential draws give a tail near e^-(x+1), far thinner than beyond the data', () => {
    const random = seededRandom(3);
    const draws = Array.from({ length: 5000 }, () => -Math.log(1 - random()) - 1);
    // Exponential(1) shifted to mean 0: P(X ≥ 4) = e^-5 ≈ 6.7e-3.
    const tail = pearsonTypeThreeTail(draws, 4);
    expect(tail).toBeGreaterThan(3e-3);
    expect(tail).toBeLessThan(1.5e-2);
    // A normal fit would say 3.2e-5 here: the skewed fit does not understate the tail.
    expect(tail).toBeGreaterThan(100 * normalUpperTail(4));
    expect(pearsonTypeThreeTail(draws, 40)).toBeLessThan(1e-15);
  });
});
