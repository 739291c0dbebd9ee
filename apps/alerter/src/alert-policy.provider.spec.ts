import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type AlertPolicy, type AlertSink } from '@argus/alerting';
import { ConfigError, loadConfig } from '@argus/config';
import { type FactoryProvider } from '@nestjs/common';
import { alertPolicyProvider, loadCheckedAlertPolicy } from './alert-policy.provider';

const sink = (name: string): AlertSink => ({ name, deliver: () => Promise.resolve() });
const factory = (alertPolicyProvider as FactoryProvider<AlertPolicy>).useFactory as (
  config: unknown,
  sinks: AlertSink[],
) => AlertPolicy;

function configWith(policy: string) {
  const dir = mkdtempSync(join(tmpdir(), 'alert-policy-provider-'));
  const file = join(dir, 'policy.yaml');
  writeFileSync(file, policy);
  return { config: loadConfig({ ALERT_POLICY_FILE: file }), file };
}

describe('alert policy provider', () => {
  it('loads the shipped default when ALERT_POLICY_FILE is unset', () => {
    expect(loadCheckedAlertPolicy(loadConfig({})).rules.length).toBeGreaterThan(0);
  });

  it('loads the documented example', () => {
    const file = resolve(__dirname, '../../../deploy/policy/alert-policy.example.yaml');
    const policy = loadCheckedAlertPolicy(loadConfig({ ALERT_POLICY_FILE: file }));
    expect(policy.rules.map((rule) => rule.name)).toContain('payment-data');
  });

  it('reports a bad file as a configuration error of ALERT_POLICY_FILE', () => {
    const { config, file } = configWith('version: 2\nrules: []\n');
    expect(() => loadCheckedAlertPolicy(config)).toThrow(ConfigError);
    expect(() => loadCheckedAlertPolicy(config)).toThrow(new RegExp(`ALERT_POLICY_FILE: ${file}`));
  });

  it('stops start-up when a rule routes to a sink the process does not have', () => {
    const { config } = configWith(
      'version: 1\nrules: [{ name: pager, match: {}, sinks: [webhook, slak] }]\n',
    );
    expect(() => factory(config, [sink('webhook'), sink('slack')])).toThrow(
      /rules\.0\.sinks\.1: rule "pager" routes to sink "slak", which is not configured \(configured: webhook, slack\)/,
    );
    expect(factory(config, [sink('webhook'), sink('slak')]).rules).toHaveLength(1);
  });
});
