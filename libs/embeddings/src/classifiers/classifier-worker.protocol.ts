import { type ModelDtype } from '../transformers.embedder';

/** The model a classifier worker loads (its `workerData`). */
export type ClassifierWorkerModel = {
  readonly task: 'text-classification' | 'token-classification';
  readonly modelPath: string;
  readonly dtype?: ModelDtype;
  readonly threads?: number;
  readonly attackLabels?: readonly string[];
  readonly entityTypes?: Readonly<Record<string, string>>;
};

export type ClassifierWorkerRequest =
  | { readonly type: 'run'; readonly call: number; readonly texts: readonly string[] }
  | { readonly type: 'dispose' };

export type ClassifierWorkerReply =
  /** `labels`: the attack labels (text classification) or Presidio entities (token classification). */
  | { readonly type: 'ready'; readonly id: string; readonly labels: readonly string[] }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'result'; readonly call: number; readonly result: unknown }
  | { readonly type: 'error'; readonly call: number; readonly message: string };
