import { Worker } from 'node:worker_threads';
import { EmbeddingModelError } from '../embedding-service';
import { workerEntry } from '../worker/worker-entry';
import { type ClassifierWorkerModel, type ClassifierWorkerReply } from './classifier-worker.protocol';
import { type EntityRecognizerModel, type TextClassifierModel } from './transformers-classifiers';

const DISPOSE_TIMEOUT_MS = 5000;

/** Callbacks of a classifier worker (kept out of the model settings, which are sent to the thread). */
export type WorkerHooks = { onRestart?: (reason: string) => void };

/** A started worker: `broken` once it has exited or failed (every later call is refused). */
export type StartedWorker = {
  call(texts: readonly string[]): Promise<unknown>;
  readonly id: string;
  readonly labels: readonly string[];
  broken(): boolean;
  close(): Promise<void>;
};

/**
 * Keeps one worker running: when it has died (onnxruntime crash, out of memory), the next call starts
 * a new one instead of failing forever. The batch that was in flight fails and is redelivered by the
 * consumer; `onRestart` lets the caller log it. Concurrent calls share one restart.
 */
export async function superviseWorker(
  startWorker: () => Promise<StartedWorker>,
  onRestart: (reason: string) => void = () => undefined,
): Promise<StartedWorker> {
  let current = await startWorker();
  let restarting: Promise<StartedWorker> | undefined;
  let closed = false;
  const running = (): Promise<StartedWorker> => {
    if (!current.broken()) return Promise.resolve(current);
    restarting ??= (async () => {
      onRestart('the worker had stopped');
      try {
        current = await startWorker();
        return current;
      } finally {
        restarting = undefined;
      }
    })();
    return restarting;
  };
  return {
    id: current.id,
    labels: current.labels,
    broken: () => closed,
    call: async (texts) => {
      if (closed) throw new EmbeddingModelError('the classifier was closed');
      return (await running()).call(texts);
    },
    close: async () => {
      closed = true;
      await current.close();
    },
  };
}

async function start(model: ClassifierWorkerModel): Promise<StartedWorker> {
  const { source, eval: isEval } = workerEntry(__filename, __dirname, 'classifier.worker');
  const worker = new Worker(source, { eval: isEval, workerData: model });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let next = 0;
  let broken: Error | undefined;
  const ready = await new Promise<{ id: string; labels: readonly string[] }>((resolve, reject) => {
    worker.once('message', (message: ClassifierWorkerReply) => {
      if (message.type === 'ready') resolve(message);
      else {
        void worker.terminate();
        reject(
          new EmbeddingModelError(message.type === 'failed' ? message.message : 'unexpected worker reply'),
        );
      }
    });
    worker.once('error', (error) =>
      reject(new EmbeddingModelError(`classifier worker failed: ${error.message}`, error)),
    );
  });
  const failAll = (error: Error) => {
    broken = error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
  };
  worker.on('message', (message: ClassifierWorkerReply) => {
    if (message.type !== 'result' && message.type !== 'error') return;
    const waiting = pending.get(message.call);
    if (waiting === undefined) return;
    pending.delete(message.call);
    if (message.type === 'result') waiting.resolve(message.result);
    else waiting.reject(new EmbeddingModelError(`classifier failed: ${message.message}`));
  });
  worker.on('error', (error) =>
    failAll(new EmbeddingModelError(`classifier worker failed: ${error.message}`, error)),
  );
  worker.on('exit', (code) => failAll(new EmbeddingModelError(`classifier worker exited with code ${code}`)));
  return {
    id: ready.id,
    labels: ready.labels,
    broken: () => broken !== undefined,
    call: (texts) => {
      if (broken !== undefined) return Promise.reject(broken);
      const call = next++;
      return new Promise((resolve, reject) => {
        pending.set(call, { resolve, reject });
        worker.postMessage({ type: 'run', call, texts: [...texts] });
      });
    },
    close: async () => {
      if (broken !== undefined) return; // already exited
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.postMessage({ type: 'dispose' });
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS).unref());
      await Promise.race([exited, timeout]);
      await worker.terminate();
    },
  };
}

/** A text classifier running in its own worker thread (see `createTransformersTextClassifier`). */
export async function startTextClassifierWorker(
  model: Omit<ClassifierWorkerModel, 'task' | 'entityTypes'>,
  hooks: WorkerHooks = {},
): Promise<TextClassifierModel> {
  const worker = await superviseWorker(
    () => start({ ...model, task: 'text-classification' }),
    hooks.onRestart,
  );
  return {
    id: worker.id,
    attackLabels: worker.labels,
    classify: async (texts) => (texts.length === 0 ? [] : ((await worker.call(texts)) as number[])),
    dispose: () => worker.close(),
  };
}

/** A named-entity recogniser running in its own worker thread (see `createTransformersEntityRecognizer`). */
export async function startEntityRecognizerWorker(
  model: Omit<ClassifierWorkerModel, 'task' | 'attackLabels'>,
  hooks: WorkerHooks = {},
): Promise<EntityRecognizerModel> {
  const worker = await superviseWorker(
    () => start({ ...model, task: 'token-classification' }),
    hooks.onRestart,
  );
  return {
    id: worker.id,
    entities: worker.labels,
    recognise: async (texts) =>
      texts.length === 0
        ? []
        : ((await worker.call(texts)) as Awaited<ReturnType<EntityRecognizerModel['recognise']>>),
    dispose: () => worker.close(),
  };
}
