import { createHash } from 'node:crypto';

const MAX_PROMPT_WORDS = 10_000;
const MAX_WORD_LENGTH = 64;
const NON_ASCII_WORD = /[\p{L}\p{N}]/u;

export type Word = { text: string; start: number; end: number };

/**
 * Words compared case-insensitively, without punctuation, so reformatting does not hide a copy. A plain
 * character loop (a Unicode-property regex only for non-ASCII characters) keeps long texts cheap.
 */
export function words(text: string, limit: number): Word[] {
  const result: Word[] = [];
  let start = -1;
  for (let index = 0; index <= text.length && result.length < limit; index++) {
    const inWord = index < text.length && isWordCharacter(text, index);
    if (inWord && start === -1) start = index;
    if ((!inWord || index - start >= MAX_WORD_LENGTH) && start !== -1) {
      result.push({ text: text.slice(start, index).toLowerCase(), start, end: index });
      start = inWord ? index : -1;
    }
  }
  return result;
}

function isWordCharacter(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128)
    return (
      (code >= 48 && code <= 57) ||
      (code >= 65 && code <= 90) ||
      (code >= 97 && code <= 122) ||
      code === 39 ||
      code === 95
    );
  return NON_ASCII_WORD.test(text.charAt(index));
}

/** A system prompt prepared for overlap checks: its word ids and the shingles of `size` words. */
export type PromptIndex = {
  /** Word → id, numbered from 1 in order of first occurrence in the prompt. */
  readonly vocabulary: ReadonlyMap<string, number>;
  readonly promptIds: Int32Array;
  /** Shingle hash → up to 8 start positions in `promptIds`. */
  readonly shingles: ReadonlyMap<number, readonly number[]>;
  readonly promptWords: number;
};

/**
 * System prompts repeat across the events of an app, so their index is built once and kept in a small
 * LRU (least recently used first out). Bounded both in entries and in prompt words held, so a stream of
 * distinct or huge prompts cannot grow it; a prompt larger than the word budget is never kept.
 * Keyed by a SHA-256 of the exact texts and the shingle size, so the cache does not hold prompt text.
 */
const MAX_CACHED_PROMPTS = 256;
const MAX_CACHED_PROMPT_WORDS = 256 * 1024;
const cache = new Map<string, PromptIndex>();
let cachedWords = 0;

/** The index of the prompt made of `texts` (the event's system segments), or undefined when it has fewer than `size` words. */
export function promptIndex(texts: readonly string[], size: number): PromptIndex | undefined {
  if (texts.length === 0) return undefined;
  const key = cacheKey(texts, size);
  const cached = cache.get(key);
  if (cached !== undefined) {
    // Re-insert: Map iteration order is insertion order, so the first key is the least recently used.
    cache.delete(key);
    cache.set(key, cached);
    return cached.promptWords < size ? undefined : cached;
  }
  const index = buildIndex(texts, size);
  remember(key, index);
  return index.promptWords < size ? undefined : index;
}

function cacheKey(texts: readonly string[], size: number): string {
  const hash = createHash('sha256');
  hash.update(`${size}:${texts.length}`);
  // Lengths first, so the boundaries between texts are part of the key.
  for (const text of texts) hash.update(`:${text.length}:`).update(text);
  return hash.digest('base64');
}

function remember(key: string, index: PromptIndex): void {
  if (index.promptWords > MAX_CACHED_PROMPT_WORDS) return;
  cache.set(key, index);
  cachedWords += index.promptWords;
  for (const [oldestKey, oldest] of cache) {
    if (cache.size <= MAX_CACHED_PROMPTS && cachedWords <= MAX_CACHED_PROMPT_WORDS) break;
    cache.delete(oldestKey);
    cachedWords -= oldest.promptWords;
  }
}

function buildIndex(texts: readonly string[], size: number): PromptIndex {
  const prompt = texts.flatMap((text) => words(text, MAX_PROMPT_WORDS));
  const vocabulary = new Map<string, number>();
  const promptIds = identify(prompt, vocabulary);
  const shingles = new Map<number, number[]>();
  for (let index = 0; index + size <= prompt.length; index++) {
    const key = shingle(promptIds, index, size);
    const positions = shingles.get(key);
    if (positions === undefined) shingles.set(key, [index]);
    else if (positions.length < 8) positions.push(index);
  }
  return { vocabulary, promptIds, shingles, promptWords: prompt.length };
}

/** Word ids of the prompt, numbered from 1 in order of first occurrence. */
function identify(list: readonly Word[], vocabulary: Map<string, number>): Int32Array {
  const ids = new Int32Array(list.length);
  list.forEach((word, index) => {
    let id = vocabulary.get(word.text);
    if (id === undefined) vocabulary.set(word.text, (id = vocabulary.size + 1));
    ids[index] = id;
  });
  return ids;
}

/** A 30-bit hash of the window (a small integer key); equal windows are confirmed word by word. */
export function shingle(ids: Int32Array, start: number, size: number): number {
  let hash = 0;
  for (let index = start; index < start + size; index++)
    hash = (Math.imul(hash, 1_000_003) + (ids[index] ?? 0)) | 0;
  return hash & 0x3fffffff;
}
