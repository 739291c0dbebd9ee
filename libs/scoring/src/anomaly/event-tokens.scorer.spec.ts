import { TokenNormIndex, tokenZScore } from './event-tokens.scorer';

describe('tokenZScore', () => {
  const norm = { logMedian: Math.log1p(500), logScale: 0.5 };

  it('is near 0 for a usual request and large for one ten times the usual size', () => {
    expect(Math.abs(tokenZScore(norm, 500) ?? Infinity)).toBeLessThan(0.01);
    expect(tokenZScore(norm, 5000)).toBeGreaterThan(4.5);
    expect(tokenZScore(norm, 50)).toBeLessThan(-4);
  });

  it('does not score requests without token counts', () => {
    expect(tokenZScore(norm, 0)).toBeUndefined();
    expect(tokenZScore({ logMedian: 5, logScale: 0 }, 100)).toBeUndefined();
  });
});

describe('TokenNormIndex', () => {
  it('looks norms up per tenant, app and user, and keeps at most maxEntries', () => {
    const index = new TokenNormIndex(2);
    index.replace([
      { tenantId: 't', appId: 'a', userId: 'u1', norm: { logMedian: 1, logScale: 1 } },
      { tenantId: 't', appId: 'a', userId: 'u2', norm: { logMedian: 2, logScale: 1 } },
      { tenantId: 't', appId: 'a', userId: 'u3', norm: { logMedian: 3, logScale: 1 } },
    ]);
    expect(index.size).toBe(2);
    expect(index.get('t', 'a', 'u2')?.logMedian).toBe(2);
    expect(index.get('t', 'b', 'u2')).toBeUndefined();
    expect(index.get('t', 'a', 'u3')).toBeUndefined();
    index.replace([]);
    expect(index.get('t', 'a', 'u1')).toBeUndefined();
  });
});
