import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { renderTelemetryJsonSchema } from '@argus/contracts';
import { makeEventJson } from '../../../test/support/event.factory';
import { runCli } from './cli';
import { registerCanaryCommand } from './commands/canary.command';
import { registerDetectCommand } from './commands/detect.command';
import { registerGenerateCommand } from './commands/generate.command';
import { registerSchemaCommand } from './commands/schema.command';

const COMMANDS = [
  registerDetectCommand,
  registerGenerateCommand,
  registerSchemaCommand,
  registerCanaryCommand,
];
const directory = mkdtempSync(join(tmpdir(), 'argus-cli-'));

/** Runs `argus …` in-process with captured streams. */
async function argus(args: string[], stdin = '') {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli(COMMANDS, ['node', 'argus', ...args], {
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout,
    stderr,
  });
  return { code, stdout: out, stderr: err };
}

describe('argus CLI (in-process)', () => {
  it('has --help on every command', async () => {
    for (const command of ['detect', 'generate', 'schema', 'canary']) {
      const result = await argus([command, '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: argus ${command}`);
    }
    expect((await argus(['--help'])).stdout).toMatch(/detect[\s\S]*generate[\s\S]*schema/);
  });

  it('detect reads stdin, writes stdout and exits 0 despite bad lines', async () => {
    const event = makeEventJson({ output: 'leak ARGUS-CANARY-C1ES4NK7W11FEQCT777Z' });
    const result = await argus(['detect', '--summary'], `${event}\nnope\n`);
    expect(result.code).toBe(0);
    const [first, second] = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(first).toMatchObject({ risk_score: 1, findings: [{ rule_id: 'canary.output' }] });
    expect(second).toMatchObject({ line: 2, error: expect.stringMatching(/^invalid_json/) });
    expect(result.stderr).toBe('argus detect: 2 lines, 1 events, 1 errors, 1 findings\n');
  });

  it('detect reads and writes files and takes a policy with --config', async () => {
    const input = join(directory, 'events.jsonl');
    const output = join(directory, 'out', 'results.jsonl');
    const policy = join(directory, 'policy.yaml');
    writeFileSync(input, `${makeEventJson({ app_id: 'custom', output: 'I leaked MY-OWN-CANARY-123' })}\n`);
    writeFileSync(
      policy,
      'version: 1\napps:\n  - { tenant_id: acme-bank, app_id: custom, canaries: [MY-OWN-CANARY-123] }\n',
    );
    const result = await argus(['detect', '--input', input, '--output', output, '--config', policy]);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    expect(JSON.parse(readFileSync(output, 'utf8'))).toMatchObject({ findings: [{ evidence: 'MY-O…' }] });
  });

  it('detect exits 2 with a message on an unreadable input or an invalid policy', async () => {
    const missing = await argus(['detect', '--input', join(directory, 'missing.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^argus: cannot read input file .*missing\.jsonl/);

    const policy = join(directory, 'bad-policy.yaml');
    writeFileSync(policy, 'version: 1\ndefaults: { canaries: [short] }\n');
    const invalid = await argus(['detect', '--config', policy], makeEventJson());
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toContain(`argus: Invalid detection policy: ${policy}`);
    expect(invalid.stderr).toContain('defaults.canaries.0: a canary must be at least 12 characters');
  });

  it('generate writes the requested number of labelled events, reproducibly', async () => {
    const args = [
      'generate',
      '--count',
      '50',
      '--seed',
      's1',
      '--start',
      '2025-06-02T09:00:00Z',
      '--attack-rate',
      '0.5',
    ];
    const first = await argus(args);
    const second = await argus(args);
    expect(first.code).toBe(0);
    expect(first.stdout).toBe(second.stdout);
    const events = first.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { attributes: Record<string, string> });
    expect(events).toHaveLength(50);
    expect(events.every((event) => typeof event.attributes['argus.synthetic.label'] === 'string')).toBe(true);
  });

  it('generate rejects out-of-range options', async () => {
    const result = await argus(['generate', '--attack-rate', '1.5']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('expected a number between 0 and 1');
  });

  it('schema writes the telemetry JSON Schema', async () => {
    const file = join(directory, 'schema.json');
    expect((await argus(['schema', '--out', file])).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(renderTelemetryJsonSchema());
    expect((await argus(['schema'])).stdout).toBe(renderTelemetryJsonSchema());
  });

  it('canary prints fresh tokens', async () => {
    const result = await argus(['canary', '--count', '3', '--prefix', 'ACME']);
    expect(result.stdout).toMatch(/^(ACME-[0-9A-Z]{20}\n){3}$/);
  });
});
