import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@argus/config';
import { REPO_ROOT } from '@argus/testing';
import { RESULTS_DIR } from './argus-under-test';
import { type BenchConfig } from './bench-config';
import { type LatencyBenchResult } from './end-to-end-latency.bench';
import { type IngestBenchResult } from './ingest-throughput.bench';
import { type PipelineBenchResult } from './pipeline.bench';
import { type CpuSplit } from './process-sampler';
import { type Distribution, formatNumber } from './stats';

export const TARGETS = { ingestEventsPerSecond: 5000, maxRssMb: 512, latencyP99Ms: 1000 };

export type BenchResults = {
  pipeline?: PipelineBenchResult;
  ingest?: IngestBenchResult;
  latency?: LatencyBenchResult;
  errors: { bench: string; message: string }[];
};

type Verdict = 'met' | 'MISSED' | '';
type Row = [label: string, value: string, target?: string, verdict?: Verdict];

const threadList = (seconds: Record<string, number>) =>
  Object.entries(seconds)
    .slice(0, 6)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
const cpuLine = (cpu: CpuSplit) =>
  `Argus ${cpu.argus} (JS main thread ${cpu.argusMainThread}), broker ${cpu.broker}, benchmark ${cpu.bench}, ` +
  `other processes ${cpu.otherProcesses}; machine ${cpu.machine} of ${cpus().length}`;
const check = (ok: boolean): Verdict => (ok ? 'met' : 'MISSED');
const spread = (d: Distribution, unit: string, digits = 0) =>
  `p50 ${formatNumber(d.p50, digits)} / p99 ${formatNumber(d.p99, digits)} / max ${formatNumber(d.max, digits)} ${unit}`;
const sizes = (d: Distribution) =>
  `${formatNumber(d.p50)} B (min ${formatNumber(d.min)}, p99 ${formatNumber(d.p99)}, max ${formatNumber(d.max)})`;

/** The effective Argus settings of a run: its overrides over the schema's defaults. */
function effectiveSettings(overrides: Record<string, string>) {
  const config = loadConfig(overrides);
  return {
    writerMaxRows: config.clickhouse.writerMaxRows,
    writerFlushMs: config.clickhouse.writerFlushMs,
    maxBytesPerPartition: config.kafka.maxBytesPerPartition,
    clickhouse:
      config.clickhouse.url === undefined ? 'embedded chdb (temporary data dir)' : config.clickhouse.url,
  };
}

export function configurationLines(config: BenchConfig): string[] {
  const settings = effectiveSettings(config.argusOverrides);
  const cpu = cpus();
  const git = gitState();
  const code =
    git === undefined
      ? ''
      : `, code ${git.commit.slice(0, 10)}${git.changedFiles > 0 ? ` + ${git.changedFiles} changed files` : ''}`;
  const extra = Object.entries(config.argusOverrides)
    .filter(([name]) => !name.startsWith('CLICKHOUSE_WRITER_') && name !== 'KAFKA_MAX_BYTES_PER_PARTITION')
    .map(([name, value]) => `${name}=${value}`);
  return [
    `run ${config.runId}, ${new Date().toISOString()}, node ${process.version}, ${cpu.length} CPU × ${cpu[0]?.model ?? '?'}${code}`,
    `Kafka ${config.brokers || '(not used)'}, topic partitions ${config.partitions} (consumed concurrently), ClickHouse ${settings.clickhouse}`,
    `writer: CLICKHOUSE_WRITER_MAX_ROWS=${settings.writerMaxRows}, CLICKHOUSE_WRITER_FLUSH_MS=${settings.writerFlushMs}; ` +
      `KAFKA_MAX_BYTES_PER_PARTITION=${settings.maxBytesPerPartition}; events of ~${config.eventBytes} B JSON (BENCH_EVENT_BYTES), ${Math.round(config.attackRate * 100)} % attacks/leaks (BENCH_ATTACK_RATE)`,
    ...(extra.length > 0 ? [`extra Argus environment: ${extra.join(' ')}`] : []),
  ];
}

export function resultRows(results: BenchResults, config: BenchConfig): { title: string; rows: Row[] }[] {
  const sections: { title: string; rows: Row[] }[] = [];
  const { pipeline, ingest, latency } = results;
  if (pipeline) {
    sections.push({
      title: `1. Pipeline micro-benchmark: decodeTelemetry + DetectionPipeline.run, no I/O (${formatNumber(pipeline.events)} events × ${pipeline.passes} passes)`,
      rows: [
        ['event size', sizes(pipeline.eventBytes)],
        [
          'events with findings',
          `${formatNumber(pipeline.eventsWithFindings)} of ${formatNumber(pipeline.events)}`,
        ],
        [
          'throughput, one thread',
          `${formatNumber(pipeline.eventsPerSecondPerCore)} events/s wall clock; ${formatNumber(pipeline.eventsPerMainThreadCpuSecond)} events per CPU second of the thread ` +
            `(process incl. GC threads: ${pipeline.cpuSecondsPerWallSecond} CPU s per s)`,
        ],
        ['per event, decode+validate+detect', spread(pipeline.latencyMicroseconds, 'µs', 1)],
        ['  of which decode+validate', spread(pipeline.decodeMicroseconds, 'µs', 1)],
        ['  of which detect', spread(pipeline.detectMicroseconds, 'µs', 1)],
        [
          '  each detector alone, mean (p99) µs',
          Object.entries(pipeline.perDetectorMicroseconds)
            .map(([id, time]) => `${id} ${time.mean} (${time.p99})`)
            .join(', '),
        ],
        ['next step, not included: toEventRow+JSON', spread(pipeline.rowMappingMicroseconds, 'µs', 1)],
      ],
    });
  }
  if (ingest) {
    const split = ingest.timeSplit;
    sections.push({
      title: `2. Ingest throughput: ${formatNumber(ingest.events)} pre-loaded events, Kafka → Argus (ingest,api) → ClickHouse`,
      rows: [
        ['event size', sizes(ingest.eventBytes)],
        [
          'pre-load (bench producer)',
          `${formatNumber(ingest.preload.eventsPerSecond)} events/s, ${ingest.preload.megabytesPerSecond} MB/s`,
        ],
        ['start-up (spawn → ready)', `${ingest.startupSeconds} s`],
        [
          'throughput',
          `${formatNumber(ingest.eventsPerSecond)} events/s over ${ingest.measuredSeconds} s (from ready: ${formatNumber(ingest.eventsPerSecondFromReady)})`,
          `≥ ${formatNumber(TARGETS.ingestEventsPerSecond)}`,
          check(ingest.eventsPerSecond >= TARGETS.ingestEventsPerSecond),
        ],
        ['CPU (cores)', cpuLine(ingest.cpu)],
        ['events/s per core Argus used', formatNumber(ingest.eventsPerSecondPerArgusCore)],
        [
          'max RSS while ingesting',
          `${formatNumber(ingest.memory.maxRssMb)} MB (anon ${formatNumber(ingest.memory.anonMbAtMax)}, file-backed ${formatNumber(ingest.memory.fileMbAtMax)})`,
          `≤ ${TARGETS.maxRssMb} MB`,
          check(ingest.memory.maxRssMb <= TARGETS.maxRssMb),
        ],
        [
          'RSS at ready / kernel peak',
          `${formatNumber(ingest.memory.rssMbWhenReady)} / ${formatNumber(ingest.memory.peakRssMb)} MB`,
        ],
        [
          'memory by owner',
          `V8 heap ${ingest.memory.node.heapUsedMb} used / ${ingest.memory.node.heapTotalMb} MB, Buffers ${ingest.memory.node.externalMb} MB, ClickHouse tracked ≤ ${ingest.memory.clickhouseTrackedMb ?? 'n/a'} MB`,
        ],
        [
          'ingest batches',
          `${formatNumber(split.ingestBatches)}, ${formatNumber(split.meanBatchRows)} events each on average`,
        ],
        [
          'time in batch handlers (sum)',
          `${split.batchHandlerSeconds} s; in events inserts ${split.eventsInsertSeconds} s (${split.eventsInserts} inserts), findings inserts ${split.findingsInsertSeconds} s`,
        ],
        [
          'an events insert in progress',
          `${Math.round(split.eventsInsertBusyShare * 100)} % of the wall time`,
        ],
        ['CPU by thread (s, while ingesting)', threadList(ingest.threadCpuSeconds)],
        ...(ingest.cpuProfile ? profileRows(ingest.cpuProfile) : []),
      ],
    });
  }
  if (latency) {
    sections.push({
      title: `3. End-to-end latency: ${formatNumber(latency.targetRate)} events/s for ${latency.durationSeconds} s (+${latency.warmupSeconds} s warm-up), Argus ingest,alerter,api + HTTPS webhook`,
      rows: [
        ['event size', sizes(latency.eventBytes)],
        [
          'achieved produce rate',
          `${formatNumber(latency.achievedRate)} events/s; producer behind schedule ${spread(latency.producerLagMs, 'ms')}`,
        ],
        [
          'produce → row visible in events',
          spread(latency.produceToVisibleMs, 'ms'),
          '≤ 1,000 ms p99',
          check(latency.produceToVisibleMs.p99 <= TARGETS.latencyP99Ms),
        ],
        [
          '  resolution (poll every ' + latency.pollIntervalMs + ' ms)',
          `${spread(latency.pollResolutionMs, 'ms')} (a row is seen at most this long after it became visible)`,
        ],
        ['produce → ingested_at (before insert)', spread(latency.produceToIngestedAtMs, 'ms')],
        [
          'produce → alert at webhook, canary leaks',
          `${spread(latency.produceToCanaryAlertMs, 'ms')} (${latency.canaryAlertedEvents} of ${latency.canaryEvents} events alerted)`,
          '≤ 1,000 ms p99',
          check(
            latency.produceToCanaryAlertMs.p99 <= TARGETS.latencyP99Ms &&
              latency.canaryAlertedEvents === latency.canaryEvents,
          ),
        ],
        [
          '  every event with a finding ≥ high',
          `${spread(latency.produceToAlertMs, 'ms')} (${latency.alertedEvents} of ${latency.alertableEvents} events alerted)`,
        ],
        [
          '  alerts due / webhook calls',
          `${formatNumber(latency.expectedAlertsPerSecond)} / ${formatNumber(latency.webhookCallsPerSecond)} per second`,
        ],
        [
          'ingest batches',
          `${formatNumber(latency.timeSplit.ingestBatches)}, ${latency.timeSplit.meanBatchRows} events, handler ${latency.timeSplit.meanBatchHandlerMs} ms, events insert ${latency.timeSplit.meanEventsInsertMs} ms (means)`,
        ],
        ['CPU (cores)', cpuLine(latency.cpu)],
        ['CPU by thread (s, measured part)', threadList(latency.threadCpuSeconds)],
        [
          'max RSS',
          `${formatNumber(latency.memory.maxRssMb)} MB (anon ${formatNumber(latency.memory.anonMbAtMax)}, file-backed ${formatNumber(latency.memory.fileMbAtMax)})`,
          `≤ ${TARGETS.maxRssMb} MB`,
          check(latency.memory.maxRssMb <= TARGETS.maxRssMb),
        ],
        [
          'RSS idle at ready / memory by owner',
          `${formatNumber(latency.memory.rssMbWhenReady)} MB; at the end V8 heap ${latency.memory.node.heapUsedMb} used / ` +
            `${latency.memory.node.heapTotalMb} MB, Buffers ${latency.memory.node.externalMb} MB`,
        ],
      ],
    });
  }
  for (const error of results.errors)
    sections.push({ title: `${error.bench}: FAILED`, rows: [['error', error.message]] });
  void config;
  return sections;
}

function profileRows(profile: NonNullable<IngestBenchResult['cpuProfile']>): Row[] {
  const list = (shares: Record<string, number>, limit: number) =>
    Object.entries(shares)
      .slice(0, limit)
      .map(([name, share]) => `${name} ${share} %`)
      .join(', ');
  return [
    ['JS main thread profile, by area', list(profile.summary.byArea, 10)],
    ['  top functions (self time)', list(profile.summary.topFunctions, 8)],
    ['  profile file', profile.path],
  ];
}

export function printReport(results: BenchResults, config: BenchConfig, write: (text: string) => void): void {
  const sections = resultRows(results, config);
  const labelWidth = Math.max(...sections.flatMap((section) => section.rows.map((row) => row[0].length)));
  const lines = ['', 'Argus benchmark', ...configurationLines(config).map((line) => `  ${line}`)];
  for (const section of sections) {
    lines.push('', section.title);
    for (const [label, value, target, verdict] of section.rows) {
      const goal = target === undefined ? '' : `   [target ${target}: ${verdict}]`;
      lines.push(`  ${label.padEnd(labelWidth)}  ${value}${goal}`);
    }
  }
  write(`${lines.join('\n')}\n\n`);
}

export function missedTargets(results: BenchResults): number {
  return resultRows(results, {} as BenchConfig)
    .flatMap((section) => section.rows)
    .filter((row) => row[3] === 'MISSED').length;
}

/** The code measured: commit and how many files differ from it (Argus runs from dist/, built from the tree). */
function gitState(): { commit: string; changedFiles: number } | undefined {
  try {
    const git = (args: string[]) => execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8' }).trim();
    const changed = git(['status', '--porcelain']);
    return {
      commit: git(['rev-parse', 'HEAD']),
      changedFiles: changed === '' ? 0 : changed.split('\n').length,
    };
  } catch {
    return undefined;
  }
}

export function writeResults(results: BenchResults, config: BenchConfig): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, 'latest.json');
  const document = {
    runId: config.runId,
    finishedAt: new Date().toISOString(),
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    git: gitState(),
    configuration: { ...config, argusEffective: effectiveSettings(config.argusOverrides) },
    targets: TARGETS,
    results,
  };
  const text = `${JSON.stringify(document, null, 2)}\n`;
  writeFileSync(path, text);
  // Kept per run as well, to compare runs (the directory is git-ignored).
  writeFileSync(join(RESULTS_DIR, `run-${config.runId}.json`), text);
  return path;
}
