import { Worker } from 'node:worker_threads';
import { EmbeddingModelError } from '../embedding-service';
import { workerEntry } from './worker-entry';
import { type WorkerModel, type WorkerReply } from './worker-protocol';

/** Runs batches on whichever executor is idle; `slots` batches may run at once. */
export type BatchExecutor = {
  readonly id: string;
  readonly dimensions: number;
  readonly slots: number;
  run(texts: readonly string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
};

const DISPOSE_TIMEOUT_MS = 5000;

type PendingBatch = { resolve: (vectors: Float32Array[]) => void; reject: (error: Error) => void };
type PoolWorker = { worker: Worker; busy: PendingBatch | undefined; batch: number };

function spawn(model: WorkerModel): Promise<{ worker: Worker; id: string; dimensions: number }> {
  const { source, eval: isEval } = workerEntry(__filename, __dirname, 'embedding.worker');
  // No `resourceLimits`: a worker over its heap limit running transformers.js aborted the whole
  // process (V8 fatal OOM) rather than exiting alone, so a limit would promise an isolation it lacks.
  const worker = new Worker(source, { eval: isEval, workerData: model });
  return new Promise((resolve, reject) => {
    // Only these listeners are removed: `removeAllListeners` would also drop the Worker's own
    // bookkeeping listeners and stop message delivery.
    const detach = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const fail = (error: Error) => {
      detach();
      void worker.terminate();
      reject(error);
    };
    const onMessage = (message: WorkerReply) => {
      if (message.type !== 'ready') {
        fail(
          new EmbeddingModelError(message.type === 'failed' ? message.message : 'unexpected worker reply'),
        );
        return;
      }
      detach();
      resolve({ worker, id: message.id, dimensions: message.dimensions });
    };
    const onError = (error: Error) =>
      fail(new EmbeddingModelError(`embedding worker failed: ${error.message}`, error));
    const onExit = (code: number) =>
      fail(new EmbeddingModelError(`embedding worker exited with code ${code}`));
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/**
 * Starts `size` worker threads, each loading the model; resolves when all are ready, rejects (and
 * stops the started ones) if any cannot load it. A worker that dies is replaced; the batch it was
 * running rejects with `EmbeddingModelError`.
 */
export async function startWorkerPool(model: WorkerModel, size: number): Promise<BatchExecutor> {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`worker pool size must be ≥ 1, got ${size}`);
  const started = await Promise.allSettled(Array.from({ length: size }, () => spawn(model)));
  const failure = started.find((result) => result.status === 'rejected');
  if (failure !== undefined) {
    await Promise.all(
      started.map((result) =>
        result.status === 'fulfilled' ? result.value.worker.terminate() : Promise.resolve(0),
      ),
    );
    throw failure.reason;
  }
  const ready = started.map(
    (result) => (result as PromiseFulfilledResult<Awaited<ReturnType<typeof spawn>>>).value,
  );
  const { id, dimensions } = ready[0];
  const workers: PoolWorker[] = [];
  const waiting: { texts: readonly string[]; pending: PendingBatch }[] = [];
  let closing = false;
  let replacing = 0;
  let lastFailure: Error | undefined;

  const dispatch = (entry: PoolWorker) => {
    const next = waiting.shift();
    if (next === undefined) return;
    entry.busy = next.pending;
    entry.batch++;
    entry.worker.postMessage({ type: 'embed', batch: entry.batch, texts: next.texts });
  };

  const adopt = (worker: Worker) => {
    const entry: PoolWorker = { worker, busy: undefined, batch: 0 };
    workers.push(entry);
    worker.on('message', (message: WorkerReply) => {
      const pending = entry.busy;
      entry.busy = undefined;
      if (message.type === 'vectors') pending?.resolve(message.vectors);
      else if (message.type === 'error') pending?.reject(new EmbeddingModelError(message.message));
      dispatch(entry);
    });
    // 'error' (an uncaught exception in the worker) comes before 'exit': the entry is retired at the
    // first of the two, so no batch is dispatched to a thread that is going away.
    worker.on('error', (error) =>
      retire(entry, new EmbeddingModelError(`embedding worker failed: ${error.message}`, error)),
    );
    worker.on('exit', () => retire(entry, new EmbeddingModelError('embedding worker exited during a batch')));
  };

  const retire = (entry: PoolWorker, error: EmbeddingModelError) => {
    const index = workers.indexOf(entry);
    if (index < 0) return;
    workers.splice(index, 1);
    entry.busy?.reject(error);
    entry.busy = undefined;
    if (closing) return;
    replacing++;
    void spawn(model).then(
      (replacement) => {
        replacing--;
        if (closing) {
          void replacement.worker.terminate();
          return;
        }
        adopt(replacement.worker);
        dispatch(workers[workers.length - 1]);
      },
      (failure: Error) => {
        replacing--;
        // E.g. the model files were removed while running: fewer workers now; with none left, every
        // batch fails with the reason rather than waiting for a worker that will never come.
        lastFailure = failure;
        if (workers.length === 0 && replacing === 0) {
          for (const queued of waiting.splice(0)) queued.pending.reject(failure);
        }
      },
    );
  };
  for (const { worker } of ready) adopt(worker);

  return {
    id,
    dimensions,
    slots: size,
    run: (texts) =>
      new Promise((resolve, reject) => {
        if (closing) return reject(new EmbeddingModelError('the worker pool is closed'));
        if (workers.length === 0 && replacing === 0 && lastFailure !== undefined) return reject(lastFailure);
        waiting.push({ texts, pending: { resolve, reject } });
        const idle = workers.find((entry) => entry.busy === undefined);
        if (idle !== undefined) dispatch(idle);
      }),
    close: async () => {
      closing = true;
      await Promise.all(
        workers.map(
          (entry) =>
            new Promise<void>((resolve) => {
              // A native session that keeps the thread alive must not hang shutdown.
              const timer = setTimeout(() => void entry.worker.terminate(), DISPOSE_TIMEOUT_MS);
              entry.worker.once('exit', () => {
                clearTimeout(timer);
                resolve();
              });
              entry.worker.postMessage({ type: 'dispose' });
            }),
        ),
      );
    },
  };
}

/** Runs a model on the calling thread (workers = 0): one batch at a time. */
export function inThreadExecutor(embedder: {
  id: string;
  dimensions: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}): BatchExecutor {
  return {
    id: embedder.id,
    dimensions: embedder.dimensions,
    slots: 1,
    run: (texts) => embedder.embed(texts),
    close: () => embedder.dispose(),
  };
}
