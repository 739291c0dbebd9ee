import { createHash } from 'node:crypto';
import {
  type EmbeddingService,
  type QueueFullBehaviour,
  EmbeddingQueueFullError,
  EmbeddingServiceClosedError,
} from '../embedding-service';
import { type BatchExecutor } from '../worker/worker-pool';
import { LruCache } from './lru-cache';

export type BatchingOptions = {
  readonly maxBatchSize: number;
  readonly maxWaitMs: number;
  readonly maxQueuedTexts: number;
  readonly queueFull: QueueFullBehaviour;
  readonly cacheSize: number;
  /**
   * Characters of a text the provider reads (it ignores the rest). Texts are cut to it before the
   * cache key is hashed and before they are copied to a worker, so a 256 KiB prompt costs the main
   * thread no more than a short one, and texts that differ only beyond it share a cache entry.
   */
  readonly maxCharacters?: number;
  /** Whether the executor runs the hashing fallback (copied to `EmbeddingService.fallback`). */
  readonly fallback: boolean;
  /** Called after every batch, for metrics. */
  readonly onBatch?: (event: { size: number; durationMs: number; failed: boolean }) => void;
};

export type EmbeddingServiceStats = {
  /** Texts waiting for a batch or being embedded. */
  readonly pending: number;
  /** `embed` calls waiting for queue capacity. */
  readonly waitingCalls: number;
  readonly cacheHits: number;
  readonly cacheMisses: number;
  readonly batches: number;
};

export type BatchingEmbeddingService = EmbeddingService & { stats(): EmbeddingServiceStats };

type Item = {
  readonly text: string;
  readonly key: string;
  readonly enqueuedAt: number;
  readonly promise: Promise<Float32Array>;
  resolve(vector: Float32Array): void;
  reject(error: Error): void;
};

/** SHA-256 of the text: a fixed-size cache key that holds no prompt text in memory twice. */
function textKey(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

/**
 * Collects texts from concurrent `embed` calls into batches of at most `maxBatchSize` (a partial batch
 * runs once its oldest text has waited `maxWaitMs`), runs at most `executor.slots` batches at once,
 * answers repeated texts from an LRU cache (and a text already queued from the same pending result),
 * and bounds the texts queued or in flight at `maxQueuedTexts`: beyond that `embed` waits for room
 * (`queueFull: 'wait'`, so a Kafka consumer slows down instead of buffering without limit) or rejects
 * with `EmbeddingQueueFullError` (`'reject'`, for callers that prefer to go on without a vector).
 * Vectors from the cache are shared between callers: treat them as read-only.
 */
export function createBatchingEmbeddingService(
  executor: BatchExecutor,
  options: BatchingOptions,
): BatchingEmbeddingService {
  const cache = new LruCache<Float32Array>(options.cacheSize);
  const pendingByKey = new Map<string, Item>();
  const queue: Item[] = [];
  const capacityWaiters: { count: number; admit: () => void }[] = [];
  let reserved = 0;
  let running = 0;
  let timer: NodeJS.Timeout | undefined;
  let closing = false;
  let closed: Promise<void> | undefined;
  let onIdle: (() => void) | undefined;
  const counters = { cacheHits: 0, cacheMisses: 0, batches: 0 };

  const release = (count: number) => {
    reserved -= count;
    while (capacityWaiters.length > 0) {
      const next = capacityWaiters[0];
      if (reserved > 0 && reserved + next.count > options.maxQueuedTexts) break;
      capacityWaiters.shift();
      reserved += next.count;
      next.admit();
    }
    if (reserved === 0 && capacityWaiters.length === 0) onIdle?.();
  };

  /** Room for `count` texts; a call larger than the whole queue is admitted alone, when it is empty. */
  const acquire = (count: number): Promise<void> | undefined => {
    if (capacityWaiters.length === 0 && (reserved === 0 || reserved + count <= options.maxQueuedTexts)) {
      reserved += count;
      return undefined;
    }
    if (options.queueFull === 'reject') throw new EmbeddingQueueFullError(options.maxQueuedTexts);
    return new Promise((admit) => capacityWaiters.push({ count, admit }));
  };

  const runBatch = (batch: Item[]) => {
    running++;
    counters.batches++;
    const started = performance.now();
    executor.run(batch.map((item) => item.text)).then(
      (vectors) => {
        batch.forEach((item, index) => {
          cache.set(item.key, vectors[index]);
          item.resolve(vectors[index]);
        });
        finish(batch, started, false);
      },
      (error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        for (const item of batch) item.reject(failure);
        finish(batch, started, true);
      },
    );
  };

  const finish = (batch: Item[], started: number, failed: boolean) => {
    running--;
    for (const item of batch) pendingByKey.delete(item.key);
    options.onBatch?.({ size: batch.length, durationMs: performance.now() - started, failed });
    release(batch.length);
    schedule();
  };

  const schedule = () => {
    while (running < executor.slots && queue.length > 0) {
      const waited = performance.now() - queue[0].enqueuedAt;
      if (queue.length < options.maxBatchSize && waited < options.maxWaitMs && !closing) break;
      runBatch(queue.splice(0, options.maxBatchSize));
    }
    if (timer === undefined && queue.length > 0 && running < executor.slots) {
      const remaining = Math.max(0, queue[0].enqueuedAt + options.maxWaitMs - performance.now());
      timer = setTimeout(() => {
        timer = undefined;
        schedule();
      }, Math.ceil(remaining));
    }
  };

  const enqueue = (text: string, key: string): Item => {
    let resolve!: (vector: Float32Array) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<Float32Array>((onResolve, onReject) => {
      resolve = onResolve;
      reject = onReject;
    });
    const item: Item = { text, key, enqueuedAt: performance.now(), promise, resolve, reject };
    pendingByKey.set(key, item);
    queue.push(item);
    return item;
  };

  const lookup = (key: string): Float32Array | Promise<Float32Array> | undefined =>
    cache.get(key) ?? pendingByKey.get(key)?.promise;

  const embed = async (texts: readonly string[]): Promise<Float32Array[]> => {
    if (closing) throw new EmbeddingServiceClosedError();
    const maxCharacters = options.maxCharacters;
    const cut =
      maxCharacters === undefined
        ? texts
        : texts.map((text) => (text.length > maxCharacters ? text.slice(0, maxCharacters) : text));
    const keys = cut.map(textKey);
    const missing = new Set(keys.filter((key) => lookup(key) === undefined));
    if (missing.size > 0) {
      const admitted = acquire(missing.size);
      if (admitted !== undefined) await admitted;
      // Other calls may have queued some of these texts while this one waited for room.
      let added = 0;
      keys.forEach((key, index) => {
        if (missing.has(key) && lookup(key) === undefined) {
          enqueue(cut[index], key);
          added++;
        }
      });
      if (added < missing.size) release(missing.size - added);
      schedule();
    }
    let hits = 0;
    const results = keys.map((key) => {
      const found = lookup(key);
      if (found instanceof Float32Array) {
        hits++;
        return Promise.resolve(found);
      }
      return found as Promise<Float32Array>;
    });
    counters.cacheHits += hits;
    counters.cacheMisses += keys.length - hits;
    return Promise.all(results);
  };

  return {
    id: executor.id,
    dimensions: executor.dimensions,
    fallback: options.fallback,
    embed,
    stats: () => ({
      pending: reserved,
      waitingCalls: capacityWaiters.length,
      ...counters,
    }),
    close: () => {
      if (closed !== undefined) return closed;
      closing = true;
      closed = (async () => {
        // Everything queued runs now, without waiting for batches to fill.
        schedule();
        if (reserved > 0 || capacityWaiters.length > 0) {
          await new Promise<void>((resolve) => (onIdle = resolve));
        }
        if (timer !== undefined) clearTimeout(timer);
        await executor.close();
      })();
      return closed;
    },
  };
}
