import { type Provider } from '@nestjs/common';
import { type DetectionPolicy, DetectionPipeline, defaultDetectorRegistry } from '@argus/detectors';
import { LOGGER, type Logger, errorFields } from '@argus/observability';
import { DETECTION_POLICY } from './detection-policy';

export const DETECTION_PIPELINE = Symbol('DETECTION_PIPELINE');

/** The detector pipeline of `apps/ingest`, the same one `bin/argus detect` runs. */
export const detectionPipelineProvider: Provider = {
  provide: DETECTION_PIPELINE,
  inject: [DETECTION_POLICY, LOGGER],
  useFactory: (policy: DetectionPolicy, logger: Logger) =>
    new DetectionPipeline({
      registry: defaultDetectorRegistry(policy),
      policy,
      onDetectorError: (detectorId, error, event) =>
        logger.error(
          { detector: detectorId, event_id: event.event_id, ...errorFields(error) },
          'detector failed; event processed without it',
        ),
    }),
};
