import { loadConfig } from '@argus/config';
import { type TelemetryEvent } from '@argus/contracts';
import {
  DetectionPipeline,
  DetectorRegistry,
  defaultDetectorRegistry,
  loadDetectionPolicy,
} from '@argus/detectors';
import { decodeTelemetry, toEventRow } from '@argus/ingestion';
import { type BenchConfig } from './bench-config';
import { mainThreadCpuSeconds } from './process-sampler';
import { sizedSyntheticEvents } from './sized-events';
import { type Distribution, distribution, round } from './stats';

export type PipelineBenchResult = {
  events: number;
  passes: number;
  eventBytes: Distribution;
  eventsWithFindings: number;
  /** decode + validate + DetectionPipeline.run, one event after the other on this thread (wall clock). */
  eventsPerSecondPerCore: number;
  /** The same per CPU second of this thread: unaffected by other load on the machine (10 ms tick resolution). */
  eventsPerMainThreadCpuSecond: number;
  cpuSecondsPerWallSecond: number;
  /** Per event, microseconds. */
  latencyMicroseconds: Distribution;
  decodeMicroseconds: Distribution;
  detectMicroseconds: Distribution;
  /** Not in the figure above: what ingest does next per event (toEventRow + JSON of the row for the insert). */
  rowMappingMicroseconds: Distribution;
  /**
   * Each shipped detector run alone in a pipeline (so without what other detectors derive for it), mean and
   * p99 µs per event over up to PER_DETECTOR_EVENTS events: which detector the detect time goes to.
   */
  perDetectorMicroseconds: Record<string, { mean: number; p99: number }>;
};

const LOCATION = { topic: 'bench', partition: 0, offset: '0' };
const PER_DETECTOR_EVENTS = 3000;

/**
 * What one ingest core can do when Kafka and ClickHouse cost nothing: the events as Kafka delivers them
 * (UTF-8 bytes) → decodeTelemetry (size limits, JSON.parse, zod schema) → DetectionPipeline.run, with the
 * shipped policy and detectors. Single thread, so events/s is per core.
 */
export function runPipelineBench(config: BenchConfig): PipelineBenchResult {
  const { events, bytes } = sizedSyntheticEvents(
    config.microEvents,
    `bench-micro-${config.runId}`,
    config.eventBytes,
    config.attackRate,
  );
  const records = events.map((event) => Buffer.from(JSON.stringify(event), 'utf8'));
  const limits = loadConfig({}).ingest;
  const policy = loadDetectionPolicy();
  const pipeline = new DetectionPipeline({ registry: defaultDetectorRegistry(), policy });

  // Warm-up: JIT, the pipeline's per-app cache, regexes.
  for (const record of records.slice(0, Math.min(records.length, 2000))) {
    const decoded = decodeTelemetry(record, limits);
    if (decoded.ok) pipeline.run(decoded.event);
  }

  const total = records.length * config.microPasses;
  const decodeTimes = new Float64Array(total);
  const detectTimes = new Float64Array(total);
  const eventTimes = new Float64Array(total);
  let withFindings = 0;
  const cpuBefore = process.cpuUsage();
  const mainThreadBefore = mainThreadCpuSeconds(process.pid);
  const started = process.hrtime.bigint();
  let index = 0;
  for (let pass = 0; pass < config.microPasses; pass++) {
    for (const record of records) {
      const t0 = process.hrtime.bigint();
      const decoded = decodeTelemetry(record, limits);
      const t1 = process.hrtime.bigint();
      if (!decoded.ok) throw new Error(`a generated event was rejected: ${decoded.reason}`);
      const result = pipeline.run(decoded.event);
      const t2 = process.hrtime.bigint();
      if (pass === 0 && result.findings.length > 0) withFindings++;
      decodeTimes[index] = Number(t1 - t0) / 1000;
      detectTimes[index] = Number(t2 - t1) / 1000;
      eventTimes[index] = Number(t2 - t0) / 1000;
      index++;
    }
  }
  const elapsedSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  const mainThreadSeconds = mainThreadCpuSeconds(process.pid) - mainThreadBefore;

  // The next step of ingest, measured apart so the figure above stays the one asked for.
  const now = new Date();
  const rowTimes = new Float64Array(records.length);
  records.forEach((record, position) => {
    const decoded = decodeTelemetry(record, limits);
    if (!decoded.ok) return;
    const detection = pipeline.run(decoded.event);
    const t0 = process.hrtime.bigint();
    JSON.stringify(toEventRow(decoded.event, detection, LOCATION, now));
    rowTimes[position] = Number(process.hrtime.bigint() - t0) / 1000;
  });

  return {
    perDetectorMicroseconds: perDetector(
      records.slice(0, PER_DETECTOR_EVENTS).flatMap((record) => {
        const decoded = decodeTelemetry(record, limits);
        return decoded.ok ? [decoded.event] : [];
      }),
    ),
    events: records.length,
    passes: config.microPasses,
    eventBytes: bytes,
    eventsWithFindings: withFindings,
    eventsPerSecondPerCore: round(total / elapsedSeconds),
    eventsPerMainThreadCpuSecond: round(total / mainThreadSeconds),
    cpuSecondsPerWallSecond: round((cpu.user + cpu.system) / 1e6 / elapsedSeconds, 2),
    latencyMicroseconds: distribution(eventTimes),
    decodeMicroseconds: distribution(decodeTimes),
    detectMicroseconds: distribution(detectTimes),
    rowMappingMicroseconds: distribution(rowTimes),
  };
}

function perDetector(events: TelemetryEvent[]): PipelineBenchResult['perDetectorMicroseconds'] {
  const policy = loadDetectionPolicy();
  const result: PipelineBenchResult['perDetectorMicroseconds'] = {};
  for (const detector of defaultDetectorRegistry().list()) {
    const pipeline = new DetectionPipeline({ registry: new DetectorRegistry([detector]), policy });
    for (const event of events.slice(0, 500)) pipeline.run(event); // warm-up
    const times = new Float64Array(events.length);
    events.forEach((event, index) => {
      const started = process.hrtime.bigint();
      pipeline.run(event);
      times[index] = Number(process.hrtime.bigint() - started) / 1000;
    });
    const { mean, p99 } = distribution(times);
    result[detector.id] = { mean: round(mean, 1), p99: round(p99, 1) };
  }
  return result;
}
