import { TelemetryEventSchema } from '@argus/contracts';
import {
  DetectionPipeline,
  type Detector,
  DetectorRegistry,
  createCrossTenantDetector,
  createOutputExfiltrationDetector,
  createPiiDetector,
  createProtectedDocumentDetector,
  createSecretDetector,
  createSystemPromptOverlapDetector,
  loadDetectionPolicy,
  protectedDocumentPreload,
} from '@argus/detectors';
import { envInteger } from './bench-config';
import { formatMeasurement, measurePipeline, targetVerdict } from './pipeline-timing';
import { sizedSyntheticEvents } from './sized-events';
import { formatNumber } from './stats';

/**
 * Micro-benchmark of the leakage detectors (secrets, PII, output exfiltration, cross-tenant RAG context,
 * system-prompt overlap, protected documents with the shipped example corpus) on ~2 KB generated events,
 * one thread, all together and each alone:
 *
 *   node -r ./test/bench/ts-register.js test/bench/leakage.bench.ts
 *
 * Also run by `npm run bench` (test/bench/run-all.ts) after the pipeline benchmark, with its event
 * count, passes, size and attack rate.
 *
 * The generator plants leaks (keys, card numbers, IBANs, canaries, exfiltration links) in a share of the
 * events (BENCH_ATTACK_RATE, default 0.3), so the paths that match and build evidence are measured too.
 * Variables: BENCH_MICRO_EVENTS (default 5000), BENCH_MICRO_PASSES (3), BENCH_EVENT_BYTES (2048).
 * Targets: ≥ 5,000 events/s per core, p99 ≤ 1 ms. Protected-document matching with 100k registered
 * documents has its own benchmark (test/bench/protected-documents.bench.ts, ≥ 1,000 lookups/s).
 */
const TARGET_EVENTS_PER_SECOND = 5000;
const TARGET_P99_MS = 1;
const TARGET = { eventsPerCpuSecond: TARGET_EVENTS_PER_SECOND, p99Ms: TARGET_P99_MS };

export type LeakageBenchOptions = {
  events: number;
  passes: number;
  eventBytes: number;
  attackRate: number;
  /** Receives each line of the report. */
  write: (line: string) => void;
};

/** Runs the benchmark and reports it through `write`; returns whether the target was met. */
export function runLeakageBench(options: LeakageBenchOptions): boolean {
  const { events: count, passes, eventBytes: bytes, attackRate, write } = options;
  const { events: raw, bytes: sizes } = sizedSyntheticEvents(count, 'bench-leakage', bytes, attackRate);
  const events = raw.map((event) => TelemetryEventSchema.parse(event));
  const policy = loadDetectionPolicy();
  const leakageDetectors = (): Detector[] => [
    createSecretDetector(),
    createPiiDetector(),
    createOutputExfiltrationDetector(),
    createCrossTenantDetector(),
    createSystemPromptOverlapDetector(),
    createProtectedDocumentDetector({ preload: protectedDocumentPreload(policy) }),
  ];
  const pipelineOf = (detectors: Detector[]) =>
    new DetectionPipeline({ registry: new DetectorRegistry(detectors), policy });

  write(
    `leakage detectors: ${events.length} events × ${passes} passes, ` +
      `${formatNumber(sizes.p50)} B median (p99 ${formatNumber(sizes.p99)} B), ` +
      `${Math.round(attackRate * 100)}% generated with an attack or leak`,
  );
  const all = measurePipeline(pipelineOf(leakageDetectors()), events, passes);
  write(formatMeasurement('all leakage detectors', all));
  for (const detector of leakageDetectors()) {
    write(
      formatMeasurement(`  ${detector.id} alone`, measurePipeline(pipelineOf([detector]), events, passes)),
    );
  }
  write(
    `target ≥ ${formatNumber(TARGET_EVENTS_PER_SECOND)} events/s per core and p99 ≤ ${TARGET_P99_MS} ms: ` +
      `all leakage detectors ${targetVerdict(all, TARGET)}`,
  );
  return targetVerdict(all, TARGET) === 'met';
}

if (require.main === module) {
  runLeakageBench({
    events: envInteger('BENCH_MICRO_EVENTS', 5000),
    passes: envInteger('BENCH_MICRO_PASSES', 3),
    eventBytes: envInteger('BENCH_EVENT_BYTES', 2048),
    attackRate: Number(process.env.BENCH_ATTACK_RATE ?? 0.3),
    write: (text) => process.stdout.write(`${text}\n`),
  });
}
