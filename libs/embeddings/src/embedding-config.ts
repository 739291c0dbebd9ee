import { type Env } from '@argus/config';
import { type EmbeddingServiceConfig } from './embedding-service';
import { type EmbeddingSamplingConfig } from './event/embedding-sampler';

type EmbeddingEnv = Pick<
  Env,
  | 'EMBEDDINGS_MODEL_PATH'
  | 'EMBEDDINGS_DTYPE'
  | 'EMBEDDINGS_WORKERS'
  | 'EMBEDDINGS_THREADS_PER_WORKER'
  | 'EMBEDDINGS_BATCH_SIZE'
  | 'EMBEDDINGS_BATCH_WAIT_MS'
  | 'EMBEDDINGS_MAX_QUEUE'
  | 'EMBEDDINGS_QUEUE_FULL'
  | 'EMBEDDINGS_CACHE_SIZE'
  | 'EMBEDDINGS_SAMPLE_RATE'
  | 'EMBEDDINGS_APP_SAMPLE_RATES'
>;

/**
 * The service and sampling settings from the parsed environment (`EMBEDDINGS_*`). `resolvePath` turns
 * a relative model path into an absolute one the way the rest of the configuration does (against the
 * working directory at start-up), so worker threads see the same directory.
 */
export function embeddingSettingsFromEnv(
  env: EmbeddingEnv,
  resolvePath: (path: string) => string = (path) => path,
): { service: EmbeddingServiceConfig; sampling: EmbeddingSamplingConfig } {
  return {
    service: {
      ...(env.EMBEDDINGS_MODEL_PATH !== undefined
        ? { modelPath: resolvePath(env.EMBEDDINGS_MODEL_PATH) }
        : {}),
      ...(env.EMBEDDINGS_DTYPE !== undefined ? { dtype: env.EMBEDDINGS_DTYPE } : {}),
      workers: env.EMBEDDINGS_WORKERS,
      threadsPerWorker: env.EMBEDDINGS_THREADS_PER_WORKER,
      maxBatchSize: env.EMBEDDINGS_BATCH_SIZE,
      maxWaitMs: env.EMBEDDINGS_BATCH_WAIT_MS,
      maxQueuedTexts: env.EMBEDDINGS_MAX_QUEUE,
      queueFull: env.EMBEDDINGS_QUEUE_FULL,
      cacheSize: env.EMBEDDINGS_CACHE_SIZE,
    },
    sampling: { rate: env.EMBEDDINGS_SAMPLE_RATE, appRates: env.EMBEDDINGS_APP_SAMPLE_RATES },
  };
}
