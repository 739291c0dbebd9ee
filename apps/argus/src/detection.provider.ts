import { type Provider } from '@nestjs/common';
import { ARGUS_CONFIG, type ArgusConfig } from '@argus/config';
import { DetectionPipeline, defaultDetectorRegistry, loadDetectionPolicy } from '@argus/detectors';
import { LOGGER, type Logger, errorFields } from '@argus/observability';

export const DETECTION_PIPELINE = Symbol('DETECTION_PIPELINE');

/** The detector pipeline of `apps/ingest`, the same one `bin/argus detect` runs. */
export const detectionPipelineProvider: Provider = {
  provide: DETECTION_PIPELINE,
  inject: [ARGUS_CONFIG, LOGGER],
  useFactory: (config: ArgusConfig, logger: Logger) =>
    new DetectionPipeline({
      registry: defaultDetectorRegistry(),
      policy: loadDetectionPolicy(config.policyFile),
      onDetectorError: (detectorId, error, event) =>
        logger.error(
          { detector: detectorId, event_id: event.event_id, ...errorFields(error) },
          'detector failed; event processed without it',
        ),
    }),
};
