import { normaliseForMatching } from '../../normalisation/text.normaliser';
import { DEFAULT_MAX_SCAN_CHARACTERS, scanPieces } from '../scan-pieces';

/**
 * Bag-of-n-grams features of a text for the lexical model: word unigrams and bigrams, and character
 * 3- to 5-grams inside words (padded with a space at each end), hashed into `LEXICAL_BUCKETS` buckets
 * (FNV-1a). Each of the two groups is L2-normalised on its own, so long and short texts compare.
 *
 * The training export (`test/eval/lexical/`) and detection go through the same `countFeatures`, so
 * the shipped weights and the detector can never disagree about what a bucket means.
 */
export const LEXICAL_BUCKETS = 1 << 18;
const BUCKET_MASK = LEXICAL_BUCKETS - 1;
/** Longer texts are featurised on their first this many characters (bounded cost per event). */
const MAX_CHARACTERS = 8_192;
const WORD = /[a-z0-9']+/g;
const MIN_CHARACTER_GRAM = 3;
const MAX_CHARACTER_GRAM = 5;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Keeps word and character features in different hash streams. */
const WORD_SEED = 0x9e3779b1;
const CHARACTER_SEED = 0x85ebca6b;
const SPACE = 0x20;

/**
 * Counts per bucket, reused between calls (detection is synchronous): `counts[b]` for the touched
 * buckets listed in `touched`, per group. Reset after each text.
 */
type Group = { counts: Int32Array; touched: Int32Array; size: number };
const groups: [Group, Group] = [newGroup(), newGroup()];

function newGroup(): Group {
  return { counts: new Int32Array(LEXICAL_BUCKETS), touched: new Int32Array(4096), size: 0 };
}

function add(group: Group, hash: number): void {
  const bucket = hash & BUCKET_MASK;
  if (group.counts[bucket]++ === 0) {
    if (group.size === group.touched.length) {
      const grown = new Int32Array(group.touched.length * 2);
      grown.set(group.touched);
      group.touched = grown;
    }
    group.touched[group.size++] = bucket;
  }
}

function hashWord(word: string, from = FNV_OFFSET ^ WORD_SEED): number {
  let value = from;
  for (let index = 0; index < word.length; index++)
    value = Math.imul(value ^ word.charCodeAt(index), FNV_PRIME);
  return value;
}

/**
 * Text as the features see it in detection: the normalised first piece the injection analyser scans
 * (its `head`, at the default scan size), of which `countFeatures` reads the first `MAX_CHARACTERS`.
 * Training exports go through here, so a bucket's weight was learnt on what detection counts.
 */
export function lexicalText(text: string): string {
  return normaliseForMatching(scanPieces(text, DEFAULT_MAX_SCAN_CHARACTERS)[0].text).text;
}

/** Fills the two groups with the word and character n-gram counts of normalised text. */
function countFeatures(normalised: string): void {
  const folded = normalised.length > MAX_CHARACTERS ? normalised.slice(0, MAX_CHARACTERS) : normalised;
  const [words, characters] = groups;
  let previous: string | undefined;
  WORD.lastIndex = 0;
  for (let found = WORD.exec(folded); found !== null; found = WORD.exec(folded)) {
    const word = found[0];
    add(words, hashWord(word));
    if (previous !== undefined) add(words, hashWord(word, Math.imul(hashWord(previous) ^ SPACE, FNV_PRIME)));
    previous = word;
    // Character n-grams of " word ": from each start, extend one character at a time and emit at 3, 4, 5.
    const length = word.length + 2;
    for (let start = 0; start + MIN_CHARACTER_GRAM <= length; start++) {
      let value = FNV_OFFSET ^ CHARACTER_SEED;
      for (let size = 1; size <= MAX_CHARACTER_GRAM && start + size <= length; size++) {
        const position = start + size - 1;
        const code = position === 0 || position === length - 1 ? SPACE : word.charCodeAt(position - 1);
        value = Math.imul(value ^ code, FNV_PRIME);
        if (size >= MIN_CHARACTER_GRAM) add(characters, value);
      }
    }
  }
}

function reset(): void {
  for (const group of groups) {
    for (let index = 0; index < group.size; index++) group.counts[group.touched[index]] = 0;
    group.size = 0;
  }
}

function norm(group: Group): number {
  let squares = 0;
  for (let index = 0; index < group.size; index++) {
    const count = group.counts[group.touched[index]];
    squares += count * count;
  }
  return Math.sqrt(squares);
}

/**
 * `bias + w·x` under `weights` (one per bucket): the lexical model's logit, for text already passed
 * through `normaliseForMatching` (the injection analyser has it at hand; see `lexicalText`).
 */
export function lexicalLogit(normalised: string, weights: Float32Array, bias: number): number {
  countFeatures(normalised);
  let logit = bias;
  for (const group of groups) {
    const groupNorm = norm(group);
    if (groupNorm === 0) continue;
    let sum = 0;
    for (let index = 0; index < group.size; index++) {
      const bucket = group.touched[index];
      sum += weights[bucket] * group.counts[bucket];
    }
    logit += sum / groupNorm;
  }
  reset();
  return logit;
}

export type SparseFeatures = { readonly indices: Uint32Array; readonly values: Float32Array };

/** The same features as a sparse vector (buckets ascending), for the training export. */
export function lexicalFeatures(text: string): SparseFeatures {
  countFeatures(lexicalText(text));
  const combined = new Map<number, number>();
  for (const group of groups) {
    const groupNorm = norm(group);
    for (let index = 0; index < group.size; index++) {
      const bucket = group.touched[index];
      combined.set(bucket, (combined.get(bucket) ?? 0) + group.counts[bucket] / groupNorm);
    }
  }
  reset();
  const indices = Uint32Array.from([...combined.keys()].sort((left, right) => left - right));
  const values = Float32Array.from(indices, (bucket) => combined.get(bucket) ?? 0);
  return { indices, values };
}
