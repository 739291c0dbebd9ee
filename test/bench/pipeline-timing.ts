import { type TelemetryEvent } from '@argus/contracts';
import { type DetectionPipeline } from '@argus/detectors';
import { type Distribution, distribution, formatNumber } from './stats';

export type PipelineMeasurement = {
  eventsPerSecond: number;
  /** Per core even when the machine is shared: events per second of this thread's CPU time. */
  eventsPerCpuSecond: number;
  cpuPerWall: number;
  latency: Distribution;
  /** Findings of one pass. */
  findings: number;
};

/** Runs already-decoded events through a pipeline `passes` times after one warm-up pass, timing each. */
export function measurePipeline(
  pipeline: DetectionPipeline,
  events: readonly TelemetryEvent[],
  passes: number,
): PipelineMeasurement {
  // Warm-up: JIT, regexes, character tables, exemplar embeddings, the per-app policy cache.
  for (const event of events) pipeline.run(event);
  const times = new Float64Array(events.length * passes);
  let index = 0;
  let findings = 0;
  const cpuBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let pass = 0; pass < passes; pass++) {
    for (const event of events) {
      const t0 = process.hrtime.bigint();
      const result = pipeline.run(event);
      times[index++] = Number(process.hrtime.bigint() - t0) / 1000;
      if (pass === 0) findings += result.findings.length;
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    eventsPerSecond: times.length / seconds,
    eventsPerCpuSecond: times.length / ((cpu.user + cpu.system) / 1e6),
    cpuPerWall: (cpu.user + cpu.system) / 1e6 / seconds,
    latency: distribution(times),
    findings,
  };
}

/** One table line of a detector micro-benchmark: throughput, per-CPU throughput, latency, findings. */
export function formatMeasurement(label: string, result: PipelineMeasurement, labelWidth = 34): string {
  const latency = result.latency;
  return (
    `${label.padEnd(labelWidth)} ${formatNumber(result.eventsPerSecond).padStart(8)} events/s ` +
    `(${formatNumber(result.eventsPerCpuSecond)} per CPU-second)  ` +
    `p50 ${formatNumber(latency.p50)} µs  p99 ${formatNumber(latency.p99)} µs  max ${formatNumber(latency.max)} µs  ` +
    `findings ${result.findings}  cpu/wall ${result.cpuPerWall.toFixed(2)}`
  );
}

/** `met` when a measurement reaches a per-core throughput and a p99 latency target, else `MISSED`. */
export function targetVerdict(
  result: PipelineMeasurement,
  target: { eventsPerCpuSecond: number; p99Ms: number },
): 'met' | 'MISSED' {
  return result.eventsPerCpuSecond >= target.eventsPerCpuSecond && result.latency.p99 / 1000 <= target.p99Ms
    ? 'met'
    : 'MISSED';
}
