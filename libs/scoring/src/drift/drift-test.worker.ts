import { parentPort } from 'node:worker_threads';
import { type DriftRunOptions, testDriftSeries } from './drift.run';
import { DriftInputError } from './vectors';

/** A sample as one flat Float32Array (transferred, not copied) and its row length. */
export type PackedSample = { readonly values: Float32Array<ArrayBuffer>; readonly columns: number };

export type DriftTestRequest = {
  readonly id: number;
  readonly reference: PackedSample;
  readonly current: PackedSample;
  readonly currentTexts?: readonly string[];
  readonly options: DriftRunOptions;
};

export function unpack(sample: PackedSample): Float32Array[] {
  const rows = sample.values.length / sample.columns;
  return Array.from({ length: rows }, (_, row) =>
    sample.values.subarray(row * sample.columns, (row + 1) * sample.columns),
  );
}

// One drift test per message, on this worker's own thread (see drift-test.pool.ts).
parentPort?.on('message', (request: DriftTestRequest) => {
  try {
    const test = testDriftSeries(
      {
        key: request.id,
        reference: unpack(request.reference),
        current: unpack(request.current),
        currentTexts: request.currentTexts,
      },
      request.options,
    );
    parentPort?.postMessage({ id: request.id, result: test.result, examples: test.examples });
  } catch (error) {
    parentPort?.postMessage({
      id: request.id,
      error: {
        message: error instanceof Error ? error.message : String(error),
        code: error instanceof DriftInputError ? error.code : undefined,
      },
    });
  }
});
