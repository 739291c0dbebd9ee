import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { type DriftTestResult } from './drift.analysis';
import { type DriftExample } from './drift.explanation';
import {
  type DriftRunOptions,
  type DriftSeriesInput,
  type DriftSeriesTest,
  testDriftSeries,
} from './drift.run';
import { type DriftTestRequest, type PackedSample } from './drift-test.worker';
import { DriftInputError, type DriftInputErrorCode, type Sample } from './vectors';

/** Runs drift tests, on worker threads or (size 0) on the calling thread. */
export type DriftTester = {
  /** Tests that can run at once: the caller keeps at most this many in flight. */
  readonly size: number;
  test<Key>(input: DriftSeriesInput<Key>, options: DriftRunOptions): Promise<DriftSeriesTest<Key>>;
  close(): Promise<void>;
};

type Reply = {
  id: number;
  result?: DriftTestResult;
  examples?: DriftExample[];
  error?: { message: string; code?: DriftInputErrorCode };
};

/**
 * A drift test is seconds of pure CPU at the analyzer's sample sizes (the N² kernel and the
 * permutations). Worker threads run several at once on a multi-core box and keep the event loop of a
 * process that also hosts ingest or the API free. `size` 0 gives the in-thread tester (tests, CLI).
 */
export function createDriftTester(size: number): DriftTester {
  if (size <= 0) {
    return {
      size: 1,
      // In an executor, so a bad sample rejects the promise instead of throwing at the caller.
      test: (input, options) => new Promise((resolve) => resolve(testDriftSeries(input, options))),
      close: () => Promise.resolve(),
    };
  }
  const idle: Worker[] = [];
  const waiting: ((worker: Worker) => void)[] = [];
  const workers = Array.from({ length: size }, () => spawnWorker());
  idle.push(...workers);
  let nextId = 0;
  const acquire = () =>
    new Promise<Worker>((resolve) => {
      const worker = idle.pop();
      if (worker !== undefined) resolve(worker);
      else waiting.push(resolve);
    });
  const release = (worker: Worker) => {
    const next = waiting.shift();
    if (next !== undefined) next(worker);
    else idle.push(worker);
  };
  return {
    size,
    async test<Key>(input: DriftSeriesInput<Key>, options: DriftRunOptions): Promise<DriftSeriesTest<Key>> {
      const worker = await acquire();
      const id = (nextId += 1);
      try {
        const reference = pack(input.reference);
        const current = pack(input.current);
        const request: DriftTestRequest = {
          id,
          reference,
          current,
          currentTexts: input.currentTexts,
          options,
        };
        const reply = await new Promise<Reply>((resolve, reject) => {
          const onMessage = (message: Reply) => {
            if (message.id !== id) return;
            worker.off('message', onMessage);
            worker.off('error', onError);
            resolve(message);
          };
          const onError = (error: Error) => {
            worker.off('message', onMessage);
            reject(error);
          };
          worker.on('message', onMessage);
          worker.once('error', onError);
          worker.postMessage(request, [reference.values.buffer, current.values.buffer]);
        });
        if (reply.error !== undefined) {
          throw reply.error.code === undefined
            ? new Error(reply.error.message)
            : new DriftInputError(reply.error.code, reply.error.message);
        }
        return { key: input.key, result: reply.result!, examples: reply.examples ?? [] };
      } finally {
        release(worker);
      }
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}

/** Copies a sample into one transferable array; every vector must have the first one's length. */
function pack(sample: Sample): PackedSample {
  const columns = sample[0]?.length ?? 0;
  const values = new Float32Array(sample.length * columns);
  sample.forEach((vector, row) => {
    if (vector.length !== columns) {
      throw new DriftInputError(
        'mixed_dimensions',
        `vector ${row + 1} has ${vector.length} dimensions, expected ${columns}`,
      );
    }
    values.set(vector, row * columns);
  });
  return { values, columns: Math.max(columns, 1) };
}

/** Same loading rule as the embedding workers: `.js` when built, `.ts` through SWC under jest/bench. */
function spawnWorker(): Worker {
  const typescript = __filename.endsWith('.ts');
  const file = join(__dirname, `drift-test.worker${typescript ? '.ts' : '.js'}`);
  if (!typescript) return new Worker(file);
  const swc = require.resolve('@swc/core');
  const hook = `
    const { readFileSync } = require('node:fs');
    const { transformSync } = require(${JSON.stringify(swc)});
    require.extensions['.ts'] = (module, filename) => {
      const { code } = transformSync(readFileSync(filename, 'utf8'), {
        filename, jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' },
      });
      module._compile(code, filename);
    };
    require(${JSON.stringify(file)});`;
  return new Worker(hook, { eval: true });
}
