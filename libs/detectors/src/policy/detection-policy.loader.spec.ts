import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DetectionPolicyError } from '../detectors.error';
import {
  DEFAULT_POLICY_FILE,
  defaultPolicyPath,
  loadDetectionPolicy,
  parseDetectionPolicy,
} from './detection-policy.loader';

const directory = mkdtempSync(join(tmpdir(), 'argus-policy-'));
function policyFile(name: string, text: string): string {
  const file = join(directory, name);
  writeFileSync(file, text);
  return file;
}

function thrown(action: () => unknown): DetectionPolicyError {
  try {
    action();
  } catch (error) {
    if (error instanceof DetectionPolicyError) return error;
    throw error;
  }
  throw new Error('expected a DetectionPolicyError');
}

describe('loadDetectionPolicy', () => {
  it('loads the shipped default policy when no path is given', () => {
    expect(defaultPolicyPath()).toMatch(new RegExp(`${DEFAULT_POLICY_FILE.replace(/\./g, '\\.')}$`));
    const policy = loadDetectionPolicy();
    expect(policy.version).toBe(1);
    expect(policy.defaults.detectors.canary?.enabled).toBe(true);
    expect(policy.defaults.canaries.length).toBeGreaterThan(0);
    expect(
      policy.apps.some((entry) => entry.tenant_id === 'acme-bank' && entry.app_id === 'support-chat'),
    ).toBe(true);
  });

  it('fills defaults for a minimal policy', () => {
    expect(parseDetectionPolicy('version: 1\n')).toEqual({
      version: 1,
      defaults: {
        canaries: [],
        detectors: {},
        thresholds: { min_score: 0, min_severity: 'info' },
        storage: {},
        scan_history: false,
      },
      apps: [],
    });
  });

  it('reads storage actions per field and rejects unknown fields and actions', () => {
    const policy = parseDetectionPolicy(
      'version: 1\ndefaults: { storage: { input: hmac } }\napps: [{ tenant_id: t, app_id: a, storage: { output: drop } }]\n',
    );
    expect(policy.defaults.storage).toEqual({ input: 'hmac' });
    expect(policy.apps[0].storage).toEqual({ output: 'drop' });
    expect(() =>
      parseDetectionPolicy('version: 1\ndefaults: { storage: { input: hide, prompt: keep } }\n'),
    ).toThrow(/defaults\.storage\.input[\s\S]*defaults\.storage/);
  });

  it('reads JSON files', () => {
    const file = policyFile(
      'policy.json',
      JSON.stringify({ version: 1, apps: [{ tenant_id: 't', app_id: '*' }] }),
    );
    expect(loadDetectionPolicy(file).apps).toEqual([
      { tenant_id: 't', app_id: '*', canaries: [], detectors: {} },
    ]);
  });

  it('names the file and every bad path of an invalid policy', () => {
    const file = policyFile(
      'bad.yaml',
      [
        'version: 2',
        'defaults:',
        '  thresholds: { min_score: 1.5 }',
        '  detector: {}',
        'apps:',
        '  - tenant_id: acme-bank',
        '    app_id: support-chat',
        '    canaries: [short]',
        '    detectors: { canary: { enabled: "yes" } }',
        '  - tenant_id: acme-bank',
        '    app_id: support-chat',
      ].join('\n'),
    );
    const error = thrown(() => loadDetectionPolicy(file));
    expect(error.code).toBe('policy_invalid');
    expect(error.file).toBe(file);
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([
        'version',
        'defaults.thresholds.min_score',
        'defaults',
        'apps.0.canaries.0',
        'apps.0.detectors.canary.enabled',
      ]),
    );
    expect(error.message).toContain(`Invalid detection policy: ${file}`);
    expect(error.message).toMatch(/apps\.0\.canaries\.0: a canary must be at least 12 characters/);
    expect(error.message).toMatch(/Unrecognized key: "detector"/);
  });

  it('reports duplicate app entries', () => {
    const error = thrown(() =>
      parseDetectionPolicy(
        'version: 1\napps:\n  - {tenant_id: t, app_id: a}\n  - {tenant_id: u, app_id: a}\n  - {tenant_id: t, app_id: a}\n',
      ),
    );
    expect(error.issues).toEqual([
      { path: 'apps.2', message: 'duplicate entry for tenant "t" app "a" (first at apps.0)' },
    ]);
  });

  it('reports YAML and JSON syntax errors with their position', () => {
    const yaml = thrown(() => loadDetectionPolicy(policyFile('broken.yaml', 'version: 1\napps: [\n')));
    expect(yaml.code).toBe('policy_syntax');
    expect(yaml.message).toMatch(/broken\.yaml/);
    expect(yaml.issues[0].message).toMatch(/line \d+/);
    const json = thrown(() => loadDetectionPolicy(policyFile('broken.json', '{"version": 1,')));
    expect(json.code).toBe('policy_syntax');
  });

  it('reports a missing file', () => {
    const error = thrown(() => loadDetectionPolicy(join(directory, 'nope.yaml')));
    expect(error.code).toBe('policy_not_found');
    expect(error.message).toContain('nope.yaml');
  });
});
