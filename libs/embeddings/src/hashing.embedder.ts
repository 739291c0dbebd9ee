import { type EmbeddingProvider } from './embedding.provider';

export type HashingEmbedderOptions = {
  /** Vector length (default 512). */
  readonly dimensions?: number;
  /** Characters of each text that are embedded; the rest is ignored (default 16384). */
  readonly maxCharacters?: number;
};

const DEFAULT_DIMENSIONS = 512;
const DEFAULT_MAX_CHARACTERS = 16_384;
const MIN_NGRAM = 3;
const MAX_NGRAM = 5;
/** Whole words weigh more than any one of the many character n-grams they contain. */
const WORD_WEIGHT = 2;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_SEED = Math.imul(FNV_OFFSET ^ 0x77, FNV_PRIME);
const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * The fallback embedder: deterministic, dependency-free, no model. Features are the character 3-, 4-
 * and 5-grams of the lower-cased text (non-alphanumeric runs read as one space, so n-grams span word
 * boundaries) and its words, hashed into `dimensions` buckets with a hashed sign (so collisions
 * cancel out on average rather than pile up), then L2-normalised. Texts that share phrasing and
 * spelling land close together; it knows nothing of synonyms, which is what a model provider adds.
 */
export function createHashingEmbedder(options: HashingEmbedderOptions = {}): EmbeddingProvider {
  const dimensions = options.dimensions ?? DEFAULT_DIMENSIONS;
  const maxCharacters = options.maxCharacters ?? DEFAULT_MAX_CHARACTERS;
  if (!Number.isInteger(dimensions) || dimensions < 8) {
    throw new RangeError(`dimensions must be an integer of at least 8, got ${dimensions}`);
  }
  return {
    id: `hashing-ngram-v1-${dimensions}`,
    dimensions,
    embed: (texts) => texts.map((text) => embedOne(text, dimensions, maxCharacters)),
  };
}

function embedOne(text: string, dimensions: number, maxCharacters: number): Float32Array {
  const vector = new Float32Array(dimensions);
  const codes = simplify(text.length > maxCharacters ? text.slice(0, maxCharacters) : text);
  const length = codes.length;

  for (let start = 0; start + MIN_NGRAM <= length; start++) {
    let hash = FNV_OFFSET;
    const last = Math.min(length, start + MAX_NGRAM);
    for (let position = start; position < last; position++) {
      hash = Math.imul(hash ^ codes[position], FNV_PRIME);
      if (position - start + 1 >= MIN_NGRAM) add(vector, hash, 1);
    }
  }

  let hash = WORD_SEED;
  let wordLength = 0;
  for (let position = 0; position <= length; position++) {
    const code = position < length ? codes[position] : 32;
    if (code === 32) {
      if (wordLength > 0) add(vector, hash, WORD_WEIGHT);
      hash = WORD_SEED;
      wordLength = 0;
    } else {
      hash = Math.imul(hash ^ code, FNV_PRIME);
      wordLength++;
    }
  }

  let norm = 0;
  for (let index = 0; index < dimensions; index++) norm += vector[index] * vector[index];
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let index = 0; index < dimensions; index++) vector[index] *= scale;
  }
  return vector;
}

function add(vector: Float32Array, hash: number, weight: number): void {
  // A second mix decides the sign, so it is independent of the bucket.
  const mixed = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
  const bucket = (hash >>> 0) % vector.length;
  vector[bucket] += (mixed & 0x80000000) === 0 ? weight : -weight;
}

/** Lower case, letters and digits kept, every other run one space, padded with a space each side. */
function simplify(text: string): Uint16Array {
  const lower = text.toLowerCase();
  const codes = new Uint16Array(lower.length + 2);
  let size = 0;
  codes[size++] = 32;
  for (let index = 0; index < lower.length; index++) {
    const code = lower.charCodeAt(index);
    const isWord =
      (code >= 97 && code <= 122) ||
      (code >= 48 && code <= 57) ||
      (code >= 0x80 && WORD_CHARACTER.test(lower[index]));
    if (isWord) codes[size++] = code;
    else if (codes[size - 1] !== 32) codes[size++] = 32;
  }
  if (codes[size - 1] !== 32) codes[size++] = 32;
  return codes.subarray(0, size);
}
