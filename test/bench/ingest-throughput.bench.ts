import { KafkaTestClient } from '@argus/testing';
import { type MetricTotals, scrapeMetrics } from './argus-metrics';
import {
  type LaunchedArgus,
  benchTopics,
  brokerPid,
  createTelemetryTopic,
  launchArgus,
} from './argus-under-test';
import { type BenchConfig } from './bench-config';
import { type CpuProfileSummary, summarizeCpuProfile } from './cpu-profile.summary';
import { type MemoryFigures, memoryFigures } from './memory-figures';
import { type CpuSplit, CpuWatch, readMemory, readThreadCpu, threadCpuDelta } from './process-sampler';
import { sizedSyntheticEvents } from './sized-events';
import { type Distribution, round, sleep } from './stats';

export type IngestBenchResult = {
  events: number;
  eventBytes: Distribution;
  partitions: number;
  argusSettings: Record<string, string>;
  preload: { seconds: number; eventsPerSecond: number; megabytesPerSecond: number };
  /** Spawn → /readyz 200 (ClickHouse open and migrated, consumer assigned). */
  startupSeconds: number;
  /** Rows already visible at the first count that saw any; the rate is measured from there. */
  firstVisibleRows: number;
  measuredSeconds: number;
  /** (events − firstVisibleRows) / measuredSeconds. */
  eventsPerSecond: number;
  /** events / (all rows visible − readiness). */
  eventsPerSecondFromReady: number;
  memory: MemoryFigures;
  cpu: CpuSplit;
  /** events/s per core Argus used. */
  eventsPerSecondPerArgusCore: number;
  /** CPU seconds per thread name of the Argus process while ingesting. */
  threadCpuSeconds: Record<string, number>;
  timeSplit: {
    ingestBatches: number;
    meanBatchRows: number;
    batchHandlerSeconds: number;
    eventsInsertSeconds: number;
    findingsInsertSeconds: number;
    eventsInserts: number;
    /** Share of the wall time of the run that an `events` insert was in progress. */
    eventsInsertBusyShare: number;
  };
  cpuProfile?: { path: string; summary: CpuProfileSummary };
  timeline: { seconds: number; rows: number }[];
};

/** What was seen while Argus drained the backlog (epoch ms). */
type Drain = {
  spawnedAt: number;
  readyAt: number;
  readyRssMb: number;
  first: { at: number; rows: number };
  doneAt: number;
  threadsAtFirst: Record<string, number>;
  threadsAtDone: Record<string, number>;
  metricsAtDone: MetricTotals;
  maxTrackedMb: number;
  timeline: { seconds: number; rows: number }[];
};

const COUNT_EVERY_MS = 200;

/**
 * Kafka → Argus (ingest + api, embedded ClickHouse) → rows in `events`. The topic is filled first, then
 * Argus starts on it: what is measured is how fast it drains a backlog, the figure that bounds throughput.
 */
export async function runIngestBench(
  config: BenchConfig,
  log: (line: string) => void,
): Promise<IngestBenchResult> {
  const topics = benchTopics(config.runId, 'ingest');
  const kafka = await new KafkaTestClient().connect();
  try {
    log(`generating ${config.ingestEvents} events of ~${config.eventBytes} B`);
    const { events, bytes } = sizedSyntheticEvents(
      config.ingestEvents,
      `bench-ingest-${config.runId}`,
      config.eventBytes,
      config.attackRate,
    );
    const records = events.map((event) => ({
      key: `${event.tenant_id}:${event.conversation_id}`,
      value: JSON.stringify(event),
    }));
    const totalBytes = records.reduce((sum, record) => sum + Buffer.byteLength(record.value), 0);

    await createTelemetryTopic(kafka, topics, config.partitions);
    log(`pre-loading ${records.length} events onto ${topics.KAFKA_TOPIC_TELEMETRY}`);
    const preloadStarted = performance.now();
    await kafka.produce(topics.KAFKA_TOPIC_TELEMETRY, records, 500);
    const preloadSeconds = (performance.now() - preloadStarted) / 1000;

    const launched = await launchArgus(config, {
      apps: 'ingest,api',
      topics,
      name: 'ingest',
      profile: config.cpuProfile,
    });
    log(`Argus started (pid ${launched.pid}); draining the backlog`);
    const cpuWatch = new CpuWatch(launched.pid, brokerPid()).start();
    const sampler = cpuWatch.argus;
    let drain: Drain;
    let cpuProfile: string | undefined;
    let peakMb: number;
    let metrics: MetricTotals;
    try {
      drain = await drainBacklog(launched, config);
      cpuWatch.stop();
      log(
        `all ${config.ingestEvents} rows visible ${round((drain.doneAt - drain.spawnedAt) / 1000, 1)} s after spawn; stopping Argus`,
      );
      cpuProfile = await launched.toggleCpuProfile();
      metrics = await scrapeMetrics(launched.argus.apiUrl);
      const stored = await launched.argus.count('SELECT uniqExact(event_id) AS n FROM events');
      if (stored !== config.ingestEvents)
        log(`warning: ${stored} distinct events stored, ${config.ingestEvents} produced`);
      peakMb = readMemory(launched.pid)?.peakMb ?? NaN;
    } finally {
      cpuWatch.stop();
      const stopping = performance.now();
      await launched.shutdown();
      log(`Argus stopped in ${round((performance.now() - stopping) / 1000, 1)} s`);
      await kafka.admin.deleteTopics(Object.values(topics)).catch(() => undefined);
    }

    // With a tiny BENCH_EVENTS everything may be visible at the first count: measure from readiness then.
    const start = drain.first.rows < config.ingestEvents ? drain.first : { at: drain.readyAt, rows: 0 };
    const measuredSeconds = (drain.doneAt - start.at) / 1000;
    const cpu = cpuWatch.split(start.at, drain.doneAt);
    const eventsPerSecond = (config.ingestEvents - start.rows) / measuredSeconds;
    return {
      events: config.ingestEvents,
      eventBytes: bytes,
      partitions: config.partitions,
      argusSettings: launched.settings,
      preload: {
        seconds: round(preloadSeconds, 2),
        eventsPerSecond: round(records.length / preloadSeconds),
        megabytesPerSecond: round(totalBytes / 1024 / 1024 / preloadSeconds, 1),
      },
      startupSeconds: round((drain.readyAt - drain.spawnedAt) / 1000, 2),
      firstVisibleRows: start.rows,
      measuredSeconds: round(measuredSeconds, 2),
      eventsPerSecond: round(eventsPerSecond),
      eventsPerSecondFromReady: round(config.ingestEvents / ((drain.doneAt - drain.readyAt) / 1000)),
      memory: {
        ...memoryFigures(
          sampler,
          { from: start.at, to: drain.doneAt },
          peakMb,
          drain.readyRssMb,
          drain.metricsAtDone,
        ),
        clickhouseTrackedMb: round(drain.maxTrackedMb),
      },
      cpu,
      eventsPerSecondPerArgusCore: round(eventsPerSecond / cpu.argus),
      threadCpuSeconds: threadCpuDelta(drain.threadsAtFirst, drain.threadsAtDone),
      timeSplit: timeSplit(metrics, (drain.doneAt - drain.readyAt) / 1000),
      ...(cpuProfile !== undefined
        ? { cpuProfile: { path: cpuProfile, summary: summarizeCpuProfile(cpuProfile) } }
        : {}),
      timeline: drain.timeline,
    };
  } finally {
    await kafka.disconnect();
  }
}

/** Counts rows every COUNT_EVERY_MS from spawn until all events are visible. */
async function drainBacklog(launched: LaunchedArgus, config: BenchConfig): Promise<Drain> {
  const { argus, pid } = launched;
  const spawnedAt = Date.now();
  const deadline = spawnedAt + 120_000 + config.ingestEvents * 2; // generous: 500 events/s plus start-up
  const timeline: Drain['timeline'] = [];
  let ready: { at: number; rssMb: number } | undefined;
  let first: (Drain['first'] & { threads: Record<string, number> }) | undefined;
  let maxTrackedMb = 0;
  for (;;) {
    if (argus.exitCode !== null) throw new Error(`Argus exited with ${argus.exitCode}:\n${argus.logTail()}`);
    if (Date.now() > deadline) {
      throw new Error(
        `timed out: ${timeline.at(-1)?.rows ?? 0}/${config.ingestEvents} rows\n${argus.logTail()}`,
      );
    }
    let counts: { n: string; tracked: string } | undefined;
    try {
      if (ready === undefined && (await fetch(`${argus.apiUrl}/readyz`)).status === 200) {
        ready = { at: Date.now(), rssMb: readMemory(pid)?.rssMb ?? NaN };
        await launched.toggleCpuProfile();
      }
      [counts] = await argus.query<{ n: string; tracked: string }>(
        "SELECT (SELECT count() FROM events) AS n, (SELECT value FROM system.metrics WHERE metric = 'MemoryTracking') AS tracked",
      );
    } catch {
      // The API is not listening yet.
    }
    if (counts !== undefined) {
      const now = Date.now();
      const rows = Number(counts.n);
      timeline.push({ seconds: round((now - spawnedAt) / 1000, 2), rows });
      if (first === undefined && rows > 0) first = { at: now, rows, threads: readThreadCpu(pid) };
      if (first !== undefined) maxTrackedMb = Math.max(maxTrackedMb, Number(counts.tracked) / 1024 / 1024);
      if (first !== undefined && rows >= config.ingestEvents) {
        const threadsAtDone = readThreadCpu(pid);
        return {
          spawnedAt,
          readyAt: ready?.at ?? first.at,
          readyRssMb: ready?.rssMb ?? NaN,
          first: { at: first.at, rows: first.rows },
          doneAt: now,
          threadsAtFirst: first.threads,
          threadsAtDone,
          metricsAtDone: await scrapeMetrics(argus.apiUrl),
          maxTrackedMb,
          timeline,
        };
      }
    }
    await sleep(COUNT_EVERY_MS);
  }
}

function timeSplit(metrics: MetricTotals, wallSeconds: number): IngestBenchResult['timeSplit'] {
  const eventsInsertSeconds = metrics.flushSeconds.events ?? 0;
  return {
    ingestBatches: metrics.ingestBatches,
    meanBatchRows: round(metrics.eventsIngested / Math.max(1, metrics.ingestBatches)),
    batchHandlerSeconds: round(metrics.ingestBatchSeconds, 2),
    eventsInsertSeconds: round(eventsInsertSeconds, 2),
    findingsInsertSeconds: round(metrics.flushSeconds.findings ?? 0, 2),
    eventsInserts: metrics.flushes.events ?? 0,
    eventsInsertBusyShare: round(eventsInsertSeconds / wallSeconds, 2),
  };
}
