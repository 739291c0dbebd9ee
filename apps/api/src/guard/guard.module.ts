import { Inject, Module, OnApplicationBootstrap } from '@nestjs/common';
import { ARGUS_CONFIG, ArgusConfig } from '@argus/config';
import { DetectionPipeline } from '@argus/detectors';
import { StorageRedactor } from '@argus/ingestion';
import { LOGGER, Logger } from '@argus/observability';
import { DetectionModule } from '../../../argus/src/detection.module';
import { DETECTION_PIPELINE, DetectorFailures } from '../../../argus/src/detection.provider';
import { SegmentModelsService } from '../../../argus/src/segment-models.service';
import { STORAGE_REDACTOR } from '../../../ingest/src/storage-redactor.provider';
import { GuardController } from './guard.controller';
import { GuardEvaluator } from './guard.evaluator';

/**
 * The inline guard (API_GUARD_ENABLED). Detection comes from DetectionModule, the one ingest uses: with
 * both in a process they share the pipeline and the model workers.
 */
@Module({
  imports: [DetectionModule],
  controllers: [GuardController],
  providers: [
    {
      provide: GuardEvaluator,
      inject: [
        ARGUS_CONFIG,
        DETECTION_PIPELINE,
        DetectorFailures,
        SegmentModelsService,
        STORAGE_REDACTOR,
        LOGGER,
      ],
      useFactory: (
        config: ArgusConfig,
        pipeline: DetectionPipeline,
        failures: DetectorFailures,
        segmentModels: SegmentModelsService,
        redactor: StorageRedactor,
        logger: Logger,
      ) =>
        new GuardEvaluator({
          pipeline,
          failures,
          models: () => segmentModels.models,
          redactor,
          thresholds: {
            blockMinSeverity: config.api.guard.blockMinSeverity,
            flagMinSeverity: config.api.guard.flagMinSeverity,
          },
          onFindingsGuarded: (eventId, findingIds) =>
            logger.warn(
              { event_id: eventId, finding_ids: findingIds },
              'guard: finding evidence carried a detected value; redacted before answering',
            ),
        }),
    },
  ],
})
export class GuardModule implements OnApplicationBootstrap {
  constructor(
    private readonly evaluator: GuardEvaluator,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Runs before the HTTP port opens (Nest's `listen` calls the bootstrap hooks first). */
  async onApplicationBootstrap(): Promise<void> {
    const started = Date.now();
    await this.evaluator.warmUp();
    this.logger.info({ ms: Date.now() - started }, 'inline guard ready (POST /v1/guard)');
  }
}
