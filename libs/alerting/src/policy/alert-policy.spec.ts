import { makeFinding } from '@argus/testing';
import { AlertPolicyError, defaultAlertPolicyPath, loadAlertPolicy, parseAlertPolicy } from './alert-policy';
import { AlertPolicyEngine } from './alert-policy.engine';

const T0 = Date.parse('2026-03-02T10:00:00Z'); // a Monday

function engine(
  yaml: string,
  configuredSinks = ['webhook', 'slack', 'stdout'],
  minSeverity = 'info' as const,
) {
  return new AlertPolicyEngine(parseAlertPolicy(yaml), { minSeverity, configuredSinks });
}

describe('alert policy file', () => {
  it('ships a default policy that loads', () => {
    const policy = loadAlertPolicy(defaultAlertPolicyPath());
    expect(policy.rules.map((rule) => rule.name)).toEqual(['critical-leaks', 'default']);
    expect(policy.sinkSettings('slack')).toMatchObject({
      minSeverity: 'high',
      rateLimit: { perSecond: 1, burst: 5 },
      circuitBreaker: { failures: 5, cooldownMs: 30_000 },
    });
  });

  it('names the file and every bad path of an invalid policy', () => {
    const text = `
version: 1
grouping: { window: 5 minutes, group_by: [tenant, colour] }
rules:
  - name: a
    match: { categories: [not_a_category], min_score: 2 }
    sinks: []
  - name: a
    match: {}
    severity: urgent
mute:
  - name: m
    from: 2026-01-02T00:00:00Z
    until: 2026-01-01T00:00:00Z
`;
    let error: unknown;
    try {
      parseAlertPolicy(text, 'bad.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AlertPolicyError);
    const paths = (error as AlertPolicyError).issues.map((issue) => issue.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'grouping.window',
        'grouping.group_by.1',
        'rules.0.match.categories.0',
        'rules.0.match.min_score',
        'rules.0.sinks',
        'rules.1.severity',
        'mute.0.until',
      ]),
    );
    expect((error as Error).message).toMatch(/^bad\.yaml: invalid alert policy\n/);
  });

  it('rejects duplicate rule names', () => {
    expect(() => parseAlertPolicy('version: 1\nrules: [{name: a, match: {}}, {name: a, match: {}}]')).toThrow(
      /rules\.1\.name: duplicate rule name "a"/,
    );
  });

  it('rejects unknown keys and YAML syntax errors', () => {
    expect(() => parseAlertPolicy('version: 1\nrules: [{name: a, match: {}, sinkz: [x]}]')).toThrow(
      /rules\.0: Unrecognized key: "sinkz"/,
    );
    expect(() => parseAlertPolicy('version: 1\nrules: [\n')).toThrow(AlertPolicyError);
    expect(() => loadAlertPolicy('/nonexistent/alerts.yaml')).toThrow(/not found/);
  });

  it('lists the sinks rules route to explicitly, with their path', () => {
    const policy = parseAlertPolicy('version: 1\nrules: [{name: a, match: {}, sinks: ["*", slak]}]');
    expect(policy.routedSinks()).toEqual([{ rule: 'a', sink: 'slak', path: 'rules.0.sinks.1' }]);
  });
});

describe('rule matching', () => {
  const policy = `
version: 1
grouping: { escalation_factor: 0 }
sinks:
  slack: { min_severity: critical }
rules:
  - name: noisy-test-app
    match: { apps: ['test-*'] }
    action: drop
  - name: card-numbers
    match: { categories: [pii], entities: [CREDIT_CARD, IBAN_CODE], min_score: 0.8 }
    severity: critical
    sinks: [slack, webhook]
  - name: bank-injections
    match: { tenants: [acme-*], categories: [prompt_injection, jailbreak], min_severity: high }
    sinks: [webhook]
  - name: gpt-models
    match: { models: ['gpt-4?'] }
    sinks: [stdout]
`;

  it('takes the first matching rule and its severity and sinks', () => {
    const policyEngine = engine(policy);
    const card = policyEngine.evaluate(
      makeFinding({ category: 'pii', entity: 'CREDIT_CARD', score: 0.9, severity: 'medium' }),
      T0,
    );
    expect(card).toMatchObject({ outcome: 'alerted', rule: 'card-numbers' });
    expect(card.alert).toMatchObject({ severity: 'critical', sinks: ['webhook', 'slack'] });
  });

  it('falls through when a condition fails (score, entity, severity, tenant glob)', () => {
    const policyEngine = engine(policy);
    const lowScore = makeFinding({ finding_id: 'f1', category: 'pii', entity: 'CREDIT_CARD', score: 0.5 });
    expect(policyEngine.evaluate(lowScore, T0).outcome).toBe('no_rule');
    const email = makeFinding({ finding_id: 'f2', category: 'pii', entity: 'EMAIL_ADDRESS', score: 1 });
    expect(policyEngine.evaluate(email, T0).outcome).toBe('no_rule');
    const injection = { category: 'prompt_injection' as const, severity: 'high' as const };
    expect(policyEngine.evaluate(makeFinding({ finding_id: 'f3', ...injection }), T0).rule).toBe(
      'bank-injections',
    );
    expect(
      policyEngine.evaluate(makeFinding({ finding_id: 'f4', ...injection, tenant_id: 'other' }), T0).outcome,
    ).toBe('no_rule');
    expect(
      policyEngine.evaluate(makeFinding({ finding_id: 'f5', ...injection, severity: 'medium' }), T0).outcome,
    ).toBe('no_rule');
  });

  it('drops what a drop rule matches, and matches models from the attributes', () => {
    const policyEngine = engine(policy);
    expect(policyEngine.evaluate(makeFinding({ app_id: 'test-bot' }), T0)).toEqual({
      outcome: 'dropped',
      rule: 'noisy-test-app',
    });
    const gpt = makeFinding({ finding_id: 'g', category: 'pii', attributes: { model: 'gpt-4o' } });
    expect(policyEngine.evaluate(gpt, T0)).toMatchObject({
      rule: 'gpt-models',
      alert: { sinks: ['stdout'] },
    });
    const noModel = makeFinding({ finding_id: 'h', category: 'pii' });
    expect(policyEngine.evaluate(noModel, T0).outcome).toBe('no_rule');
  });

  it('applies the global floor before any rule, and per-sink minimum severities', () => {
    const floored = engine(policy, ['webhook', 'slack'], 'high' as 'info');
    expect(floored.evaluate(makeFinding({ severity: 'medium', category: 'jailbreak' }), T0).outcome).toBe(
      'below_floor',
    );
    const everywhere = engine(
      'version: 1\nsinks: {slack: {min_severity: critical}}\nrules: [{name: all, match: {}}]',
    );
    expect(everywhere.evaluate(makeFinding({ severity: 'high' }), T0).alert?.sinks).toEqual([
      'webhook',
      'stdout',
    ]);
    expect(everywhere.evaluate(makeFinding({ finding_id: 'x', rule_id: 'r2' }), T0).alert?.sinks).toEqual([
      'webhook',
      'slack',
      'stdout',
    ]);
  });
});

describe('mute windows', () => {
  const policy = `
version: 1
rules: [{ name: all, match: {} }]
mute:
  - name: maintenance
    tenants: [acme-bank]
    from: 2026-03-02T09:00:00Z
    until: 2026-03-02T11:00:00Z
  - name: weekend-nights
    apps: [batch-*]
    categories: [pii]
    recurring: { days: [sat], start: '22:00', end: '06:00', timezone: Europe/Paris }
`;

  it('silences a tenant during an absolute window, and only then', () => {
    const policyEngine = engine(policy);
    expect(policyEngine.evaluate(makeFinding(), T0)).toEqual({ outcome: 'muted', mute: 'maintenance' });
    const globex = makeFinding({ finding_id: 'g', tenant_id: 'globex' });
    expect(policyEngine.evaluate(globex, T0).outcome).toBe('alerted');
    const after = makeFinding({ finding_id: 'later' });
    expect(policyEngine.evaluate(after, Date.parse('2026-03-02T11:00:00Z')).outcome).toBe('alerted');
  });

  it('silences a recurring window across midnight in its time zone, for the listed categories', () => {
    const policyEngine = engine(policy);
    const batch = (id: string, category: 'pii' | 'secret' = 'pii') =>
      makeFinding({ finding_id: id, tenant_id: 'globex', app_id: 'batch-etl', category, user_id: id });
    // Saturday 2026-03-07 23:30 Paris (UTC+1) = 22:30Z: muted; Sunday 05:30 Paris = 04:30Z: muted.
    expect(policyEngine.evaluate(batch('a'), Date.parse('2026-03-07T22:30:00Z')).outcome).toBe('muted');
    expect(policyEngine.evaluate(batch('b'), Date.parse('2026-03-08T04:30:00Z')).outcome).toBe('muted');
    // Sunday 06:30 Paris: over. Saturday 21:30 Paris: not yet. Another category: never.
    expect(policyEngine.evaluate(batch('c'), Date.parse('2026-03-08T05:30:00Z')).outcome).toBe('alerted');
    expect(policyEngine.evaluate(batch('d'), Date.parse('2026-03-07T20:30:00Z')).outcome).toBe('alerted');
    expect(policyEngine.evaluate(batch('e', 'secret'), Date.parse('2026-03-07T22:30:00Z')).outcome).toBe(
      'alerted',
    );
    // Friday night is not listed.
    expect(policyEngine.evaluate(batch('f'), Date.parse('2026-03-06T22:30:00Z')).outcome).toBe('alerted');
  });
});
