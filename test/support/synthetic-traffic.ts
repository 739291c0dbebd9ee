import { type TelemetryEventInputShape, TelemetryEventSchema } from '@argus/contracts';
import {
  DetectionPipeline,
  defaultDetectorRegistry,
  loadDetectionPolicy,
  resolveAppPolicy,
} from '@argus/detectors';
import { generateTelemetry } from '../../apps/cli/src/synthetic/telemetry.generator';

/** Generated events with the canaries of the shipped policy, as `bin/argus generate` makes them. */
export function syntheticEvents(count: number, seed: string, attackRate = 0.3): TelemetryEventInputShape[] {
  const policy = loadDetectionPolicy();
  return [
    ...generateTelemetry({
      count,
      attackRate,
      seed,
      // Recent timestamps: rows older than the retention TTL would be dropped on insert.
      start: new Date(Date.now() - 60 * 60 * 1000),
      ratePerSecond: 50,
      canaries: (tenantId, appId) => resolveAppPolicy(policy, tenantId, appId).canaries,
    }),
  ];
}

/** What the shipped pipeline finds in these events: the expectation the stored findings must meet. */
export function expectedFindings(events: readonly TelemetryEventInputShape[]) {
  const pipeline = new DetectionPipeline({
    registry: defaultDetectorRegistry(),
    policy: loadDetectionPolicy(),
  });
  return events.flatMap((event) => pipeline.run(TelemetryEventSchema.parse(event)).findings);
}
