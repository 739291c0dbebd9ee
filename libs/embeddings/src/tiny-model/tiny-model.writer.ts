import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type GraphNode, type Initializer, encodeOnnxModel } from './onnx-graph';
import { buildVocabulary, tokenizerFiles } from './wordpiece-tokenizer';

/**
 * Tiny models in the transformers.js directory layout, generated here because model hubs are not
 * reachable from CI: they exercise the real loading path (config, tokenizer, onnxruntime session,
 * pipeline post-processing) in milliseconds. Their numbers mean nothing; only their shapes do.
 *
 *   feature-extraction   input_ids → Gather(embedding table) → last_hidden_state [batch, seq, dim]
 *   text-classification  … → ReduceMean over seq → MatMul + Add → logits [batch, labels]
 *   token-classification … → MatMul + Add per token → logits [batch, seq, labels]
 */
export type TinyModelTask = 'feature-extraction' | 'text-classification' | 'token-classification';

export type TinyModelOptions = {
  readonly task?: TinyModelTask;
  /** Vector size (default 32). */
  readonly dimensions?: number;
  /** Seed of the weights: the same seed writes byte-identical files (default 1). */
  readonly seed?: number;
  /** Also write `model_quantized.onnx` (uint8 table + DequantizeLinear), read with dtype `q8` (default true). */
  readonly quantized?: boolean;
  /** Labels of the classifiers (defaults: `SAFE, INJECTION` and `O, B-PER, I-PER, B-LOC, I-LOC`). */
  readonly labels?: readonly string[];
  /** Longest token sequence; longer input is truncated by the tokenizer (default 128). */
  readonly maxLength?: number;
};

export type TinyModel = {
  readonly directory: string;
  readonly task: TinyModelTask;
  readonly dimensions: number;
  readonly vocabularySize: number;
  readonly labels: readonly string[];
};

const DEFAULT_LABELS: Readonly<Record<TinyModelTask, readonly string[]>> = {
  'feature-extraction': [],
  'text-classification': ['SAFE', 'INJECTION'],
  'token-classification': ['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC'],
};

const ARCHITECTURE: Readonly<Record<TinyModelTask, string>> = {
  'feature-extraction': 'BertModel',
  'text-classification': 'BertForSequenceClassification',
  'token-classification': 'BertForTokenClassification',
};

/**
 * Writes `config.json`, `tokenizer.json`, `tokenizer_config.json` and `onnx/model.onnx` (and
 * `onnx/model_quantized.onnx`) into `directory`, creating it. Deterministic for given options.
 * Load it with `pipeline(task, directory)` through `createTransformersEmbedder` or directly.
 */
export function writeTinyModel(directory: string, options: TinyModelOptions = {}): TinyModel {
  const task = options.task ?? 'feature-extraction';
  const dimensions = options.dimensions ?? 32;
  const labels = options.labels ?? DEFAULT_LABELS[task];
  const maxLength = options.maxLength ?? 128;
  if (!Number.isInteger(dimensions) || dimensions < 2) throw new RangeError('dimensions must be ≥ 2');
  const vocabulary = buildVocabulary();
  const random = seededRandom(options.seed ?? 1);
  const table = embeddingTable(vocabulary.length, dimensions, random);
  const typeTable = tokenTypeTable(dimensions, options.seed ?? 1);

  const head: Initializer[] = [];
  if (task !== 'feature-extraction') {
    if (labels.length < 2) throw new RangeError('a classifier needs at least two labels');
    head.push({
      name: 'classifier.weight',
      dims: [dimensions, labels.length],
      values: new Float32Array(dimensions * labels.length).map(() => random() * 2 - 1),
    });
    head.push({
      name: 'classifier.bias',
      dims: [labels.length],
      values: new Float32Array(labels.length).map(() => random() * 0.2 - 0.1),
    });
  }

  mkdirSync(join(directory, 'onnx'), { recursive: true });
  const files = tokenizerFiles(vocabulary, maxLength);
  writeFileSync(join(directory, 'tokenizer.json'), `${JSON.stringify(files.tokenizer)}\n`);
  writeFileSync(join(directory, 'tokenizer_config.json'), `${JSON.stringify(files.config, null, 2)}\n`);
  writeFileSync(
    join(directory, 'config.json'),
    `${JSON.stringify(modelConfig(task, dimensions, vocabulary.length, labels, maxLength), null, 2)}\n`,
  );
  writeFileSync(
    join(directory, 'onnx', 'model.onnx'),
    encodeOnnxModel(graph(task, labels, dimensions, { name: 'embeddings.weight', table }, typeTable, head)),
  );
  if (options.quantized ?? true) {
    writeFileSync(
      join(directory, 'onnx', 'model_quantized.onnx'),
      encodeOnnxModel(graph(task, labels, dimensions, quantise(table), typeTable, head)),
    );
  }
  return { directory, task, dimensions, vocabularySize: vocabulary.length, labels };
}

function embeddingTable(rows: number, dimensions: number, random: () => number): Float32Array {
  // [PAD] gets a vector like any token, as padding positions do in a real model's output: pooling that
  // ignored the attention mask would show.
  return new Float32Array(rows * dimensions).map(() => random() * 2 - 1);
}

/** Its own generator, so adding token types left the word table and classifier weights unchanged. */
function tokenTypeTable(dimensions: number, seed: number): Float32Array {
  const random = seededRandom(seed ^ 0x9e3779b9);
  return new Float32Array(2 * dimensions).map(() => random() * 2 - 1);
}

/**
 * The fp32 embedding table `writeTinyModel` writes for these options (row = token id): lets a test
 * compute the exact vector a text must get (mean of its tokens' rows, normalised) without the model.
 */
export function tinyModelEmbeddingTable(options: Pick<TinyModelOptions, 'dimensions' | 'seed'> = {}): {
  table: Float32Array;
  tokenTypes: Float32Array;
  dimensions: number;
} {
  const dimensions = options.dimensions ?? 32;
  const rows = buildVocabulary().length;
  return {
    table: embeddingTable(rows, dimensions, seededRandom(options.seed ?? 1)),
    tokenTypes: tokenTypeTable(dimensions, options.seed ?? 1),
    dimensions,
  };
}

type Table = { name: 'embeddings.weight'; table: Float32Array } | QuantisedTable;
type QuantisedTable = { name: 'embeddings.weight_quantized'; table: Uint8Array; scale: number };

/** Per-tensor asymmetric uint8 quantisation, the scheme of onnxruntime's dynamic quantiser. */
function quantise(table: Float32Array): QuantisedTable {
  let largest = 0;
  for (const value of table) largest = Math.max(largest, Math.abs(value));
  const scale = (largest || 1) / 127;
  const quantised = new Uint8Array(table.length);
  for (let index = 0; index < table.length; index++) {
    quantised[index] = Math.max(0, Math.min(255, Math.round(table[index] / scale) + 128));
  }
  return { name: 'embeddings.weight_quantized', table: quantised, scale };
}

function graph(
  task: TinyModelTask,
  labels: readonly string[],
  dimensions: number,
  embeddings: Table,
  typeTable: Float32Array,
  head: readonly Initializer[],
) {
  const rows = embeddings.table.length / dimensions;
  const initializers: Initializer[] = [
    { name: embeddings.name, dims: [rows, dimensions], values: embeddings.table },
  ];
  const nodes: GraphNode[] = [];
  const hidden = task === 'feature-extraction' ? 'last_hidden_state' : 'hidden';
  const words = 'word_embeddings';
  if (embeddings.name === 'embeddings.weight_quantized') {
    initializers.push(
      { name: 'embeddings.scale', dims: [], values: new Float32Array([embeddings.scale]) },
      { name: 'embeddings.zero_point', dims: [], values: new Uint8Array([128]) },
    );
    nodes.push(
      { opType: 'Gather', inputs: [embeddings.name, 'input_ids'], outputs: ['hidden_quantized'] },
      {
        opType: 'DequantizeLinear',
        inputs: ['hidden_quantized', 'embeddings.scale', 'embeddings.zero_point'],
        outputs: [words],
      },
    );
  } else {
    nodes.push({ opType: 'Gather', inputs: [embeddings.name, 'input_ids'], outputs: [words] });
  }
  // BERT's three inputs, as a real export declares them, so transformers.js feeds the tiny model the way
  // it feeds MiniLM: token types add their own vector; the attention mask is an input the graph does
  // not read (pooling applies it).
  initializers.push({ name: 'token_type_embeddings.weight', dims: [2, dimensions], values: typeTable });
  nodes.push(
    {
      opType: 'Gather',
      inputs: ['token_type_embeddings.weight', 'token_type_ids'],
      outputs: ['type_embeddings'],
    },
    { opType: 'Add', inputs: [words, 'type_embeddings'], outputs: [hidden] },
  );
  let output = { name: 'last_hidden_state', shape: ['batch', 'sequence', dimensions] as (number | string)[] };
  if (task === 'text-classification') {
    nodes.push(
      { opType: 'ReduceMean', inputs: [hidden], outputs: ['pooled'], attributes: { axes: [1], keepdims: 0 } },
      { opType: 'MatMul', inputs: ['pooled', 'classifier.weight'], outputs: ['scores'] },
      { opType: 'Add', inputs: ['scores', 'classifier.bias'], outputs: ['logits'] },
    );
    output = { name: 'logits', shape: ['batch', labels.length] };
  } else if (task === 'token-classification') {
    nodes.push(
      { opType: 'MatMul', inputs: [hidden, 'classifier.weight'], outputs: ['scores'] },
      { opType: 'Add', inputs: ['scores', 'classifier.bias'], outputs: ['logits'] },
    );
    output = { name: 'logits', shape: ['batch', 'sequence', labels.length] };
  }
  return {
    name: `argus_tiny_${task.replace('-', '_')}`,
    nodes,
    initializers: [...initializers, ...head],
    inputs: ['input_ids', 'attention_mask', 'token_type_ids'].map((name) => ({
      name,
      element: 'int64' as const,
      shape: ['batch', 'sequence'],
    })),
    outputs: [{ ...output, element: 'float' as const }],
  };
}

function modelConfig(
  task: TinyModelTask,
  dimensions: number,
  vocabularySize: number,
  labels: readonly string[],
  maxLength: number,
) {
  const labelMaps =
    labels.length === 0
      ? {}
      : {
          id2label: Object.fromEntries(labels.map((label, index) => [String(index), label])),
          label2id: Object.fromEntries(labels.map((label, index) => [label, index])),
        };
  return {
    _comment: 'Tiny generated test model (libs/embeddings/src/tiny-model): random weights, no meaning.',
    model_type: 'bert',
    architectures: [ARCHITECTURE[task]],
    hidden_size: dimensions,
    vocab_size: vocabularySize,
    max_position_embeddings: maxLength,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    ...labelMaps,
  };
}

/** mulberry32: a small, well-known seeded generator; the weights only need to be reproducible. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
