import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ARGUS_CONFIG, type ArgusConfig } from '@argus/config';
import { type SegmentModels } from '@argus/detectors';
import { startEntityRecognizerWorker, startTextClassifierWorker } from '@argus/embeddings';
import { LOGGER, type Logger } from '@argus/observability';

/**
 * The optional models run before detection (INJECTION_CLASSIFIER_PATH, NER_MODEL_PATH), each in its own
 * worker thread. Loaded before the consumers start: a model that cannot load stops start-up with the
 * reason, since detecting without a configured model would silently miss what it was configured for.
 */
@Injectable()
export class SegmentModelsService implements OnModuleInit, OnModuleDestroy {
  models: SegmentModels = {};
  private readonly disposers: Array<() => Promise<void>> = [];

  constructor(
    @Inject(ARGUS_CONFIG) private readonly config: ArgusConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    const { injectionClassifierPath, injectionClassifierAttackLabels, nerModelPath } = this.config.models;
    const models: { -readonly [K in keyof SegmentModels]: SegmentModels[K] } = {};
    if (injectionClassifierPath !== undefined) {
      const classifier = await startTextClassifierWorker(
        {
          modelPath: injectionClassifierPath,
          ...(injectionClassifierAttackLabels !== undefined
            ? { attackLabels: injectionClassifierAttackLabels }
            : {}),
        },
        { onRestart: (reason) => this.logger.error({ reason }, 'injection classifier worker restarted') },
      );
      this.disposers.push(() => classifier.dispose());
      models.classifier = classifier;
      this.logger.info(
        { model: classifier.id, attack_labels: classifier.attackLabels },
        'injection classifier loaded',
      );
    }
    if (nerModelPath !== undefined) {
      const recognizer = await startEntityRecognizerWorker(
        { modelPath: nerModelPath },
        { onRestart: (reason) => this.logger.error({ reason }, 'entity recogniser worker restarted') },
      );
      this.disposers.push(() => recognizer.dispose());
      models.recognizer = recognizer;
      this.logger.info({ model: recognizer.id, entities: recognizer.entities }, 'entity recogniser loaded');
    }
    this.models = models;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all(this.disposers.map((dispose) => dispose()));
  }
}
