import modelFile from '../data/lexical-model.json';
import { LEXICAL_BUCKETS, lexicalLogit, lexicalText } from './lexical-features';

/**
 * The lexical model: logistic regression over the hashed n-grams of `lexicalFeatures`, trained by
 * `test/eval/lexical/train.py` (data and provenance in `data/lexical-model.json`). It reads phrasing
 * the rule library has no rule for; the injection scorer weighs its probability as one more feature.
 */
export type LexicalModel = {
  probability(text: string): number;
  /** The same, for text already normalised by `normaliseForMatching`. */
  probabilityOfNormalised(normalised: string): number;
};

type ModelFile = {
  readonly buckets: number;
  readonly bias: number;
  readonly indices: string;
  readonly weights: string;
};

let shipped: LexicalModel | undefined;

/** The shipped model, decoded once (a 1 MiB dense weight array). */
export function shippedLexicalModel(): LexicalModel {
  shipped ??= decodeLexicalModel(modelFile);
  return shipped;
}

export function decodeLexicalModel(file: ModelFile): LexicalModel {
  if (file.buckets !== LEXICAL_BUCKETS) {
    throw new Error(`lexical model has ${file.buckets} buckets, the featuriser ${LEXICAL_BUCKETS}`);
  }
  const indexBytes = Buffer.from(file.indices, 'base64');
  const weightBytes = Buffer.from(file.weights, 'base64');
  const indices = new Uint32Array(indexBytes.buffer, indexBytes.byteOffset, indexBytes.byteLength / 4);
  const sparse = new Float32Array(weightBytes.buffer, weightBytes.byteOffset, weightBytes.byteLength / 4);
  if (indices.length !== sparse.length)
    throw new Error('lexical model: indices and weights differ in length');
  const weights = new Float32Array(LEXICAL_BUCKETS);
  for (let position = 0; position < indices.length; position++) weights[indices[position]] = sparse[position];
  const bias = file.bias;
  return {
    probability(text) {
      return 1 / (1 + Math.exp(-lexicalLogit(lexicalText(text), weights, bias)));
    },
    probabilityOfNormalised(normalised) {
      return 1 / (1 + Math.exp(-lexicalLogit(normalised, weights, bias)));
    },
  };
}
