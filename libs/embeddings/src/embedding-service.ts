import { type EmbeddingProvider } from './embedding.provider';
import { createHashingEmbedder } from './hashing.embedder';

/**
 * The asynchronous embedding port used off the detection path (ingest's embedding stage, the analyzer,
 * the CLI). A model runs in worker threads, so `embed` is a promise: the Kafka consumer's event loop
 * keeps fetching, heart-beating and committing while vectors are computed.
 */
export type EmbeddingService = {
  /**
   * Identifier of the model and its settings that produced the vectors, stored with every vector so
   * windows only ever compare vectors of the same provider: `hashing-ngram-v1-512` for the fallback,
   * `transformers:<model dir name>:<dtype>` for a local model.
   */
  readonly id: string;
  /** Length of every vector `embed` resolves to. */
  readonly dimensions: number;
  /** True when no model is configured and `id` is the hashing fallback's (no semantic similarity). */
  readonly fallback: boolean;
  /**
   * One L2-normalised vector per text, in order. With the default `queueFull: 'wait'` the promise
   * resolves once capacity frees up (back-pressure reaches the caller); with `'reject'` it rejects with
   * `EmbeddingQueueFullError` at once. Rejects with `EmbeddingServiceClosedError` after `close()`.
   */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** Stops taking work, finishes every queued and in-flight text, then stops the workers. Idempotent. */
  close(): Promise<void>;
};

/** An `AsyncEmbeddingProvider` is the same contract; the two names are kept so callers read naturally. */
export type AsyncEmbeddingProvider = EmbeddingService;

/** What a full queue does to a new `embed` call. */
export type QueueFullBehaviour = 'wait' | 'reject';

export type EmbeddingServiceConfig = {
  /**
   * Local model directory (transformers.js layout: `config.json`, `tokenizer.json`, `onnx/model.onnx`
   * or `model.onnx`). Unset: the hashing fallback.
   */
  readonly modelPath?: string;
  /** Weights variant: `fp32` reads `model.onnx`, `q8` reads `model_quantized.onnx` (default fp32). */
  readonly dtype?: 'fp32' | 'q8';
  /** Worker threads running the model (default 1). 0 runs it on the calling thread (tests, CLI). */
  readonly workers?: number;
  /** Most texts handed to the model in one call (default 32). */
  readonly maxBatchSize?: number;
  /** Longest a text waits for its batch to fill before the partial batch runs (default 10 ms). */
  readonly maxWaitMs?: number;
  /** Most texts queued and in flight together (default 4096). */
  readonly maxQueuedTexts?: number;
  /** What `embed` does when the queue is full (default `wait`). */
  readonly queueFull?: QueueFullBehaviour;
  /** Vectors kept in the LRU cache, keyed by the SHA-256 of the text (default 10000; 0 disables it). */
  readonly cacheSize?: number;
  /** Size of the fallback's vectors when no model is configured (default 512). */
  readonly fallbackDimensions?: number;
  /** onnxruntime intra-op threads per worker (default 1: the workers are the parallelism). */
  readonly threadsPerWorker?: number;
  /** Called after every batch, e.g. to feed a latency histogram. */
  readonly onBatch?: (event: { size: number; durationMs: number; failed: boolean }) => void;
};

export type EmbeddingErrorCode =
  'EMBEDDING_QUEUE_FULL' | 'EMBEDDING_SERVICE_CLOSED' | 'EMBEDDING_MODEL_FAILED';

/** Errors of the embedding service, with a code for metrics and logs. */
export class EmbeddingError extends Error {
  constructor(
    readonly code: EmbeddingErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Transient: the queue holds `maxQueuedTexts` texts; retry later or store the event without a vector. */
export class EmbeddingQueueFullError extends EmbeddingError {
  constructor(readonly limit: number) {
    super('EMBEDDING_QUEUE_FULL', `embedding queue is full (${limit} texts queued or in flight)`);
  }
}

/** The service was closed; no new work is accepted. */
export class EmbeddingServiceClosedError extends EmbeddingError {
  constructor() {
    super('EMBEDDING_SERVICE_CLOSED', 'the embedding service is closed');
  }
}

/** The model failed on a batch (or could not load); every text of that batch rejects with it. */
export class EmbeddingModelError extends EmbeddingError {
  constructor(message: string, cause?: unknown) {
    super('EMBEDDING_MODEL_FAILED', message, { cause });
  }
}

/** Wraps a synchronous provider as an `EmbeddingService` on the calling thread (no batching, no pool). */
export function asEmbeddingService(provider: EmbeddingProvider, fallback = false): EmbeddingService {
  let closed = false;
  return {
    id: provider.id,
    dimensions: provider.dimensions,
    fallback,
    embed: (texts) =>
      closed ? Promise.reject(new EmbeddingServiceClosedError()) : Promise.resolve(provider.embed(texts)),
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  };
}

/** The fallback as a service: what `createEmbeddingService` returns when no model is configured. */
export function createFallbackEmbeddingService(dimensions?: number): EmbeddingService {
  return asEmbeddingService(createHashingEmbedder({ dimensions }), true);
}
