import { type MetricTotals } from './argus-metrics';
import { type ProcessSampler } from './process-sampler';
import { round } from './stats';

export type MemoryFigures = {
  /** Largest VmRSS sampled during the measured interval, and its anonymous / file-backed split. */
  maxRssMb: number;
  anonMbAtMax: number;
  fileMbAtMax: number;
  /** VmHWM at the end: the kernel's peak, start-up included. */
  peakRssMb: number;
  rssMbWhenReady: number;
  /** At the end of the interval, from Argus's own metrics: the JS side of the RSS (most of the rest is chdb). */
  node: { heapTotalMb: number; heapUsedMb: number; externalMb: number };
  /** Largest memory ClickHouse (chdb) accounted for itself (system.metrics MemoryTracking), when sampled. */
  clickhouseTrackedMb?: number;
};

export function memoryFigures(
  sampler: ProcessSampler,
  interval: { from: number; to: number },
  peakMb: number,
  readyMb: number,
  metrics: MetricTotals | undefined,
): MemoryFigures {
  const max = sampler.maxRss(interval.from, interval.to);
  return {
    maxRssMb: round(max?.rssMb ?? NaN),
    anonMbAtMax: round(max?.rssAnonMb ?? NaN),
    fileMbAtMax: round(max?.rssFileMb ?? NaN),
    peakRssMb: round(peakMb),
    rssMbWhenReady: round(readyMb),
    node: {
      heapTotalMb: round(metrics?.heapTotalMb ?? NaN),
      heapUsedMb: round(metrics?.heapUsedMb ?? NaN),
      externalMb: round(metrics?.externalMb ?? NaN),
    },
  };
}
