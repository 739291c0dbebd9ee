import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { writeTinyModel } from '@argus/embeddings';
import { runCli } from '../cli';
import { registerDriftCommand } from './drift.command';

const directory = mkdtempSync(join(tmpdir(), 'argus-drift-'));

function file(name: string, lines: readonly unknown[]): string {
  const path = join(directory, name);
  writeFileSync(
    path,
    lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n',
  );
  return path;
}

/** Runs `argus drift …` in-process with captured streams. */
async function argus(args: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await runCli([registerDriftCommand], ['node', 'argus', 'drift', ...args], {
    stdin: Readable.from([]),
    stdout,
    stderr,
  });
  return { code, stdout: out, stderr: err };
}

const bankingTexts = [
  'I am still waiting on my card',
  'my card has not arrived yet',
  'how long does card delivery take',
  'when will my new card arrive',
  'can I track the delivery of my card',
  'the card I ordered is still not here',
  'what is the exchange rate for my transfer',
  'why was I charged a fee on my transfer',
  'my top up did not go through',
  'how do I top up my account',
];
const travelTexts = [
  'book me a flight to Paris next Friday',
  'what is the weather in Rome this weekend',
  'find a hotel near the airport in Oslo',
  'do I need a visa to travel to Japan',
  'how long is the flight from London to Tokyo',
  'recommend a restaurant in Barcelona',
  'what should I pack for a trip to Iceland',
  'is my flight to Berlin on time',
  'rent a car in Lisbon for three days',
  'translate thank you into Italian',
];

describe('argus drift (in-process)', () => {
  it('prints one JSON line with the statistics and the examples that show the change', async () => {
    const reference = file(
      'reference.jsonl',
      [...bankingTexts, ...bankingTexts].map((text) => ({ text })),
    );
    const current = file(
      'current.jsonl',
      travelTexts.map((text) => ({ text })),
    );
    const result = await argus(['--reference', reference, '--current', current, '--permutations', '200']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.trim().split('\n')).toHaveLength(1);
    const output = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(output).toMatchObject({
      p_value: 1 / 201,
      drift: true,
      n_reference: 20,
      n_current: 10,
      embedder: 'hashing-ngram-v1-512',
      permutations: 200,
      alpha: 0.05,
      seed: 1,
    });
    for (const key of ['statistic', 'effect', 'energy_distance', 'centroid_cosine_shift'])
      expect(output[key]).toEqual(expect.any(Number));
    expect(output.examples).toHaveLength(5);
    expect(output.examples).toContainEqual(
      expect.objectContaining({
        line: expect.any(Number),
        text: expect.any(String),
        score: expect.any(Number),
      }),
    );
  });

  it('reads {"embedding"} lines, finds no drift between the same vectors, and is reproducible by seed', async () => {
    const vectors = Array.from({ length: 30 }, (_, index) => [
      Math.sin(index),
      Math.cos(index * 1.7),
      index % 3,
    ]);
    const reference = file(
      'vectors-a.jsonl',
      vectors.map((embedding) => ({ embedding })),
    );
    const current = file(
      'vectors-b.jsonl',
      [...vectors].reverse().map((embedding) => ({ embedding })),
    );
    const args = ['--reference', reference, '--current', current, '--seed', '7', '--alpha', '0.01'];
    const first = await argus(args);
    expect(first.code).toBe(0);
    const output = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(output).toMatchObject({ drift: false, embedder: 'supplied', effect: 0, seed: 7, alpha: 0.01 });
    expect(output.p_value).toBeGreaterThan(0.5);
    expect((output.examples as object[])[0]).not.toHaveProperty('text');
    expect((await argus(args)).stdout).toBe(first.stdout);
  });

  it('names the malformed line, and rejects mixed dimensions or mixed line kinds', async () => {
    const good = file('good.jsonl', [{ embedding: [1, 2] }, { embedding: [2, 3] }]);
    const cases: [string, RegExp][] = [
      [
        file('invalid.jsonl', [{ embedding: [1, 2] }, '{"embedding": [1,']),
        /invalid\.jsonl:2: not valid JSON/,
      ],
      [
        file('no-field.jsonl', [{ embedding: [1, 2] }, { prompt: 'hi' }]),
        /no-field\.jsonl:2: expected \{"text"/,
      ],
      [
        file('nan.jsonl', [{ embedding: [1, 2] }, { embedding: [1, 'x'] }]),
        /nan\.jsonl:2: "embedding" must be/,
      ],
      [
        file('dims.jsonl', [{ embedding: [1, 2] }, { embedding: [1, 2, 3] }]),
        /dims\.jsonl:2: embedding has 3 dimensions/,
      ],
      [
        file('mixed.jsonl', [{ embedding: [1, 2] }, { text: 'hello' }]),
        /mixed\.jsonl:2: a text line among embedding/,
      ],
      [file('short.jsonl', [{ embedding: [1, 2] }]), /short\.jsonl: needs at least 2 lines/],
      [join(directory, 'missing.jsonl'), /cannot read input file .*missing\.jsonl/],
    ];
    for (const [current, message] of cases) {
      const result = await argus(['--reference', good, '--current', current]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
  });

  it('embeds texts with --model through the embedding service (a generated tiny model)', async () => {
    const modelPath = join(directory, 'tiny-model');
    writeTinyModel(modelPath, { task: 'feature-extraction' });
    const reference = file(
      'model-reference.jsonl',
      bankingTexts.map((text) => ({ text })),
    );
    const current = file(
      'model-current.jsonl',
      bankingTexts.map((text) => ({ text })),
    );
    const result = await argus(['--reference', reference, '--current', current, '--model', modelPath]);
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { embedder: string; drift: boolean; n_current: number };
    expect(output.embedder).toMatch(/^transformers:tiny-model:fp32:[0-9a-f]{12}$/);
    expect(output).toMatchObject({ drift: false, n_current: bankingTexts.length });
  });

  it('names a model directory that cannot be used, exit 2', async () => {
    const good = file('texts.jsonl', [{ text: 'a' }, { text: 'b' }]);
    const result = await argus(['--reference', good, '--current', good, '--model', join(directory, 'nope')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--model .*nope: .*no config\.json/);
    expect(result.stdout).toBe('');
  });

  it('validates its options', async () => {
    const good = file('options.jsonl', [{ text: 'a' }, { text: 'b' }]);
    const result = await argus(['--reference', good, '--current', good, '--min-effect', '-1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/--min-effect.*expected a number ≥ 0/);
    expect((await argus(['--current', good])).stderr).toMatch(/required option '--reference <file>'/);
  });
});
