import { type EmbeddingProvider } from './embedding.provider';

export type HashingEmbedderOptions = {
  /** Vector length (default 512). */
  readonly dimensions?: number;
  /** Characters of each text that are embedded; the rest is ignored (default 16384). */
  readonly maxCharacters?: number;
};

const DEFAULT_DIMENSIONS = 512;
export const HASHING_MAX_CHARACTERS = 16_384;
/** Whole words weigh more than any one of the many character n-grams they contain. */
const WORD_WEIGHT = 2;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_SEED = Math.imul(FNV_OFFSET ^ 0x77, FNV_PRIME);
const SIGN_MIX = 0x2c1b3c6d;
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
  const maxCharacters = options.maxCharacters ?? HASHING_MAX_CHARACTERS;
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
  // Integer counts first (exact, in any order), scaled to floats once: the same vector as summing
  // ±weight into a Float32Array, several times faster on the per-event path.
  const counts = new Int32Array(dimensions);
  const codes = simplify(text.length > maxCharacters ? text.slice(0, maxCharacters) : text);
  const length = codes.length;
  // For a power-of-two length, `hash & mask` is `(hash >>> 0) % dimensions` without the division.
  const mask = (dimensions & (dimensions - 1)) === 0 ? dimensions - 1 : -1;

  // Every character 3-, 4- and 5-gram: one hash, extended a character at a time (unrolled: this loop
  // is the per-event cost of the similarity signal).
  for (let start = 0; start + 3 <= length; start++) {
    let hash = Math.imul(FNV_OFFSET ^ codes[start], FNV_PRIME);
    hash = Math.imul(hash ^ codes[start + 1], FNV_PRIME);
    hash = Math.imul(hash ^ codes[start + 2], FNV_PRIME);
    counts[mask >= 0 ? hash & mask : (hash >>> 0) % dimensions] += signOf(hash);
    if (start + 4 > length) continue;
    hash = Math.imul(hash ^ codes[start + 3], FNV_PRIME);
    counts[mask >= 0 ? hash & mask : (hash >>> 0) % dimensions] += signOf(hash);
    if (start + 5 > length) continue;
    hash = Math.imul(hash ^ codes[start + 4], FNV_PRIME);
    counts[mask >= 0 ? hash & mask : (hash >>> 0) % dimensions] += signOf(hash);
  }

  let hash = WORD_SEED;
  let wordLength = 0;
  for (let position = 0; position <= length; position++) {
    const code = position < length ? codes[position] : 32;
    if (code === 32) {
      if (wordLength > 0) {
        counts[mask >= 0 ? hash & mask : (hash >>> 0) % dimensions] += signOf(hash) * WORD_WEIGHT;
      }
      hash = WORD_SEED;
      wordLength = 0;
    } else {
      hash = Math.imul(hash ^ code, FNV_PRIME);
      wordLength++;
    }
  }

  const vector = new Float32Array(dimensions);
  let norm = 0;
  for (let index = 0; index < dimensions; index++) norm += counts[index] * counts[index];
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let index = 0; index < dimensions; index++) vector[index] = counts[index] * scale;
  }
  return vector;
}

/** A second mix of a feature's hash decides its sign, so the sign is independent of the bucket. */
function signOf(hash: number): number {
  return Math.imul(hash ^ (hash >>> 15), SIGN_MIX) < 0 ? -1 : 1;
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
