import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DEFAULT_RETENTION,
  type EventRow,
  applyMigrations,
  createClickHouseClient,
  toClickHouseDateTime,
} from '@argus/clickhouse';
import { createFallbackEmbeddingService } from '@argus/embeddings';
import { DRIFT_DEFAULTS, createDriftTester, seededRandom, testDrift } from '@argus/scoring';
import { DriftJob } from '../../apps/analyzer/src/drift/drift.job';
import { ClickHouseDriftStore, type DriftStore } from '../../apps/analyzer/src/drift/drift.store';
import { makeEventRow } from '../support/event-row.factory';
import { envInteger } from './bench-config';

/**
 * Analyzer run over many (app, model) series on embedded ClickHouse (chdb): events with real text
 * (topics_dev) are written, then one drift run samples, embeds (hashing fallback, on this thread),
 * tests and writes every series. Target (issue 5): 1,000 series in < 60 s.
 *
 * BENCH_ANALYZER_SERIES (default 1000), BENCH_ANALYZER_CURRENT / _REFERENCE (events per series in the
 * window / the reference; default 120 / 240), BENCH_ANALYZER_SHIFTED (share of series with a 30%
 * new-topic shift; default 0.05), BENCH_ANALYZER_PERMUTATIONS (default 200, the analyzer's default),
 * BENCH_ANALYZER_FIELDS (default input,output), BENCH_ANALYZER_WORKERS (drift test threads, default 2).
 */

const HOUR = 60 * 60 * 1000;

type TopicLine = { text: string; topic: string; corpus: string };

export type AnalyzerBenchResult = {
  series: number;
  tests: number;
  findings: number;
  shiftedSeries: number;
  shiftedFound: number;
  falseFindings: number;
  eventsWritten: number;
  loadSeconds: number;
  runSeconds: number;
  /** testDrift on 1,000 × 1,000 384-dim vectors, 100 permutations. */
  statisticSeconds: number;
  /** Drift test worker threads. */
  workers: number;
  /** Of the run: waiting for ClickHouse (series list, samples, writes), and embedding texts. */
  clickhouseSeconds: number;
  embeddingSeconds: number;
};

export async function runAnalyzerBench(
  log: (line: string) => void = () => undefined,
): Promise<AnalyzerBenchResult> {
  const seriesCount = envInteger('BENCH_ANALYZER_SERIES', 1000);
  const currentCount = envInteger('BENCH_ANALYZER_CURRENT', 120);
  const referenceCount = envInteger('BENCH_ANALYZER_REFERENCE', 240);
  const shiftedShare = Number(process.env.BENCH_ANALYZER_SHIFTED ?? 0.05);
  const permutations = envInteger('BENCH_ANALYZER_PERMUTATIONS', 200);
  const fields = (process.env.BENCH_ANALYZER_FIELDS ?? 'input,output').split(',') as ('input' | 'output')[];
  const dataDirectory = resolve(
    process.env.ARGUS_DEV_DATA ?? join(__dirname, '..', '..', '..', 'shared', 'data', 'dev'),
  );
  const topics = readFileSync(join(dataDirectory, 'topics_dev.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TopicLine);
  const banking = topics.filter((line) => line.corpus === 'banking77').map((line) => line.text);
  const travel = topics.filter((line) => line.topic === 'clinc:travel').map((line) => line.text);
  const answers = topics.filter((line) => line.topic === 'clinc:small_talk').map((line) => line.text);

  const dataDir = join(tmpdir(), `argus-bench-analyzer-${process.pid}`);
  const database = 'argus_bench_analyzer';
  const client = await createClickHouseClient({ database, dataDir });
  try {
    await applyMigrations(client, { database, retention: DEFAULT_RETENTION });
    const windowEnd = Math.floor(Date.now() / HOUR) * HOUR;
    const windowStart = windowEnd - HOUR;
    const referenceStart = windowStart - 6 * HOUR;
    const random = seededRandom(42);
    const pick = (texts: string[]) => texts[Math.floor(random() * texts.length)];
    const shifted = new Set<string>();
    const loadStarted = Date.now();
    let eventsWritten = 0;
    let buffer: EventRow[] = [];
    const flush = async () => {
      if (buffer.length === 0) return;
      await client.insert({ table: 'events', values: buffer, format: 'JSONEachRow' });
      eventsWritten += buffer.length;
      buffer = [];
    };
    for (let series = 0; series < seriesCount; series++) {
      const appId = `app-${series % 250}`;
      const model = `model-${Math.floor(series / 250)}`;
      const isShifted = random() < shiftedShare;
      if (isShifted) shifted.add(`${appId}|${model}`);
      const add = (count: number, from: number, span: number, shift: boolean) => {
        for (let index = 0; index < count; index++) {
          const timestamp = toClickHouseDateTime(new Date(from + Math.floor((index * span) / count)));
          buffer.push(
            benchRow({
              event_id: `${appId}-${model}-${from}-${index}`,
              app_id: appId,
              request_model: model,
              timestamp,
              input_text: shift && random() < 0.3 ? pick(travel) : pick(banking),
              output_text: pick(answers),
            }),
          );
        }
      };
      add(referenceCount, referenceStart, 6 * HOUR, false);
      add(currentCount, windowStart, HOUR, isShifted);
      if (buffer.length >= 20_000) await flush();
    }
    await flush();
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    log(`analyzer: ${eventsWritten} events of ${seriesCount} series written in ${loadSeconds.toFixed(1)} s`);

    const findings: { app_id: string; entity?: string }[] = [];
    const workers = envInteger('BENCH_ANALYZER_WORKERS', 2);
    const tester = createDriftTester(workers);
    const timers = { clickhouse: 0, embedding: 0 };
    const timed =
      <Args extends unknown[], Result>(
        bucket: keyof typeof timers,
        call: (...args: Args) => Promise<Result>,
      ) =>
      async (...args: Args): Promise<Result> => {
        const started = performance.now();
        try {
          return await call(...args);
        } finally {
          timers[bucket] += performance.now() - started;
        }
      };
    const realStore = new ClickHouseDriftStore(client);
    const store: DriftStore = {
      scoredSeries: timed('clickhouse', (start: Date) => realStore.scoredSeries(start)),
      listSeries: timed('clickhouse', (...args: Parameters<DriftStore['listSeries']>) =>
        realStore.listSeries(...args),
      ),
      sample: timed('clickhouse', (...args: Parameters<DriftStore['sample']>) => realStore.sample(...args)),
      writeFindings: timed('clickhouse', (rows: Parameters<DriftStore['writeFindings']>[0]) =>
        realStore.writeFindings(rows),
      ),
      writeScores: timed('clickhouse', (rows: Parameters<DriftStore['writeScores']>[0]) =>
        realStore.writeScores(rows),
      ),
      writeReferences: timed('clickhouse', (rows: Parameters<DriftStore['writeReferences']>[0]) =>
        realStore.writeReferences(rows),
      ),
    };
    const fallback = createFallbackEmbeddingService();
    const embedder = {
      id: fallback.id,
      embed: timed('embedding', (texts: readonly string[]) => fallback.embed(texts)),
    };
    const job = new DriftJob(
      {
        windowMs: HOUR,
        lateMs: 0,
        reference: { kind: 'trailing', referenceMs: 6 * HOUR },
        sampleSize: 500,
        referenceSampleSize: 1000,
        minEvents: 100,
        fields,
        test: {
          permutations,
          alpha: 0.05,
          minEffect: DRIFT_DEFAULTS.minEffect,
          correction: 'benjamini-hochberg',
        },
        seriesPerQuery: 50,
      },
      {
        store,
        embedder,
        publishFindings: (produced) => {
          findings.push(...produced);
          return Promise.resolve();
        },
        logger: { info: () => undefined, warn: () => undefined, debug: () => undefined },
        tester,
      },
    );
    const runStarted = Date.now();
    const result = await job.run(new Date(windowEnd + 60_000)).finally(() => tester.close());
    const runSeconds = (Date.now() - runStarted) / 1000;
    const statistic = driftStatisticSeconds();
    const found = new Set(findings.map((finding) => `${finding.app_id}|${finding.entity ?? ''}`));
    return {
      series: seriesCount,
      tests: result.series,
      findings: result.findings,
      shiftedSeries: shifted.size,
      shiftedFound: [...shifted].filter((key) => found.has(key)).length,
      falseFindings: [...found].filter((key) => !shifted.has(key)).length,
      eventsWritten,
      loadSeconds,
      runSeconds,
      statisticSeconds: statistic.seconds,
      workers,
      clickhouseSeconds: timers.clickhouse / 1000,
      embeddingSeconds: timers.embedding / 1000,
    };
  } finally {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function benchRow(overrides: Partial<EventRow>): EventRow {
  return makeEventRow({
    event_id: '',
    tenant_id: 'bench',
    app_id: '',
    environment: 'bench',
    provider: 'bench',
    kafka_topic: 'bench',
    ...overrides,
  });
}

/**
 * The statistic alone at the size: 1,000 × 1,000 vectors of 384 dimensions (a MiniLM-class
 * model's), 100 permutations, dense Gaussian vectors (no zero entries to skip). Target < 2 s.
 */
export function driftStatisticSeconds(): { seconds: number; pValue: number } {
  const random = seededRandom(7);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const sample = (shift: number) =>
    Array.from({ length: 1000 }, () =>
      Float32Array.from({ length: 384 }, (_, index) => normal() + (index < 8 ? shift : 0)),
    );
  const reference = sample(0);
  const current = sample(0.1);
  const started = performance.now();
  const result = testDrift(reference, current, { permutations: 100 });
  return { seconds: (performance.now() - started) / 1000, pValue: result.pValue };
}

export function formatAnalyzerBench(result: AnalyzerBenchResult): string {
  return [
    `Analyzer drift run (chdb, hashing embedder, ${result.workers} test workers): ${result.series} (app, model) series, ${result.tests} tests`,
    `  run: ${result.runSeconds.toFixed(1)} s (target < 60 s): ClickHouse ${result.clickhouseSeconds.toFixed(1)} s, embedding ${result.embeddingSeconds.toFixed(1)} s, tests the rest`,
    `  load: ${result.eventsWritten} events in ${result.loadSeconds.toFixed(1)} s`,
    `  one test, 1,000 × 1,000 vectors of 384 dims, 100 permutations: ${result.statisticSeconds.toFixed(2)} s (target < 2 s)`,
    `  findings: ${result.findings}; shifted series found ${result.shiftedFound}/${result.shiftedSeries}; findings on unshifted series: ${result.falseFindings}`,
  ].join('\n');
}

if (require.main === module) {
  runAnalyzerBench((line) => process.stdout.write(`${line}\n`)).then(
    (result) => process.stdout.write(`${formatAnalyzerBench(result)}\n`),
    (error: unknown) => {
      process.stderr.write(
        `analyzer bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    },
  );
}
