import { readFile } from 'node:fs/promises';
import { type Command, InvalidArgumentError } from 'commander';
import { createEmbeddingService, createHashingEmbedder } from '@argus/embeddings';
import { DRIFT_DEFAULTS, explainDrift, type Sample, testDrift } from '@argus/scoring';
import { CliError, type CliIo, errorMessage } from '../cli-io';
import { fraction, nonNegativeInteger, positiveInteger } from './options';

type DriftOptions = {
  reference: string;
  current: string;
  model?: string;
  alpha: number;
  permutations: number;
  minEffect: number;
  seed: number;
  examples: number;
};

/** One input line, read as a text to embed or as a vector supplied by the caller. */
type DriftLine =
  { kind: 'text'; line: number; text: string } | { kind: 'embedding'; line: number; embedding: number[] };

type DriftFile = { path: string; lines: DriftLine[] };

const TEXT_EMBEDDER = createHashingEmbedder();

function nonNegativeNumber(value: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isFinite(parsed) || parsed < 0)
    throw new InvalidArgumentError('expected a number ≥ 0.');
  return parsed;
}

export function registerDriftCommand(program: Command, io: CliIo): void {
  program
    .command('drift')
    .description(
      'Compare two samples of texts or embeddings (JSONL, {"text": …} or {"embedding": [...]} per line): ' +
        'MMD² permutation test, energy distance, centroid cosine shift, and the current examples that ' +
        'show what changed. Prints one JSON line.',
    )
    .requiredOption('--reference <file>', 'reference sample (the baseline), JSONL')
    .requiredOption('--current <file>', 'current sample (the window under test), JSONL')
    .option(
      '--model <path>',
      'transformers.js sentence-embedding model directory for {"text"} lines (default: the hashing fallback)',
    )
    .option('--alpha <p>', 'significance level of the permutation test', fraction, DRIFT_DEFAULTS.alpha)
    .option(
      '--permutations <n>',
      'permutations of the MMD² test',
      positiveInteger,
      DRIFT_DEFAULTS.permutations,
    )
    .option(
      '--min-effect <mmd2>',
      'smallest effect (MMD², in [0, 2]) reported as drift, whatever the p-value',
      nonNegativeNumber,
      DRIFT_DEFAULTS.minEffect,
    )
    .option('--seed <n>', 'seed of the permutations (same seed, same p-value)', nonNegativeInteger, 1)
    .option('--examples <k>', 'current examples to print', nonNegativeInteger, 5)
    .addHelpText(
      'after',
      '\n"drift" is true when p_value < alpha AND effect ≥ min-effect. Texts are embedded with --model, ' +
        'or the hashing fallback embedder; the min effect is calibrated for the latter (docs/drift.md).\n' +
        'Exit status: 0 when the samples were compared (drift or not); ' +
        '2 on unreadable or malformed input.\n\nExample:\n' +
        '  bin/argus drift --reference last-week.jsonl --current today.jsonl --permutations 1000',
    )
    .action(async (options: DriftOptions) => {
      const reference = await readDriftFile(options.reference);
      const current = await readDriftFile(options.current);
      const { referenceVectors, currentVectors, embedder } = await toVectors(
        reference,
        current,
        options.model,
      );
      const result = testDrift(referenceVectors, currentVectors, options);
      const currentTexts = current.lines.map((line) => (line.kind === 'text' ? line.text : ''));
      const examples = explainDrift(
        referenceVectors,
        currentVectors,
        embedder === 'supplied' ? undefined : currentTexts,
        options.examples,
      ).map((example) => ({
        line: current.lines[example.index].line,
        ...(example.text === undefined ? {} : { text: example.text }),
        score: example.score,
      }));
      io.stdout.write(
        `${JSON.stringify({
          statistic: result.statistic,
          p_value: result.pValue,
          effect: result.effect,
          drift: result.drift,
          n_reference: result.referenceCount,
          n_current: result.currentCount,
          energy_distance: result.energyDistance,
          centroid_cosine_shift: result.centroidCosineShift,
          embedder,
          examples,
          bandwidth: result.bandwidth,
          alpha: result.alpha,
          min_effect: result.minEffect,
          permutations: result.permutations,
          seed: options.seed,
        })}\n`,
      );
    });
}

async function readDriftFile(path: string): Promise<DriftFile> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read input file ${path}: ${errorMessage(error)}`);
  }
  const lines: DriftLine[] = [];
  content.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    lines.push(parseDriftLine(raw, `${path}:${index + 1}`, index + 1));
  });
  if (lines.length < 2)
    throw new CliError(`${path}: needs at least 2 lines to compare, found ${lines.length}`);
  return { path, lines };
}

function parseDriftLine(raw: string, where: string, line: number): DriftLine {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    throw new CliError(`${where}: not valid JSON (${errorMessage(error)})`);
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    if (typeof record.text === 'string') return { kind: 'text', line, text: record.text };
    const embedding = record.embedding;
    if (Array.isArray(embedding)) {
      if (
        embedding.length === 0 ||
        !embedding.every((item) => typeof item === 'number' && Number.isFinite(item))
      )
        throw new CliError(`${where}: "embedding" must be a non-empty array of finite numbers`);
      return { kind: 'embedding', line, embedding: embedding as number[] };
    }
  }
  throw new CliError(`${where}: expected {"text": "…"} or {"embedding": [numbers]}`);
}

async function toVectors(
  reference: DriftFile,
  current: DriftFile,
  modelPath: string | undefined,
): Promise<{ referenceVectors: Sample; currentVectors: Sample; embedder: string }> {
  const kind = reference.lines[0].kind;
  const files = [reference, current];
  for (const file of files) {
    const other = file.lines.find((line) => line.kind !== kind);
    if (other !== undefined) {
      throw new CliError(
        `${file.path}:${other.line}: a ${other.kind} line among ${kind} lines; ` +
          'both samples must be all {"text"} or all {"embedding"} lines',
      );
    }
  }
  const texts = (file: DriftFile) => file.lines.map((line) => (line.kind === 'text' ? line.text : ''));
  if (kind === 'text' && modelPath !== undefined) {
    // The same embedding service as ingest and the analyzer (one worker thread, no cache needed here).
    let service;
    try {
      service = await createEmbeddingService({ modelPath, workers: 1, cacheSize: 0 });
    } catch (error) {
      throw new CliError(`--model ${modelPath}: ${errorMessage(error)}`);
    }
    try {
      const [referenceVectors, currentVectors] = [
        await service.embed(texts(reference)),
        await service.embed(texts(current)),
      ];
      return { referenceVectors, currentVectors, embedder: service.id };
    } finally {
      await service.close();
    }
  }
  if (kind === 'text') {
    return {
      referenceVectors: TEXT_EMBEDDER.embed(texts(reference)),
      currentVectors: TEXT_EMBEDDER.embed(texts(current)),
      embedder: TEXT_EMBEDDER.id,
    };
  }
  if (modelPath !== undefined)
    throw new CliError('--model embeds {"text"} lines; these samples are {"embedding"} lines already');
  const dimensions = reference.lines[0].embedding.length;
  for (const file of files) {
    for (const line of file.lines) {
      if (line.kind === 'embedding' && line.embedding.length !== dimensions) {
        throw new CliError(
          `${file.path}:${line.line}: embedding has ${line.embedding.length} dimensions, ` +
            `${reference.path}:${reference.lines[0].line} has ${dimensions}; all vectors must have the same dimensions`,
        );
      }
    }
  }
  const vectors = (file: DriftFile) =>
    file.lines.map((line) => (line.kind === 'embedding' ? line.embedding : []));
  return { referenceVectors: vectors(reference), currentVectors: vectors(current), embedder: 'supplied' };
}
