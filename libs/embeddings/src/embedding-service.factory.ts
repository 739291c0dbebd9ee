import { type EmbeddingServiceConfig } from './embedding-service';
import { HASHING_MAX_CHARACTERS, createHashingEmbedder } from './hashing.embedder';
import {
  type BatchingEmbeddingService,
  createBatchingEmbeddingService,
} from './service/batching-embedding.service';
import { TRANSFORMERS_MAX_CHARACTERS, createTransformersEmbedder } from './transformers.embedder';
import { type WorkerModel } from './worker/worker-protocol';
import { type BatchExecutor, inThreadExecutor, startWorkerPool } from './worker/worker-pool';

export const EMBEDDING_SERVICE_DEFAULTS = {
  workers: 1,
  threadsPerWorker: 1,
  maxBatchSize: 32,
  maxWaitMs: 10,
  maxQueuedTexts: 4096,
  queueFull: 'wait',
  cacheSize: 10_000,
  fallbackDimensions: 512,
} as const;

/**
 * Builds the embedding service the configuration asks for and resolves once the model is loaded in
 * every worker, so `dimensions` is known and a broken model directory stops start-up (with an
 * `EmbeddingModelError` naming the directory) instead of failing per event. Without `modelPath` the
 * service runs the hashing fallback (`fallback: true`, id `hashing-ngram-v1-<dimensions>`), through the
 * same batching, cache and worker pool.
 *
 * `workers: 0` runs the model on the calling thread: for the CLI and benchmarks of the bare model. It
 * blocks the event loop while a batch runs, and under jest onnxruntime-node rejects the test realm's
 * typed arrays, so use workers there.
 */
export async function createEmbeddingService(
  config: EmbeddingServiceConfig = {},
): Promise<BatchingEmbeddingService> {
  const workers = config.workers ?? EMBEDDING_SERVICE_DEFAULTS.workers;
  const model: WorkerModel =
    config.modelPath === undefined
      ? {
          kind: 'hashing',
          dimensions: config.fallbackDimensions ?? EMBEDDING_SERVICE_DEFAULTS.fallbackDimensions,
        }
      : {
          kind: 'transformers',
          modelPath: config.modelPath,
          dtype: config.dtype,
          threads: config.threadsPerWorker ?? EMBEDDING_SERVICE_DEFAULTS.threadsPerWorker,
        };
  const executor = workers > 0 ? await startWorkerPool(model, workers) : await inThreadModel(model);
  return createBatchingEmbeddingService(executor, {
    maxBatchSize: config.maxBatchSize ?? EMBEDDING_SERVICE_DEFAULTS.maxBatchSize,
    maxWaitMs: config.maxWaitMs ?? EMBEDDING_SERVICE_DEFAULTS.maxWaitMs,
    maxQueuedTexts: config.maxQueuedTexts ?? EMBEDDING_SERVICE_DEFAULTS.maxQueuedTexts,
    queueFull: config.queueFull ?? EMBEDDING_SERVICE_DEFAULTS.queueFull,
    cacheSize: config.cacheSize ?? EMBEDDING_SERVICE_DEFAULTS.cacheSize,
    fallback: model.kind === 'hashing',
    maxCharacters: model.kind === 'hashing' ? HASHING_MAX_CHARACTERS : TRANSFORMERS_MAX_CHARACTERS,
    onBatch: config.onBatch,
  });
}

async function inThreadModel(model: WorkerModel): Promise<BatchExecutor> {
  if (model.kind === 'transformers') return inThreadExecutor(await createTransformersEmbedder(model));
  const hashing = createHashingEmbedder({ dimensions: model.dimensions });
  return inThreadExecutor({
    id: hashing.id,
    dimensions: hashing.dimensions,
    embed: (texts) => Promise.resolve(hashing.embed(texts)),
    dispose: () => Promise.resolve(),
  });
}
