import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type EmbeddingServiceConfig,
  createEmbeddingService,
  locateModelFiles,
  writeTinyModel,
} from '@argus/embeddings';
import { envInteger } from './bench-config';

/**
 * Embeddings per second through the real service (worker pool, batching, bounded queue; cache off so
 * every text reaches the model), for the hashing fallback, the generated tiny model and, when one is
 * present under ../shared/models/ (or BENCH_EMBEDDINGS_MODEL), a real sentence-embedding model.
 * Target from issue 5: ≥ 300 texts/s with a MiniLM-class model on 2 workers at batch 32.
 */
export type EmbeddingsBenchRow = {
  label: string;
  provider: string;
  dimensions: number;
  workers: number;
  batchSize: number;
  texts: number;
  seconds: number;
  textsPerSecond: number;
};

export type EmbeddingsBenchResult = { rows: EmbeddingsBenchRow[]; realModel: string | undefined };

const ROOT = join(__dirname, '..', '..');
const TARGET_TEXTS_PER_SECOND = 300;

/** Real prompts when the shared dev data is there (distinct texts, varied lengths), else generated ones. */
function benchTexts(count: number): string[] {
  const file = join(ROOT, '..', 'shared', 'data', 'dev', 'topics_dev.jsonl');
  const texts = new Set<string>();
  if (existsSync(file)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const text = (JSON.parse(line) as { text?: unknown }).text;
      if (typeof text === 'string') texts.add(text);
    }
  }
  const base = texts.size > 0 ? [...texts] : ['What is the balance of my savings account today?'];
  // Numbered copies keep every text distinct, so nothing is answered twice even with a cache.
  return Array.from({ length: count }, (_, index) => `${base[index % base.length]} (${index})`);
}

/** A model directory under ../shared/models/ that loads (config, tokenizer, weights), if any. */
function findRealModel(): string | undefined {
  const explicit = process.env.BENCH_EMBEDDINGS_MODEL;
  if (explicit !== undefined && explicit !== '') return resolve(explicit);
  const models = join(ROOT, '..', 'shared', 'models');
  if (!existsSync(models)) return undefined;
  const candidates = [models, ...readdirSync(models).map((name) => join(models, name))];
  for (const candidate of candidates) {
    try {
      locateModelFiles(candidate);
      return candidate;
    } catch {
      // not a model directory
    }
  }
  return undefined;
}

async function measure(
  label: string,
  config: EmbeddingServiceConfig,
  texts: readonly string[],
  callSize: number,
): Promise<EmbeddingsBenchRow> {
  const service = await createEmbeddingService({ ...config, cacheSize: 0 });
  try {
    await service.embed(texts.slice(0, 64).map((text) => `warm-up ${text}`));
    const started = performance.now();
    const calls: Promise<Float32Array[]>[] = [];
    // Callers the size of a consumer's per-event embedding call, all at once: the queue bound applies.
    for (let start = 0; start < texts.length; start += callSize)
      calls.push(service.embed(texts.slice(start, start + callSize)));
    await Promise.all(calls);
    const seconds = (performance.now() - started) / 1000;
    return {
      label,
      provider: service.id,
      dimensions: service.dimensions,
      workers: config.workers ?? 1,
      batchSize: config.maxBatchSize ?? 32,
      texts: texts.length,
      seconds: Number(seconds.toFixed(2)),
      textsPerSecond: Math.round(texts.length / seconds),
    };
  } finally {
    await service.close();
  }
}

export async function runEmbeddingsBench(log: (line: string) => void): Promise<EmbeddingsBenchResult> {
  const workers = envInteger('BENCH_EMBEDDINGS_WORKERS', 2);
  const maxBatchSize = envInteger('BENCH_EMBEDDINGS_BATCH', 32);
  const shared = { workers, maxBatchSize, maxWaitMs: 5 };
  const directory = mkdtempSync(join(tmpdir(), 'argus-embeddings-bench-'));
  const rows: EmbeddingsBenchRow[] = [];
  try {
    const tiny = writeTinyModel(join(directory, 'argus-tiny'), { dimensions: 384 }).directory;
    const run = async (label: string, config: EmbeddingServiceConfig, count: number) => {
      log(`embeddings: ${label}, ${count} texts`);
      rows.push(await measure(label, { ...shared, ...config }, benchTexts(count), 2));
    };
    await run('hashing fallback', {}, envInteger('BENCH_EMBEDDINGS_HASHING_TEXTS', 20_000));
    await run(
      'tiny generated model, fp32, 384 dims',
      { modelPath: tiny, dtype: 'fp32' },
      envInteger('BENCH_EMBEDDINGS_TINY_TEXTS', 10_000),
    );
    await run(
      'tiny generated model, q8, 384 dims',
      { modelPath: tiny, dtype: 'q8' },
      envInteger('BENCH_EMBEDDINGS_TINY_TEXTS', 10_000),
    );
    const realModel = findRealModel();
    if (realModel === undefined) {
      log('embeddings: no real model under ../shared/models/ (or BENCH_EMBEDDINGS_MODEL): skipped');
    } else {
      const count = envInteger('BENCH_EMBEDDINGS_REAL_TEXTS', 2000);
      for (const dtype of ['fp32', 'q8'] as const) {
        try {
          locateModelFiles(realModel, dtype);
        } catch {
          continue;
        }
        await run(`real model ${realModel}, ${dtype}`, { modelPath: realModel, dtype }, count);
      }
    }
    return { rows, realModel };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

export function embeddingsReportLines(result: EmbeddingsBenchResult): string[] {
  const lines = [
    'Embeddings: texts/s through createEmbeddingService (worker pool, batching, cache off)',
    ...result.rows.map(
      (row) =>
        `  ${row.label.padEnd(48)} ${String(row.textsPerSecond).padStart(8)} texts/s  ` +
        `(${row.texts} texts in ${row.seconds} s, ${row.workers} workers, batch ${row.batchSize}, ${row.dimensions} dims, ${row.provider})` +
        (row.label.startsWith('real model')
          ? row.textsPerSecond >= TARGET_TEXTS_PER_SECOND
            ? `  target ≥ ${TARGET_TEXTS_PER_SECOND}: met`
            : `  target ≥ ${TARGET_TEXTS_PER_SECOND}: MISSED`
          : ''),
    ),
  ];
  if (result.realModel === undefined) {
    lines.push(
      `  real MiniLM-class model: absent (none under ../shared/models/); target ≥ ${TARGET_TEXTS_PER_SECOND} texts/s not measured`,
    );
  }
  return lines;
}

// `npm run bench:embeddings`: this benchmark alone.
if (require.main === module) {
  const started = Date.now();
  runEmbeddingsBench((line) =>
    process.stdout.write(`[bench ${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`),
  ).then(
    (result) => {
      process.stdout.write(`${embeddingsReportLines(result).join('\n')}\n`);
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(
        `embeddings bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
