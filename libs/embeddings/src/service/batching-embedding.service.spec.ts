import {
  EmbeddingModelError,
  EmbeddingQueueFullError,
  EmbeddingServiceClosedError,
} from '../embedding-service';
import { createHashingEmbedder } from '../hashing.embedder';
import { type BatchExecutor } from '../worker/worker-pool';
import { type BatchingOptions, createBatchingEmbeddingService } from './batching-embedding.service';

/**
 * The hashing embedder behind a gate the test opens batch by batch, so batching, concurrency and
 * back-pressure are observed exactly rather than through timing.
 */
function gatedExecutor(slots = 1) {
  const hashing = createHashingEmbedder({ dimensions: 16 });
  const batches: string[][] = [];
  const gates: (() => void)[] = [];
  let failNext = false;
  let closed = false;
  const executor: BatchExecutor = {
    id: hashing.id,
    dimensions: hashing.dimensions,
    slots,
    run: async (texts) => {
      batches.push([...texts]);
      await new Promise<void>((open) => gates.push(open));
      if (failNext) {
        failNext = false;
        throw new EmbeddingModelError('model failed');
      }
      return hashing.embed(texts);
    },
    close: () => {
      closed = true;
      return Promise.resolve();
    },
  };
  return {
    executor,
    batches,
    running: () => gates.length,
    openAll: () => gates.splice(0).forEach((open) => open()),
    failNextBatch: () => (failNext = true),
    isClosed: () => closed,
    hashing,
  };
}

const options = (overrides: Partial<BatchingOptions> = {}): BatchingOptions => ({
  maxBatchSize: 4,
  maxWaitMs: 5,
  maxQueuedTexts: 100,
  queueFull: 'wait',
  cacheSize: 100,
  fallback: true,
  ...overrides,
});
const tick = () => new Promise((resolve) => setImmediate(resolve));
const until = async (condition: () => boolean) => {
  for (let attempt = 0; attempt < 500 && !condition(); attempt++) await new Promise((r) => setTimeout(r, 2));
  expect(condition()).toBe(true);
};
const texts = (prefix: string, count: number) => Array.from({ length: count }, (_, i) => `${prefix} ${i}`);

describe('createBatchingEmbeddingService', () => {
  it('groups concurrent calls into batches of at most maxBatchSize, vectors back in order', async () => {
    const gated = gatedExecutor(1);
    const service = createBatchingEmbeddingService(
      gated.executor,
      options({ maxBatchSize: 4, maxWaitMs: 60_000 }),
    );
    const first = service.embed(texts('a', 3));
    const second = service.embed(texts('b', 3));
    await tick();
    // A full batch runs at once; the two left over wait for the batch to fill or the wait to pass.
    expect(gated.batches).toEqual([['a 0', 'a 1', 'a 2', 'b 0']]);
    gated.openAll();
    await until(() => gated.batches.length === 1 && gated.running() === 0);
    const close = service.close(); // closing flushes the partial batch instead of waiting a minute
    await until(() => gated.batches.length === 2);
    expect(gated.batches[1]).toEqual(['b 1', 'b 2']);
    gated.openAll();
    const [vectorsA, vectorsB] = await Promise.all([first, second]);
    await close;
    expect(vectorsA.map((v) => Array.from(v))).toEqual(
      gated.hashing.embed(texts('a', 3)).map((v) => Array.from(v)),
    );
    expect(vectorsB.map((v) => Array.from(v))).toEqual(
      gated.hashing.embed(texts('b', 3)).map((v) => Array.from(v)),
    );
  });

  it('runs a partial batch once its oldest text has waited maxWaitMs', async () => {
    const gated = gatedExecutor(1);
    const service = createBatchingEmbeddingService(
      gated.executor,
      options({ maxBatchSize: 32, maxWaitMs: 200 }),
    );
    const result = service.embed(['lonely text']);
    await tick(); // well before 200 ms, even on a loaded box
    expect(gated.batches).toHaveLength(0);
    await until(() => gated.batches.length === 1);
    gated.openAll();
    expect(await result).toHaveLength(1);
    await service.close();
  });

  it('keeps at most `slots` batches running, the rest queued', async () => {
    const gated = gatedExecutor(2);
    const service = createBatchingEmbeddingService(
      gated.executor,
      options({ maxBatchSize: 2, maxWaitMs: 60_000 }),
    );
    const result = service.embed(texts('t', 8));
    await tick();
    expect(gated.running()).toBe(2);
    expect(service.stats().pending).toBe(8);
    gated.openAll();
    await until(() => gated.batches.length === 4);
    gated.openAll();
    await until(() => gated.running() === 0 && service.stats().pending === 0);
    expect((await result).length).toBe(8);
    await service.close();
  });

  it('answers repeated texts from the cache, keyed by the text, and computes a queued duplicate once', async () => {
    const gated = gatedExecutor(1);
    const service = createBatchingEmbeddingService(
      gated.executor,
      options({ maxBatchSize: 4, maxWaitMs: 1 }),
    );
    const both = Promise.all([service.embed(['same', 'other']), service.embed(['same'])]);
    await until(() => gated.batches.length === 1);
    gated.openAll();
    const [[same, other], [sameAgain]] = await both;
    expect(gated.batches).toEqual([['same', 'other']]);
    expect(sameAgain).toBe(same);
    const [cached] = await service.embed(['same']);
    expect(cached).toBe(same);
    expect(gated.batches).toHaveLength(1);
    expect(service.stats()).toMatchObject({ cacheHits: 1 });
    expect(other).not.toBe(same);
    await service.close();
  });

  it('cuts texts to maxCharacters before keying and embedding: a longer tail shares the entry', async () => {
    const gated = gatedExecutor(1);
    const service = createBatchingEmbeddingService(
      gated.executor,
      options({ maxCharacters: 10, maxWaitMs: 1 }),
    );
    const first = service.embed(['0123456789 tail one']);
    await until(() => gated.running() === 1);
    expect(gated.batches[0]).toEqual(['0123456789']);
    gated.openAll();
    const [vector] = await first;
    const [same] = await service.embed(['0123456789 another tail']);
    expect(same).toBe(vector);
    expect(gated.batches).toHaveLength(1);
    await service.close();
  });

  it('evicts the least recently used vector when the cache is full', async () => {
    const gated = gatedExecutor(1);
    const service = createBatchingEmbeddingService(gated.executor, options({ cacheSize: 2, maxWaitMs: 1 }));
    const embed = async (text: string) => {
      const result = service.embed([text]);
      await until(() => gated.running() > 0 || service.stats().pending === 0);
      gated.openAll();
      return result;
    };
    await embed('one');
    await embed('two');
    await embed('one'); // hit: 'two' is now the least recently used
    await embed('three'); // evicts 'two'
    const before = gated.batches.length;
    await embed('one');
    expect(gated.batches.length).toBe(before);
    await embed('two');
    expect(gated.batches.length).toBe(before + 1);
    await service.close();
  });

  it("rejects with EmbeddingQueueFullError when the queue is full and queueFull is 'reject'", async () => {
    const gated = gatedExecutor(1);
    const service = createBatchingEmbeddingService(
      gated.executor,
      options({ maxQueuedTexts: 5, maxBatchSize: 5, queueFull: 'reject' }),
    );
    const admitted = service.embed(texts('x', 5));
    const refused = service.embed(['one too many']);
    await expect(refused).rejects.toBeInstanceOf(EmbeddingQueueFullError);
    await expect(refused).rejects.toMatchObject({ code: 'EMBEDDING_QUEUE_FULL', limit: 5 });
    await until(() => gated.running() === 1);
    gated.openAll();
    await admitted;
    const again = service.embed(['fits again']);
    await until(() => gated.running() === 1);
    gated.openAll();
    await expect(again).resolves.toHaveLength(1);
    await service.close();
  });

  it("makes callers wait for room when the queue is full and queueFull is 'wait', first come first served", async () => {
    const gated = gatedExecutor(1);
    const service = createBatchingEmbeddingService(
      gated.executor,
      options({ maxQueuedTexts: 4, maxBatchSize: 4, maxWaitMs: 1 }),
    );
    const order: string[] = [];
    const first = service.embed(texts('first', 4)).then(() => order.push('first'));
    const second = service.embed(texts('second', 3)).then(() => order.push('second'));
    const third = service.embed(texts('third', 1)).then(() => order.push('third'));
    await until(() => gated.running() === 1);
    expect(service.stats()).toMatchObject({ pending: 4, waitingCalls: 2 });
    expect(gated.batches).toEqual([texts('first', 4)]);
    gated.openAll();
    await until(() => gated.batches.length === 2);
    // Both waiting calls fit together now (3 + 1 ≤ 4) and were admitted in order.
    expect(gated.batches[1]).toEqual([...texts('second', 3), 'third 0']);
    gated.openAll();
    await Promise.all([first, second, third]);
    expect(order).toEqual(['first', 'second', 'third']);
    await service.close();
  });

  it('admits a call larger than the whole queue once the queue is empty, instead of waiting forever', async () => {
    const gated = gatedExecutor(1);
    const service = createBatchingEmbeddingService(
      gated.executor,
      options({ maxQueuedTexts: 2, maxBatchSize: 8, maxWaitMs: 1 }),
    );
    const large = service.embed(texts('large', 5));
    await until(() => gated.running() === 1);
    expect(gated.batches[0]).toHaveLength(5);
    gated.openAll();
    expect(await large).toHaveLength(5);
    await service.close();
  });

  it('rejects every text of a failed batch with the model error and keeps serving', async () => {
    const gated = gatedExecutor(1);
    const service = createBatchingEmbeddingService(gated.executor, options({ maxWaitMs: 1 }));
    gated.failNextBatch();
    const failed = service.embed(['doomed']);
    await until(() => gated.running() === 1);
    gated.openAll();
    await expect(failed).rejects.toBeInstanceOf(EmbeddingModelError);
    const retried = service.embed(['doomed']);
    await until(() => gated.running() === 1);
    gated.openAll();
    await expect(retried).resolves.toHaveLength(1);
    await service.close();
  });

  it('close() drains queued and waiting work, then closes the executor and refuses new calls', async () => {
    const gated = gatedExecutor(1);
    const service = createBatchingEmbeddingService(
      gated.executor,
      options({ maxQueuedTexts: 2, maxBatchSize: 2, maxWaitMs: 60_000 }),
    );
    const queued = service.embed(texts('q', 2));
    const waiting = service.embed(texts('w', 2));
    await tick();
    let closed = false;
    const closing = service.close().then(() => (closed = true));
    await expect(service.embed(['late'])).rejects.toBeInstanceOf(EmbeddingServiceClosedError);
    for (let round = 0; round < 2; round++) {
      await until(() => gated.running() === 1);
      expect(closed).toBe(false);
      gated.openAll();
    }
    await closing;
    expect((await queued).length + (await waiting).length).toBe(4);
    expect(gated.isClosed()).toBe(true);
    expect(service.close()).toBe(service.close());
  });
});
