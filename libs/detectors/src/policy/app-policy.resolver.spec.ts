import { detectorSettings, resolveAppPolicy } from './app-policy.resolver';
import { parseDetectionPolicy } from './detection-policy.loader';

const policy = parseDetectionPolicy(`
version: 1
defaults:
  thresholds: { min_score: 0.1, min_severity: low }
  detectors:
    canary: { enabled: true, options: { a: 1, b: 1 } }
    pii: { enabled: false }
  canaries: [GLOBAL-CANARY-0001]
apps:
  - tenant_id: acme-bank
    app_id: '*'
    canaries: [TENANT-CANARY-0001, GLOBAL-CANARY-0001]
    thresholds: { min_severity: medium }
    detectors:
      pii: { enabled: true }
      canary: { options: { b: 2 } }
  - tenant_id: acme-bank
    app_id: support-chat
    canaries: [APP-CANARY-00001]
    detectors:
      canary: { min_score: 0.9, options: { c: 3 } }
      pii: { enabled: false }
`);

describe('resolveAppPolicy', () => {
  it('merges defaults, the tenant-wide entry and the app entry, most specific last', () => {
    const app = resolveAppPolicy(policy, 'acme-bank', 'support-chat');
    expect(app.canaries).toEqual(['GLOBAL-CANARY-0001', 'TENANT-CANARY-0001', 'APP-CANARY-00001']);
    expect(app.thresholds).toEqual({ min_score: 0.1, min_severity: 'medium' });
    expect(detectorSettings(app, 'canary')).toEqual({
      enabled: true,
      min_score: 0.9,
      min_severity: 'medium',
      options: { a: 1, b: 2, c: 3 },
    });
    expect(detectorSettings(app, 'pii').enabled).toBe(false);
  });

  it('applies the tenant-wide entry to other apps of the tenant', () => {
    const app = resolveAppPolicy(policy, 'acme-bank', 'research-rag');
    expect(app.canaries).toEqual(['GLOBAL-CANARY-0001', 'TENANT-CANARY-0001']);
    expect(detectorSettings(app, 'pii').enabled).toBe(true);
    expect(detectorSettings(app, 'canary').min_score).toBe(0.1);
  });

  it('gives other tenants the defaults only', () => {
    const app = resolveAppPolicy(policy, 'globex-trading', 'support-chat');
    expect(app).toMatchObject({
      tenant_id: 'globex-trading',
      app_id: 'support-chat',
      canaries: ['GLOBAL-CANARY-0001'],
    });
    expect(detectorSettings(app, 'pii').enabled).toBe(false);
  });

  it('enables a detector the policy does not name, with the generic thresholds', () => {
    const app = resolveAppPolicy(policy, 'globex-trading', 'x');
    expect(detectorSettings(app, 'jailbreak')).toEqual({
      enabled: true,
      min_score: 0.1,
      min_severity: 'low',
      options: {},
    });
  });
});
