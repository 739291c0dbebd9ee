import { type ClickHouseClient } from '@argus/clickhouse';
import { type EventRow } from '@argus/clickhouse/rows';
import { type ArgusConfig } from '@argus/config';
import {
  EmbeddingQueueFullError,
  type EmbeddingService,
  createEmbeddingSampler,
  createEmbeddingService,
  embeddingSettingsFromEnv,
} from '@argus/embeddings';
import { attachEventEmbeddings } from '@argus/ingestion';
import { type Logger } from '@argus/observability';
import { DriftReferenceCache } from './drift-reference.cache';

/**
 * Ingest's embedding stage (EMBEDDINGS_ENABLED): vectors for sampled events and their outlier scores
 * against the analyzer's reference centroids, added to the `events` rows of a batch before they are
 * written. It lives beside the drift job because both must agree on the embedder and the references.
 * The embedding service runs the model in worker threads, so awaiting a batch does not block the
 * consumer's event loop (heartbeats, fetches of other partitions).
 */
export class IngestEmbeddings {
  private constructor(
    private readonly service: EmbeddingService,
    private readonly sample: (appId: string, eventId: string) => boolean,
    private readonly references: DriftReferenceCache,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  /** Undefined when EMBEDDINGS_ENABLED is off. Loads the model (a broken one stops start-up). */
  static async create(
    config: ArgusConfig,
    clickhouse: ClickHouseClient,
    logger: Pick<Logger, 'warn'>,
  ): Promise<IngestEmbeddings | undefined> {
    if (!config.embeddings.enabled) return undefined;
    const settings = embeddingSettingsFromEnv(config.embeddings.environment);
    const service = await createEmbeddingService(settings.service);
    const references = new DriftReferenceCache(clickhouse, config.embeddings.referenceRefreshMs, logger);
    await references.start();
    return new IngestEmbeddings(service, createEmbeddingSampler(settings.sampling), references, logger);
  }

  async attach(rows: EventRow[]): Promise<void> {
    try {
      await attachEventEmbeddings(rows, {
        embedder: this.service,
        sample: this.sample,
        references: this.references.lookup,
      });
    } catch (error) {
      // EMBEDDINGS_QUEUE_FULL=reject chose "store the events without vectors" over slowing ingest down;
      // any other failure (a model error) fails the batch, which is retried.
      if (!(error instanceof EmbeddingQueueFullError)) throw error;
      this.logger.warn({ events: rows.length }, 'embedding queue full; batch stored without vectors');
    }
  }

  async close(): Promise<void> {
    this.references.stop();
    await this.service.close();
  }
}
