import { basename, dirname } from 'node:path';
import { EmbeddingModelError } from '../embedding-service';
import { type ModelDtype, locateModelFiles } from '../transformers.embedder';

/**
 * transformers.js adapters for the detectors' optional models (the `TextClassifierPort` and
 * `EntityRecognizerPort` of libs/detectors/src/models; typed structurally here, since the detectors
 * depend on this library and not the reverse). Strictly offline, like the embedder: a local directory
 * with config.json, tokenizer.json and onnx/model*.onnx.
 */
type Transformers = typeof import('@huggingface/transformers');
type LoadedPipeline = ((input: string[], options?: object) => Promise<unknown>) & {
  dispose(): Promise<void>;
};

export type ClassifierModelOptions = {
  readonly modelPath: string;
  readonly dtype?: ModelDtype;
  readonly threads?: number;
};

export type TextClassifierModel = {
  readonly id: string;
  /** The model's labels counted as an attack. */
  readonly attackLabels: readonly string[];
  classify(texts: readonly string[]): Promise<number[]>;
  dispose(): Promise<void>;
};

export type EntityRecognizerModel = {
  readonly id: string;
  readonly entities: readonly string[];
  recognise(
    texts: readonly string[],
  ): Promise<Array<Array<{ entity: string; score: number; start: number; end: number }>>>;
  dispose(): Promise<void>;
};

/** Label names prompt-injection classifiers use for the attack class (case-insensitive). */
export const DEFAULT_ATTACK_LABELS = ['INJECTION', 'JAILBREAK', 'MALICIOUS', 'UNSAFE', 'ATTACK', 'LABEL_1'];

/** BIO tag types of common NER models → Presidio entity names; other types are ignored. */
export const DEFAULT_ENTITY_TYPES: Readonly<Record<string, string>> = {
  PER: 'PERSON',
  PERSON: 'PERSON',
  LOC: 'LOCATION',
  LOCATION: 'LOCATION',
  GPE: 'LOCATION',
};

async function load(task: string, options: ClassifierModelOptions) {
  const files = locateModelFiles(options.modelPath, options.dtype);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const transformers = require('@huggingface/transformers') as Transformers;
  transformers.env.allowRemoteModels = false;
  transformers.env.allowLocalModels = true;
  transformers.env.localModelPath = `${dirname(files.directory)}/`;
  try {
    const loaded = (await transformers.pipeline(task as 'text-classification', files.directory, {
      local_files_only: true,
      dtype: files.dtype,
      device: 'cpu',
      subfolder: files.subfolder,
      session_options: { intraOpNumThreads: options.threads ?? 1, interOpNumThreads: 1 },
    })) as unknown as LoadedPipeline & { model: { config: { id2label?: Record<string, string> } } };
    const labels = Object.values(loaded.model.config.id2label ?? {});
    return { pipeline: loaded, labels, id: `transformers:${basename(files.directory)}:${files.dtype}` };
  } catch (error) {
    throw new EmbeddingModelError(
      `cannot load the ${task} model in ${files.directory}: ${String(error)}`,
      error,
    );
  }
}

/**
 * A text-classification model as the injection detectors' `classifier` feature: the probability of
 * the attack labels (summed when a model has several, e.g. INJECTION and JAILBREAK). A model with no
 * attack label fails at load, naming its labels, rather than scoring everything 0.
 */
export async function createTransformersTextClassifier(
  options: ClassifierModelOptions & { readonly attackLabels?: readonly string[] },
): Promise<TextClassifierModel> {
  const { pipeline, labels, id } = await load('text-classification', options);
  const wanted = new Set((options.attackLabels ?? DEFAULT_ATTACK_LABELS).map((label) => label.toUpperCase()));
  const attackLabels = labels.filter((label) => wanted.has(label.toUpperCase()));
  if (attackLabels.length === 0) {
    await pipeline.dispose();
    throw new EmbeddingModelError(
      `the classifier in ${options.modelPath} has no attack label (its labels: ${labels.join(', ')}); ` +
        'set the attack labels to the ones meaning injection or jailbreak',
    );
  }
  const attack = new Set(attackLabels);
  return {
    id,
    attackLabels,
    async classify(texts) {
      if (texts.length === 0) return [];
      const output = (await pipeline([...texts], { top_k: null })) as Array<
        Array<{ label: string; score: number }>
      >;
      return output.map((scores) =>
        Math.min(
          1,
          scores.filter((entry) => attack.has(entry.label)).reduce((sum, entry) => sum + entry.score, 0),
        ),
      );
    },
    dispose: () => pipeline.dispose(),
  };
}

type TokenPrediction = { entity: string; score: number; index: number; word: string };

/**
 * A token-classification (NER) model as the pii detector's recogniser of PERSON and LOCATION. Tokens
 * come back without character offsets, so they are aligned on the text (case- and accent-folded, as
 * uncased WordPiece tokenizers see it); B-/I- tags and `##` continuations are merged into spans, scored
 * by their mean token score.
 */
export async function createTransformersEntityRecognizer(
  options: ClassifierModelOptions & { readonly entityTypes?: Readonly<Record<string, string>> },
): Promise<EntityRecognizerModel> {
  const { pipeline, labels, id } = await load('token-classification', options);
  const types = options.entityTypes ?? DEFAULT_ENTITY_TYPES;
  const entities = [
    ...new Set(
      labels.map((label) => types[label.replace(/^[BIES]-/, '')]).filter((name) => name !== undefined),
    ),
  ];
  if (entities.length === 0) {
    await pipeline.dispose();
    throw new EmbeddingModelError(
      `the token classifier in ${options.modelPath} has no PERSON or LOCATION labels (its labels: ${labels.join(', ')})`,
    );
  }
  return {
    id,
    entities,
    async recognise(texts) {
      const results: Array<Array<{ entity: string; score: number; start: number; end: number }>> = [];
      for (const text of texts) {
        // One text per call: the pipeline's batched output of a single-text batch is not nested the same way.
        const tokens = (await pipeline([text])) as TokenPrediction[] | TokenPrediction[][];
        const flat = (Array.isArray(tokens[0]) ? tokens[0] : tokens) as TokenPrediction[];
        results.push(spansOf(text, flat, types));
      }
      return results;
    },
    dispose: () => pipeline.dispose(),
  };
}

/** The text folded like an uncased tokenizer (NFD, marks dropped, lower case), with a map back. */
function foldText(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const piece = text[index].normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    for (let offset = 0; offset < piece.length; offset++) {
      folded += piece[offset];
      origin.push(index);
    }
  }
  origin.push(text.length);
  return { folded, origin };
}

export function spansOf(
  text: string,
  tokens: readonly TokenPrediction[],
  types: Readonly<Record<string, string>>,
): Array<{ entity: string; score: number; start: number; end: number }> {
  const { folded, origin } = foldText(text);
  const spans: Array<{ entity: string; start: number; end: number; scores: number[] }> = [];
  let cursor = 0;
  let previousIndex = -2;
  for (const token of [...tokens].sort((left, right) => left.index - right.index)) {
    const piece = token.word.replace(/^##/, '').toLowerCase();
    const at = piece.length === 0 ? -1 : folded.indexOf(piece, cursor);
    if (at === -1) continue;
    cursor = at + piece.length;
    const tag = token.entity.replace(/^[BIES]-/, '');
    const entity = types[tag];
    const continues =
      spans.length > 0 &&
      spans[spans.length - 1].entity === entity &&
      token.index === previousIndex + 1 &&
      (token.entity.startsWith('I-') || token.word.startsWith('##'));
    previousIndex = token.index;
    if (entity === undefined) continue;
    const start = origin[at];
    const end = origin[at + piece.length - 1] + 1;
    if (continues) {
      const span = spans[spans.length - 1];
      span.end = end;
      span.scores.push(token.score);
    } else {
      spans.push({ entity, start, end, scores: [token.score] });
    }
  }
  return spans.map((span) => ({
    entity: span.entity,
    score: span.scores.reduce((sum, score) => sum + score, 0) / span.scores.length,
    start: span.start,
    end: span.end,
  }));
}
