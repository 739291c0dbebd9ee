/**
 * Winnowing fingerprints over normalised word shingles (Schleimer, Wilkerson & Aiken, SIGMOD 2003).
 *
 * Text is read as words: maximal runs of Unicode letters and digits, lower-cased, so whitespace, case
 * and punctuation changes do not change the fingerprints. Each word is hashed (FNV-1a, 32 bits); each
 * run of `k` consecutive words (a shingle) gets a polynomial hash of its word hashes, finalised with
 * murmur3's mixer. A document keeps, of every window of `w` consecutive shingles, the one with the
 * smallest hash (the rightmost on ties), so at least one shingle in any `w` consecutive ones is kept
 * and consecutive kept shingles are at most `w` positions apart.
 *
 * Guarantee: a span of `w + k − 1` or more words shared by a document and an output contains a whole
 * window of the document, hence a kept shingle, which the output (all of whose shingles are looked up)
 * also has. See `winnowingParameters` for how `k` and `w` follow from the policy's `min_words`.
 */

export type WinnowingParameters = {
  /** Words per shingle. */
  readonly k: number;
  /** Shingles per winnowing window. */
  readonly w: number;
};

/**
 * For a policy threshold of N words: k = ⌈N/2⌉ and w = ⌊N/4⌋ (at least 1), so w + k − 1 ≤ N (every
 * copy of N words shares a kept shingle) and w ≤ k (matched shingles at most w apart overlap, so a
 * chain of them is one contiguous copied span). For N = 50: k = 25, w = 12, density ≈ 2/(w+1) ≈ 15%
 * of a document's shingles kept.
 */
export function winnowingParameters(minWords: number): WinnowingParameters {
  const k = Math.ceil(minWords / 2);
  const w = Math.max(1, Math.floor(minWords / 4));
  return { k, w };
}

/**
 * Shortest chained span the detector reports for a threshold of N words. A copy of N words has a kept
 * shingle within its first w shingles and one within its last w, at most w apart from each other in
 * between, so the chain it yields spans at least N − 2(w − 1) words: reporting from that length catches
 * every copy of N words. A chain is a lower bound of the real copy, so copies shorter than this length
 * are never reported.
 */
export function reportableSpan(minWords: number): number {
  const { k, w } = winnowingParameters(minWords);
  return Math.max(k, minWords - 2 * (w - 1));
}

// Globals are hoisted into module constants: a test runner's VM context makes each global lookup in
// a hot loop slow (jest), and the loops below run once per word.
const imul = Math.imul;
const BASE = 0x01000193;
const FNV_OFFSET = 0x811c9dc5;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

export type WordHashes = { hashes: Uint32Array; starts: Uint32Array; ends: Uint32Array };

/**
 * Word hashes of a text, at most `maxWords`, with their offsets: a word is a maximal run of Unicode
 * letters and digits, hashed lower-cased (FNV-1a). One pass, no per-word strings for ASCII text.
 */
export function wordHashes(text: string, maxWords = Number.POSITIVE_INFINITY): WordHashes {
  let capacity = Math.max(16, Math.min(maxWords, 1024));
  let hashes: Uint32Array = new Uint32Array(capacity);
  let starts: Uint32Array = new Uint32Array(capacity);
  let ends: Uint32Array = new Uint32Array(capacity);
  let count = 0;
  let hash = FNV_OFFSET;
  let start = -1;
  const close = (end: number) => {
    if (count === capacity) {
      capacity *= 2;
      hashes = grow(hashes, capacity);
      starts = grow(starts, capacity);
      ends = grow(ends, capacity);
    }
    hashes[count] = hash >>> 0;
    starts[count] = start;
    ends[count++] = end;
    hash = FNV_OFFSET;
    start = -1;
  };
  for (let index = 0; index < text.length && count < maxWords; index++) {
    let code = text.charCodeAt(index);
    if (code < 128) {
      if ((code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90)) {
        if (start === -1) start = index;
        if (code <= 90 && code >= 65) code |= 32;
        hash = imul(hash ^ code, BASE);
      } else if (start !== -1) close(index);
      continue;
    }
    const point = text.codePointAt(index) ?? code;
    const character = String.fromCodePoint(point);
    if (LETTER_OR_DIGIT.test(character)) {
      if (start === -1) start = index;
      const lower = character.toLowerCase();
      for (let at = 0; at < lower.length; at++) hash = imul(hash ^ lower.charCodeAt(at), BASE);
    } else if (start !== -1) close(index);
    if (point > 0xffff) index++;
  }
  if (start !== -1 && count < maxWords) close(text.length);
  return {
    hashes: hashes.subarray(0, count),
    starts: starts.subarray(0, count),
    ends: ends.subarray(0, count),
  };
}

function grow(array: Uint32Array, capacity: number): Uint32Array {
  const grown = new Uint32Array(capacity);
  grown.set(array);
  return grown;
}

/** Hash of every shingle of `k` words: element i covers words [i, i + k). Empty when fewer words. */
export function shingleHashes(words: Uint32Array, k: number): Uint32Array {
  const count = words.length - k + 1;
  if (count <= 0) return new Uint32Array(0);
  const result = new Uint32Array(count);
  let top = 1; // BASE^(k-1) mod 2^32
  for (let index = 1; index < k; index++) top = imul(top, BASE);
  let rolling = 0;
  for (let index = 0; index < k; index++) rolling = (imul(rolling, BASE) + (words[index] ?? 0)) | 0;
  result[0] = mix(rolling);
  for (let index = 1; index < count; index++) {
    rolling = (rolling - imul(words[index - 1] ?? 0, top)) | 0;
    rolling = (imul(rolling, BASE) + (words[index + k - 1] ?? 0)) | 0;
    result[index] = mix(rolling);
  }
  return result;
}

/** murmur3 fmix32: spreads the polynomial hash so window minima are not biased by word order. */
function mix(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * Robust winnowing: the smallest hash of each window of `w` shingles (rightmost on ties), each kept
 * position once. Linear (monotone deque). Texts shorter than one window keep their minimum.
 */
export function winnow(shingles: Uint32Array, w: number): Uint32Array {
  if (shingles.length === 0) return new Uint32Array(0);
  const window = Math.min(w, shingles.length);
  const deque = new Int32Array(shingles.length);
  let head = 0;
  let tail = 0;
  const kept: number[] = [];
  let lastKept = -1;
  for (let index = 0; index < shingles.length; index++) {
    const value = shingles[index] ?? 0;
    while (tail > head && (shingles[deque[tail - 1] ?? 0] ?? 0) >= value) tail--;
    deque[tail++] = index;
    if ((deque[head] ?? 0) <= index - window) head++;
    if (index >= window - 1) {
      const selected = deque[head] ?? 0;
      if (selected !== lastKept) {
        kept.push(shingles[selected] ?? 0);
        lastKept = selected;
      }
    }
  }
  return Uint32Array.from(kept);
}
