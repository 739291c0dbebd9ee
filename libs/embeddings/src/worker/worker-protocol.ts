import { type ModelDtype } from '../transformers.embedder';

/** The model a worker loads (its `workerData`). */
export type WorkerModel =
  | {
      readonly kind: 'transformers';
      readonly modelPath: string;
      readonly dtype?: ModelDtype;
      readonly threads?: number;
    }
  | { readonly kind: 'hashing'; readonly dimensions?: number };

export type WorkerRequest =
  | { readonly type: 'embed'; readonly batch: number; readonly texts: readonly string[] }
  | { readonly type: 'dispose' };

export type WorkerReply =
  | { readonly type: 'ready'; readonly id: string; readonly dimensions: number }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'vectors'; readonly batch: number; readonly vectors: Float32Array[] }
  | { readonly type: 'error'; readonly batch: number; readonly message: string };
