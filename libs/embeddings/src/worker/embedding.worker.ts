import { parentPort, workerData } from 'node:worker_threads';
import { createHashingEmbedder } from '../hashing.embedder';
import { type BatchEmbedder, createTransformersEmbedder } from '../transformers.embedder';
import { type WorkerModel, type WorkerReply, type WorkerRequest } from './worker-protocol';

/**
 * Entry point of one embedding worker thread: loads the model once, then embeds the batches the pool
 * sends, one at a time. Imports stay relative (no `@argus/*` aliases) because under jest the worker is
 * plain Node with only a TypeScript hook, without jest's module mapper.
 */
async function load(model: WorkerModel): Promise<BatchEmbedder> {
  if (model.kind === 'transformers') return createTransformersEmbedder(model);
  const hashing = createHashingEmbedder({ dimensions: model.dimensions });
  return {
    id: hashing.id,
    dimensions: hashing.dimensions,
    embed: (texts) => Promise.resolve(hashing.embed(texts)),
    dispose: () => Promise.resolve(),
  };
}

function reply(message: WorkerReply, transfer: ArrayBuffer[] = []): void {
  parentPort?.postMessage(message, transfer);
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('embedding.worker must run in a worker thread');
  let embedder: BatchEmbedder;
  try {
    embedder = await load(workerData as WorkerModel);
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  port.on('message', (request: WorkerRequest) => {
    if (request.type === 'dispose') {
      void embedder.dispose().finally(() => port.close());
      return;
    }
    embedder.embed(request.texts).then(
      (vectors) => {
        // Transferred, not copied: each vector owns its buffer (the embedders slice per row).
        const buffers = vectors.map((vector) => vector.buffer as ArrayBuffer);
        reply({ type: 'vectors', batch: request.batch, vectors }, [...new Set(buffers)]);
      },
      (error: unknown) =>
        reply({
          type: 'error',
          batch: request.batch,
          message: error instanceof Error ? error.message : String(error),
        }),
    );
  });
  reply({ type: 'ready', id: embedder.id, dimensions: embedder.dimensions });
}

void main();
