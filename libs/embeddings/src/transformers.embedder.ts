import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { EmbeddingModelError } from './embedding-service';

/** A model-backed embedder: asynchronous, owns native resources until `dispose`. */
export type BatchEmbedder = {
  readonly id: string;
  readonly dimensions: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
};

export type ModelDtype = 'fp32' | 'q8';

export type TransformersEmbedderOptions = {
  /** Model directory: `config.json`, `tokenizer.json`, and `onnx/model.onnx` or `model.onnx`. */
  readonly modelPath: string;
  /** `fp32` (`model.onnx`) or `q8` (`model_quantized.onnx`). Unset: fp32 if present, else q8. */
  readonly dtype?: ModelDtype;
  /** onnxruntime intra-op threads of this session (default 1: the pool's workers are the parallelism). */
  readonly threads?: number;
  /**
   * Characters of each text handed to the tokenizer (default 8192). The model truncates to its
   * `model_max_length` tokens (a few thousand characters) anyway; cutting first keeps a 256 KiB prompt
   * from spending a worker's time on tokens that are thrown away.
   */
  readonly maxCharacters?: number;
};

export const TRANSFORMERS_MAX_CHARACTERS = 8192;
const WEIGHTS_SUFFIX: Readonly<Record<ModelDtype, string>> = { fp32: '', q8: '_quantized' };

type ModelFiles = { directory: string; subfolder: string; dtype: ModelDtype; weights: string };

/**
 * Where the weights are, in the two layouts transformers.js reads: `onnx/model*.onnx` (the layout of
 * exported hub repositories, its default `subfolder`) or `model*.onnx` next to `config.json`.
 */
export function locateModelFiles(modelPath: string, dtype?: ModelDtype): ModelFiles {
  const directory = resolve(modelPath);
  if (!existsSync(join(directory, 'config.json'))) {
    throw new EmbeddingModelError(`no config.json in the model directory ${directory}`);
  }
  if (!existsSync(join(directory, 'tokenizer.json'))) {
    throw new EmbeddingModelError(`no tokenizer.json in the model directory ${directory}`);
  }
  for (const candidate of dtype === undefined ? (['fp32', 'q8'] as const) : [dtype]) {
    for (const subfolder of ['onnx', '']) {
      const weights = join(directory, subfolder, `model${WEIGHTS_SUFFIX[candidate]}.onnx`);
      if (existsSync(weights)) return { directory, subfolder, dtype: candidate, weights };
    }
  }
  const wanted =
    dtype === undefined ? 'model.onnx or model_quantized.onnx' : `model${WEIGHTS_SUFFIX[dtype]}.onnx`;
  throw new EmbeddingModelError(`no ${wanted} in ${directory} or ${join(directory, 'onnx')}`);
}

/** First 12 hex digits of the weights' SHA-256: a swapped model file gets a new provider id. */
async function fingerprint(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex').slice(0, 12);
}

type Transformers = typeof import('@huggingface/transformers');
type TensorLike = {
  readonly dims: readonly number[];
  readonly data: ArrayLike<number | bigint>;
  dispose?: () => void;
};

/**
 * Mean of the token vectors where the attention mask is 1, then L2-normalised: the sentence-transformers
 * pooling of MiniLM/MPNet/BGE-class models. One vector (own buffer) per row.
 */
export function meanPoolAndNormalise(hidden: TensorLike, attentionMask: TensorLike): Float32Array[] {
  const [rows, tokens, width] = hidden.dims;
  const values = hidden.data as ArrayLike<number>;
  const mask = attentionMask.data;
  const vectors: Float32Array[] = [];
  const sum = new Float64Array(width);
  for (let row = 0; row < rows; row++) {
    sum.fill(0);
    let counted = 0;
    for (let token = 0; token < tokens; token++) {
      if (Number(mask[row * tokens + token]) === 0) continue;
      counted++;
      const offset = (row * tokens + token) * width;
      for (let index = 0; index < width; index++) sum[index] += values[offset + index];
    }
    let norm = 0;
    for (let index = 0; index < width; index++) norm += sum[index] * sum[index];
    const vector = new Float32Array(width);
    // The count cancels out in the normalisation; it only matters for an all-padding row (zeros).
    if (counted > 0 && norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let index = 0; index < width; index++) vector[index] = sum[index] * scale;
    }
    vectors.push(vector);
  }
  return vectors;
}
type FeatureExtractor = Awaited<ReturnType<Transformers['pipeline']>>;

/**
 * Loads a local sentence-embedding model with transformers.js (`feature-extraction` pipeline, mean
 * pooling over the attention mask, L2 normalisation) strictly offline: remote models are disabled, so
 * a missing file fails here instead of reaching for the network. The id names the directory, dtype
 * and a fingerprint of the weights: `transformers:all-MiniLM-L6-v2:q8:1a2b3c4d5e6f`.
 */
export async function createTransformersEmbedder(
  options: TransformersEmbedderOptions,
): Promise<BatchEmbedder> {
  const files = locateModelFiles(options.modelPath, options.dtype);
  // Loaded on demand: transformers.js and onnxruntime take a while to import, and most processes that
  // import this library (the detectors) never need them.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const transformers = require('@huggingface/transformers') as Transformers;
  transformers.env.allowRemoteModels = false;
  transformers.env.allowLocalModels = true;
  transformers.env.localModelPath = `${dirname(files.directory)}/`;
  let extractor: FeatureExtractor;
  try {
    // An absolute path is not a hub id, so transformers.js reads it as the model's directory.
    extractor = await transformers.pipeline('feature-extraction', files.directory, {
      local_files_only: true,
      dtype: files.dtype,
      device: 'cpu',
      subfolder: files.subfolder,
      session_options: { intraOpNumThreads: options.threads ?? 1, interOpNumThreads: 1 },
    });
  } catch (error) {
    throw new EmbeddingModelError(`cannot load the model in ${files.directory}: ${String(error)}`, error);
  }
  const maxCharacters = options.maxCharacters ?? TRANSFORMERS_MAX_CHARACTERS;
  // The pipeline's own steps (tokenizer with padding and truncation, then the model), with the pooling
  // done here: transformers.js 4.3's mean_pooling converts the int64 mask per element with a strided
  // walk, 20 ms of a 22 ms batch of 32 texts on the tiny model (measured), ~15% on a MiniLM.
  const pipeline = extractor as unknown as {
    tokenizer: (texts: string[], options: object) => Record<string, unknown> & { attention_mask: TensorLike };
    model: (inputs: Record<string, unknown>) => Promise<Record<string, TensorLike | undefined>>;
  };
  const embed = async (texts: readonly string[]): Promise<Float32Array[]> => {
    if (texts.length === 0) return [];
    const input = texts.map((text) => (text.length > maxCharacters ? text.slice(0, maxCharacters) : text));
    const inputs = pipeline.tokenizer(input, { padding: true, truncation: true });
    const outputs = await pipeline.model(inputs);
    const hidden = outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings;
    if (hidden === undefined || hidden.dims.length !== 3) {
      throw new EmbeddingModelError(`the model in ${files.directory} has no [batch, tokens, dims] output`);
    }
    try {
      return meanPoolAndNormalise(hidden, inputs.attention_mask);
    } finally {
      for (const tensor of Object.values(outputs)) tensor?.dispose?.();
    }
  };
  const [probe] = await embed(['dimension probe']);
  const id = `transformers:${basename(files.directory)}:${files.dtype}:${await fingerprint(files.weights)}`;
  return {
    id,
    dimensions: probe.length,
    embed,
    dispose: async () => {
      await extractor.dispose();
    },
  };
}
