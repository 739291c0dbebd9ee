import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ARGUS_MAIN, REPO_ROOT } from '@argus/testing';

describe('start-up with a bad configuration', () => {
  it('exits non-zero before connecting anywhere, naming every bad variable and why', () => {
    const result = spawnSync(process.execPath, [ARGUS_MAIN], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        API_PORT: 'eighty',
        KAFKA_BROKERS: 'broker-without-port',
        ALERT_MIN_SEVERITY: 'urgent',
        KAFKA_SASL_PASSWORD: 'hunter2-do-not-print',
      },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/Invalid configuration \(5 problems\)/);
    expect(result.stderr).toMatch(/API_PORT: .*"eighty"/);
    expect(result.stderr).toMatch(/KAFKA_BROKERS: each broker must be host:port/);
    expect(result.stderr).toMatch(/ALERT_MIN_SEVERITY: .*"urgent"/);
    expect(result.stderr).toMatch(/KAFKA_SASL_MECHANISM: required when any KAFKA_SASL_\* variable is set/);
    expect(result.stderr).not.toContain('hunter2');
    expect(result.stdout).toBe('');
  });
});

describe('start-up with an invalid detection policy', () => {
  it('exits 2 naming the policy variable, the file and the bad path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'argus-bad-policy-'));
    const file = join(dir, 'policy.yaml');
    writeFileSync(file, 'version: 1\ndefaults:\n  detectors:\n    canary:\n      enabled: maybe\n');
    const result = spawnSync(process.execPath, [ARGUS_MAIN], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, ARGUS_APPS: 'ingest', ARGUS_POLICY_FILE: file },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('ARGUS_POLICY_FILE');
    expect(result.stderr).toContain(file);
    expect(result.stderr).toMatch(/enabled/);
  });
});
