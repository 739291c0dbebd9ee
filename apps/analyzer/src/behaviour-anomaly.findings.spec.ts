import { FindingSchema } from '@argus/contracts';
import { type BehaviourAnomaly } from '@argus/scoring';
import { behaviourFinding } from './behaviour-anomaly.findings';

const HOUR = Date.UTC(2026, 1, 3, 10);

function anomaly(overrides: Partial<BehaviourAnomaly> = {}): BehaviourAnomaly {
  return {
    entity: { kind: 'user', tenantId: 'acme', appId: 'assistant', userId: 'user-7' },
    metric: 'input_tokens',
    kind: 'volume',
    hourStart: HOUR,
    direction: 'up',
    observed: 46_210,
    expected: 2310,
    expectedLow: 120,
    expectedHigh: 5480,
    zScore: 12.4,
    score: 0.82,
    test: 'robust_z',
    baseline: 'hour_of_week',
    baselineHours: 4,
    requests: 14,
    ...overrides,
  };
}

describe('behaviourFinding', () => {
  it('is a valid finding whose message gives metric, observed value and expected range', () => {
    const finding = behaviourFinding(anomaly(), 5);
    expect(FindingSchema.parse(finding)).toEqual(finding);
    expect(finding).toMatchObject({
      category: 'behaviour_anomaly',
      detector: 'behaviour_anomaly',
      rule_id: 'behaviour_anomaly.input_tokens',
      owasp: 'LLM10:2025',
      atlas: ['AML.T0029', 'AML.T0034'],
      severity: 'medium',
      entity: 'user:user-7',
      user_id: 'user-7',
      timestamp: '2026-02-03T10:00:00.000Z',
      attributes: { observed: 46_210, expected_low: 120, expected_high: 5480, baseline: 'hour_of_week' },
    });
    expect(finding.message).toBe(
      'input tokens of user user-7 in app assistant, hour from 2026-02-03T10:00Z: observed 46,210 ' +
        'input tokens/hour, expected 120–5,480 (median 2,310, the same hour of week, 4 hours); ' +
        'robust z 12.4 over 14 requests.',
    );
  });

  it('keys the id on entity, metric and hour: a re-run gives the same id, another hour or metric does not', () => {
    const id = behaviourFinding(anomaly(), 5).finding_id;
    expect(behaviourFinding(anomaly({ observed: 50_000, zScore: 13 }), 5).finding_id).toBe(id);
    expect(behaviourFinding(anomaly({ hourStart: HOUR + 3_600_000 }), 5).finding_id).not.toBe(id);
    expect(behaviourFinding(anomaly({ metric: 'output_tokens' }), 5).finding_id).not.toBe(id);
    const otherUser = anomaly({
      entity: { kind: 'user', tenantId: 'acme', appId: 'assistant', userId: 'u8' },
    });
    expect(behaviourFinding(otherUser, 5).finding_id).not.toBe(id);
  });

  it('writes rates as percentages and raises the severity far past the threshold', () => {
    const finding = behaviourFinding(
      anomaly({
        entity: { kind: 'model', tenantId: 'acme', appId: 'assistant', model: 'gpt-4o' },
        metric: 'refusal_rate',
        kind: 'rate',
        observed: 0.25,
        expected: 0.02,
        expectedLow: 0,
        expectedHigh: 0.09,
        zScore: 16,
        baseline: 'trailing',
        pValue: 1e-12,
      }),
      5,
    );
    expect(finding.severity).toBe('high');
    expect(finding.entity).toBe('model:gpt-4o');
    expect(finding.user_id).toBeUndefined();
    expect(finding.message).toMatch(
      /^refusal rate of model gpt-4o in app assistant, .*observed 25\.0% share of requests, expected 0\.0%–9\.0%/,
    );
  });
});
