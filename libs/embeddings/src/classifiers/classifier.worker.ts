import { parentPort, workerData } from 'node:worker_threads';
import {
  type ClassifierWorkerModel,
  type ClassifierWorkerReply,
  type ClassifierWorkerRequest,
} from './classifier-worker.protocol';
import {
  createTransformersEntityRecognizer,
  createTransformersTextClassifier,
} from './transformers-classifiers';

/**
 * One classifier model in a worker thread (like the embedding workers): inference never blocks the
 * Kafka consumer's event loop, and onnxruntime-node sees plain Node typed arrays. Relative imports
 * only: under jest the worker has a TypeScript hook but not jest's module mapper.
 */
async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('classifier.worker must run in a worker thread');
  const model = workerData as ClassifierWorkerModel;
  const reply = (message: ClassifierWorkerReply) => port.postMessage(message);
  let run: (texts: readonly string[]) => Promise<unknown>;
  let dispose: () => Promise<void>;
  try {
    if (model.task === 'text-classification') {
      const classifier = await createTransformersTextClassifier(model);
      run = (texts) => classifier.classify(texts);
      dispose = () => classifier.dispose();
      reply({ type: 'ready', id: classifier.id, labels: classifier.attackLabels });
    } else {
      const recognizer = await createTransformersEntityRecognizer(model);
      run = (texts) => recognizer.recognise(texts);
      dispose = () => recognizer.dispose();
      reply({ type: 'ready', id: recognizer.id, labels: recognizer.entities });
    }
  } catch (error) {
    reply({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
    return;
  }
  port.on('message', (request: ClassifierWorkerRequest) => {
    if (request.type === 'dispose') {
      void dispose().finally(() => port.close());
      return;
    }
    run(request.texts).then(
      (result) => reply({ type: 'result', call: request.call, result }),
      (error: unknown) =>
        reply({
          type: 'error',
          call: request.call,
          message: error instanceof Error ? error.message : String(error),
        }),
    );
  });
}

void main();
