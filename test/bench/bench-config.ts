import { randomUUID } from 'node:crypto';

/**
 * Benchmarks `npm run bench` runs, in this order (BENCH_ONLY=a,b selects some). ingest and latency need
 * a broker (KAFKA_BROKERS; `make bench` starts one); the others run in this process or on embedded chdb.
 */
export type BenchName =
  | 'pipeline'
  | 'leakage'
  | 'alerts'
  | 'ingest'
  | 'latency'
  | 'sinks'
  | 'embeddings'
  | 'analyzer'
  | 'behaviour'
  | 'guard';
const BENCH_NAMES: readonly BenchName[] = [
  'pipeline',
  'leakage',
  'alerts',
  'ingest',
  'latency',
  'sinks',
  'embeddings',
  'analyzer',
  'behaviour',
  'guard',
];

/**
 * Everything the benchmark can be told, from the environment (the benchmark is a script, not an app: it
 * reads its own variables; Argus still gets its settings only through the environment of its process).
 */
export type BenchConfig = {
  runId: string;
  brokers: string;
  only: BenchName[];
  /** Target JSON size of each event. */
  eventBytes: number;
  /** Share of generated events that are attacks or leaks (the generator's and the e2e test's default: 0.3). */
  attackRate: number;
  microEvents: number;
  microPasses: number;
  /** Events pre-loaded for the ingest throughput run. */
  ingestEvents: number;
  /** Partitions of the benchmark's topics (Argus consumes that many concurrently). */
  partitions: number;
  latencyRate: number;
  latencySeconds: number;
  /** Poll interval of "which rows are visible" in the latency run. */
  pollMs: number;
  /** Write V8 CPU profiles of the Argus process (ingest run) into .argus/bench/. */
  cpuProfile: boolean;
  /** Exit with status 1 when a target is missed. */
  strict: boolean;
  /**
   * Extra environment of the Argus process: CLICKHOUSE_WRITER_*, KAFKA_MAX_BYTES_PER_PARTITION and
   * CLICKHOUSE_URL as they are, and any BENCH_ARGUS_<NAME> as <NAME> (e.g. BENCH_ARGUS_NODE_OPTIONS).
   */
  argusOverrides: Record<string, string>;
};

const PASSED_THROUGH = [
  'CLICKHOUSE_WRITER_MAX_ROWS',
  'CLICKHOUSE_WRITER_FLUSH_MS',
  'KAFKA_MAX_BYTES_PER_PARTITION',
  'CLICKHOUSE_URL',
];

const ARGUS_PREFIX = 'BENCH_ARGUS_';

/** A whole-number setting from the environment (empty or unset: `fallback`); anything else stops the run. */
export function envInteger(name: string, fallback: number, minimum = 1): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < minimum)
    throw new Error(`${name} must be an integer ≥ ${minimum}, got ${JSON.stringify(raw)}`);
  return value;
}

function share(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!(value >= 0 && value <= 1))
    throw new Error(`${name} must be a number in 0..1, got ${JSON.stringify(raw)}`);
  return value;
}

export function loadBenchConfig(): BenchConfig {
  const brokers = process.env.KAFKA_BROKERS;
  const onlyRaw = process.env.BENCH_ONLY ?? '';
  const only = onlyRaw === '' ? [...BENCH_NAMES] : onlyRaw.split(',').map((name) => name.trim());
  for (const name of only) {
    if (!BENCH_NAMES.includes(name as BenchName))
      throw new Error(`BENCH_ONLY: unknown benchmark "${name}" (${BENCH_NAMES.join(', ')})`);
  }
  if ((only.includes('ingest') || only.includes('latency')) && !brokers) {
    throw new Error(
      'KAFKA_BROKERS is not set: run `make bench`, which starts a test broker, or point it at one',
    );
  }
  const argusOverrides: Record<string, string> = {};
  for (const name of PASSED_THROUGH) {
    const value = process.env[name];
    if (value !== undefined && value !== '') argusOverrides[name] = value;
  }
  for (const [name, value] of Object.entries(process.env)) {
    if (name.startsWith(ARGUS_PREFIX) && value !== undefined && value !== '')
      argusOverrides[name.slice(ARGUS_PREFIX.length)] = value;
  }
  return {
    runId: randomUUID().slice(0, 8),
    brokers: brokers ?? '',
    only: only as BenchName[],
    eventBytes: envInteger('BENCH_EVENT_BYTES', 2048, 512),
    attackRate: share('BENCH_ATTACK_RATE', 0.3),
    microEvents: envInteger('BENCH_MICRO_EVENTS', 10_000),
    microPasses: envInteger('BENCH_MICRO_PASSES', 3),
    ingestEvents: envInteger('BENCH_EVENTS', 50_000),
    partitions: envInteger('BENCH_PARTITIONS', 3),
    latencyRate: envInteger('BENCH_RATE', 1000),
    latencySeconds: envInteger('BENCH_DURATION_S', 20),
    pollMs: envInteger('BENCH_POLL_MS', 50),
    cpuProfile: ['1', 'true', 'yes'].includes(process.env.BENCH_CPU_PROF ?? ''),
    strict: ['1', 'true', 'yes'].includes(process.env.BENCH_STRICT ?? ''),
    argusOverrides,
  };
}
