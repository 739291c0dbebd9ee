import { canonicalJson, findingId } from './finding-id';
import { riskScore } from './risk-score';

describe('riskScore', () => {
  it('is 0 without findings and 1 with a certain critical finding', () => {
    expect(riskScore([])).toBe(0);
    expect(riskScore([{ severity: 'critical', score: 1 }])).toBe(1);
  });

  it('weights each score by its severity and combines them as independent signals', () => {
    expect(riskScore([{ severity: 'high', score: 0.5 }])).toBe(0.4);
    // 1 − (1 − 0.8·0.5)(1 − 0.25·0.4) = 1 − 0.6·0.9
    expect(
      riskScore([
        { severity: 'high', score: 0.5 },
        { severity: 'low', score: 0.4 },
      ]),
    ).toBe(0.46);
    expect(riskScore([{ severity: 'info', score: 0.3333333 }])).toBe(0.0333);
  });

  it('never exceeds 1 however many findings', () => {
    const many = Array.from({ length: 50 }, () => ({ severity: 'medium' as const, score: 0.9 }));
    expect(riskScore(many)).toBeLessThanOrEqual(1);
    expect(riskScore(many)).toBeGreaterThan(0.99);
  });
});

describe('findingId', () => {
  const location = { field: 'output' as const, message: 0, part: 1, start: 4, end: 9 };

  it('is 32 hex characters, stable and independent of key order', () => {
    const id = findingId('evt-1', 'canary', 'canary.output', location);
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(
      findingId('evt-1', 'canary', 'canary.output', {
        end: 9,
        start: 4,
        part: 1,
        message: 0,
        field: 'output',
      }),
    ).toBe(id);
  });

  it('changes with the event, detector, rule and location', () => {
    const id = findingId('evt-1', 'canary', 'canary.output', location);
    expect(findingId('evt-2', 'canary', 'canary.output', location)).not.toBe(id);
    expect(findingId('evt-1', 'other', 'canary.output', location)).not.toBe(id);
    expect(findingId('evt-1', 'canary', 'canary.input', location)).not.toBe(id);
    expect(findingId('evt-1', 'canary', 'canary.output', { ...location, start: 5 })).not.toBe(id);
  });

  it('uses canonical JSON: sorted keys, no undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined], c: 'x' }, e: undefined })).toBe(
      '{"a":{"c":"x","d":[1,null]},"b":1}',
    );
  });
});
