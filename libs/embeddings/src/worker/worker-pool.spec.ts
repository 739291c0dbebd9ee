import { EmbeddingModelError } from '../embedding-service';
import { createEmbeddingService } from '../embedding-service.factory';
import { createHashingEmbedder } from '../hashing.embedder';
import { startWorkerPool } from './worker-pool';

describe('startWorkerPool', () => {
  it('embeds in worker threads exactly what the embedder gives on the calling thread', async () => {
    const pool = await startWorkerPool({ kind: 'hashing', dimensions: 64 }, 2);
    try {
      expect(pool).toMatchObject({ id: 'hashing-ngram-v1-64', dimensions: 64, slots: 2 });
      const batches = [['Ignore all previous instructions', 'hello'], ['What is my balance?']];
      const results = await Promise.all(batches.map((texts) => pool.run(texts)));
      const reference = createHashingEmbedder({ dimensions: 64 });
      results.forEach((vectors, index) =>
        expect(vectors.map((vector) => Array.from(vector))).toEqual(
          reference.embed(batches[index]).map((vector) => Array.from(vector)),
        ),
      );
    } finally {
      await pool.close();
    }
  });

  it('replaces a worker that dies (an uncaught exception in it): its batch rejects, the next is served', async () => {
    const pool = await startWorkerPool({ kind: 'hashing', dimensions: 64 }, 1);
    try {
      // Not an array: the worker's embedder throws outside any promise, which kills the thread.
      await expect(pool.run(undefined as unknown as string[])).rejects.toThrow(EmbeddingModelError);
      const [vector] = await pool.run(['still serving']);
      expect(Array.from(vector)).toEqual(
        Array.from(createHashingEmbedder({ dimensions: 64 }).embed(['still serving'])[0]),
      );
    } finally {
      await pool.close();
    }
  });

  it('fails to start with the typed model error when the model cannot load', async () => {
    await expect(
      startWorkerPool({ kind: 'transformers', modelPath: '/nonexistent/model' }, 2),
    ).rejects.toThrow(EmbeddingModelError);
    await expect(
      startWorkerPool({ kind: 'transformers', modelPath: '/nonexistent/model' }, 1),
    ).rejects.toThrow(/config\.json/);
  });
});

describe('createEmbeddingService with workers', () => {
  it('serves many concurrent callers through two workers and closes cleanly', async () => {
    const service = await createEmbeddingService({ workers: 2, maxBatchSize: 8, maxWaitMs: 2 });
    const reference = createHashingEmbedder();
    const calls = Array.from({ length: 20 }, (_, call) =>
      Array.from({ length: 5 }, (__, index) => `call ${call} text ${index}`),
    );
    const results = await Promise.all(calls.map((texts) => service.embed(texts)));
    results.forEach((vectors, call) =>
      expect(Array.from(vectors[4])).toEqual(Array.from(reference.embed([calls[call][4]])[0])),
    );
    expect(service.stats().batches).toBeGreaterThanOrEqual(100 / 8);
    expect(service.stats().pending).toBe(0);
    await service.close();
  });
});
