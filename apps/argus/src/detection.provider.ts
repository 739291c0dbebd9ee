import { Inject, Injectable, type OnModuleDestroy, type Provider } from '@nestjs/common';
import { CLICKHOUSE_CLIENT, type ClickHouseClient } from '@argus/clickhouse';
import { ARGUS_CONFIG, type ArgusConfig } from '@argus/config';
import {
  type DetectionPolicy,
  DetectionPipeline,
  PROTECTED_DOCUMENT_DETECTOR_ID,
  type ProtectedDocumentDetector,
  defaultDetectorRegistry,
  protectedDocumentCollectionNames,
} from '@argus/detectors';
import { LOGGER, type Logger, errorFields } from '@argus/observability';
import { DETECTION_POLICY } from './detection-policy';
import { ClickHouseProtectedDocuments } from './protected-documents.source';

export const DETECTION_PIPELINE = Symbol('DETECTION_PIPELINE');

/**
 * Protected-document collections of the detection policy, read from ClickHouse before the pipeline is
 * built (a read failure stops start-up) and re-read every PROTECTED_DOCUMENTS_REFRESH_MS. A changed
 * registry is re-fingerprinted at once, off the event path's first event; a failed refresh keeps the
 * documents already loaded and is logged.
 */
@Injectable()
export class ProtectedDocumentsRefresher implements OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;
  private refreshing = false;

  constructor(
    @Inject(DETECTION_POLICY) private readonly policy: DetectionPolicy,
    @Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient,
    @Inject(ARGUS_CONFIG) private readonly config: ArgusConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** The collections the policy names, loaded; undefined when it names none. */
  async load(): Promise<ClickHouseProtectedDocuments | undefined> {
    const names = protectedDocumentCollectionNames(this.policy);
    if (names.length === 0) return undefined;
    const source = new ClickHouseProtectedDocuments(this.clickhouse, names);
    await source.refresh();
    this.logger.info({ collections: source.counts() }, 'protected documents loaded from ClickHouse');
    return source;
  }

  start(source: ClickHouseProtectedDocuments, detector: ProtectedDocumentDetector | undefined): void {
    const every = this.config.ingest.protectedDocumentsRefreshMs;
    if (every === 0 || detector === undefined) return;
    this.timer = setInterval(() => void this.refresh(source, detector), every);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  private async refresh(
    source: ClickHouseProtectedDocuments,
    detector: ProtectedDocumentDetector,
  ): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      if (!(await source.refresh())) return;
      const started = Date.now();
      const indexes = detector.reindex();
      this.logger.info(
        { collections: source.counts(), indexes, ms: Date.now() - started },
        'protected documents changed; re-fingerprinted',
      );
    } catch (error) {
      this.logger.warn(
        { ...errorFields(error) },
        'protected documents refresh failed; keeping the loaded ones',
      );
    } finally {
      this.refreshing = false;
    }
  }
}

/**
 * Which detectors failed during one pipeline run, for a caller that must not act on a partial result
 * (the inline guard answers 500 rather than a verdict made without a detector). The pipeline itself
 * goes on without a failed detector, which is what ingest wants. `DetectionPipeline.run` is
 * synchronous, so the failures reported while `track` runs are that run's own.
 */
@Injectable()
export class DetectorFailures {
  private current: string[] | undefined;

  record(detectorId: string): void {
    this.current?.push(detectorId);
  }

  track<T>(run: () => T): { result: T; failedDetectors: string[] } {
    const previous = this.current;
    const failedDetectors: string[] = [];
    this.current = failedDetectors;
    try {
      return { result: run(), failedDetectors };
    } finally {
      this.current = previous;
    }
  }
}

/** The detector pipeline of `apps/ingest`, the same one `bin/argus detect` runs (and the inline guard). */
export const detectionPipelineProvider: Provider = {
  provide: DETECTION_PIPELINE,
  inject: [DETECTION_POLICY, LOGGER, ProtectedDocumentsRefresher, DetectorFailures],
  useFactory: async (
    policy: DetectionPolicy,
    logger: Logger,
    refresher: ProtectedDocumentsRefresher,
    failures: DetectorFailures,
  ) => {
    const collections = await refresher.load();
    const registry = defaultDetectorRegistry(
      policy,
      collections === undefined ? {} : { protectedDocumentCollections: collections },
    );
    if (collections !== undefined) {
      refresher.start(
        collections,
        registry.get(PROTECTED_DOCUMENT_DETECTOR_ID) as ProtectedDocumentDetector | undefined,
      );
    }
    return new DetectionPipeline({
      registry,
      policy,
      onDetectorError: (detectorId, error, event) => {
        failures.record(detectorId);
        logger.error(
          { detector: detectorId, event_id: event.event_id, ...errorFields(error) },
          'detector failed; event processed without it',
        );
      },
    });
  },
};
