import { type TelemetryEvent } from '@argus/contracts';
import { type Detector, type DetectorContext, type DetectorHit } from '../../detector';
import { extractTextSegments } from '../../text-segments';
import { systemPromptOverlapOptions } from './system-prompt-overlap.options';

export const SYSTEM_PROMPT_OVERLAP_DETECTOR_ID = 'system_prompt_overlap';

/** The output scanned is capped: a copied prompt shows up early, and the cost stays bounded. */
const MAX_OUTPUT_WORDS = 10_000;
const MAX_PROMPT_WORDS = 10_000;
const MAX_WORD_LENGTH = 64;
const NON_ASCII_WORD = /[\p{L}\p{N}]/u;

type Word = { text: string; start: number; end: number };

/**
 * Words compared case-insensitively, without punctuation, so reformatting does not hide a copy. A plain
 * character loop (a Unicode-property regex only for non-ASCII characters) keeps long texts cheap.
 */
function words(text: string, limit: number): Word[] {
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

/**
 * System-prompt leakage by overlap (OWASP LLM07, ATLAS AML.T0056), beside the canary detector: an output
 * (or tool call) sharing a long run of consecutive words with `system_instructions` has reproduced the
 * prompt. Shingles of `min_words` words from the prompt are hashed into a set; the output's shingles are
 * looked up and consecutive hits merged into runs. Evidence gives lengths, never the prompt text.
 */
export function createSystemPromptOverlapDetector(): Detector {
  return {
    id: SYSTEM_PROMPT_OVERLAP_DETECTOR_ID,
    version: '1.0.0',
    description: 'Outputs that reproduce a long run of words of the system prompt.',
    detectEvent(event: TelemetryEvent, context: DetectorContext): DetectorHit[] {
      const options = systemPromptOverlapOptions(context.settings.options);
      const segments = extractTextSegments(event);
      const prompt = segments
        .filter((segment) => segment.location.field === 'system')
        .flatMap((segment) => words(segment.text, MAX_PROMPT_WORDS));
      const size = options.min_words;
      if (prompt.length < size) return [];
      const vocabulary = new Map<string, number>();
      const promptIds = identify(prompt, vocabulary);
      const shingles = new Map<number, number[]>();
      for (let index = 0; index + size <= prompt.length; index++) {
        const key = shingle(promptIds, index, size);
        const positions = shingles.get(key);
        if (positions === undefined) shingles.set(key, [index]);
        else if (positions.length < 8) positions.push(index);
      }
      const hits: DetectorHit[] = [];
      for (const segment of segments) {
        if (!(options.fields as readonly string[]).includes(segment.location.field)) continue;
        const output = words(segment.text, MAX_OUTPUT_WORDS);
        const outputIds = identify(output, vocabulary);
        let longest: { start: number; end: number; words: number } | undefined;
        let runStart = -1;
        for (let index = 0; index + size <= output.length + 1; index++) {
          const matched =
            index + size <= output.length && sharedShingle(shingles, promptIds, outputIds, index, size);
          if (matched && runStart === -1) runStart = index;
          if (!matched && runStart !== -1) {
            const length = index - 1 - runStart + size;
            if (longest === undefined || length > longest.words) {
              longest = { start: runStart, end: index - 1 + size - 1, words: length };
            }
            runStart = -1;
          }
        }
        if (longest === undefined) continue;
        const first = output[longest.start];
        const last = output[longest.end];
        if (first === undefined || last === undefined) continue;
        const fraction = Math.min(1, longest.words / prompt.length);
        const critical = fraction >= options.critical_fraction;
        hits.push({
          rule_id: `${SYSTEM_PROMPT_OVERLAP_DETECTOR_ID}.${segment.location.field}`,
          category: 'system_prompt_leak',
          severity: critical ? 'critical' : 'high',
          score: Math.min(1, 0.7 + fraction * 0.3),
          confidence: Math.min(1, 0.6 + longest.words / (size * 5)),
          location: { ...segment.location, start: first.start, end: last.end },
          evidence: `[${longest.words} consecutive words of the system prompt, ${(fraction * 100).toFixed(0)}% of it]`,
          message:
            `The ${segment.location.field === 'output' ? 'model output' : 'tool call'} reproduces ${longest.words} consecutive words ` +
            `of the system prompt (${(fraction * 100).toFixed(0)}% of its ${prompt.length} words): the prompt was disclosed.`,
          attributes: {
            words: longest.words,
            prompt_words: prompt.length,
            fraction: Number(fraction.toFixed(3)),
          },
        });
      }
      return hits;
    },
  };
}

/** Word ids shared by prompt and output (a word the prompt lacks gets a fresh id that matches nothing). */
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
function shingle(ids: Int32Array, start: number, size: number): number {
  let hash = 0;
  for (let index = start; index < start + size; index++)
    hash = (Math.imul(hash, 1_000_003) + (ids[index] ?? 0)) | 0;
  return hash & 0x3fffffff;
}

function sharedShingle(
  shingles: ReadonlyMap<number, readonly number[]>,
  promptIds: Int32Array,
  outputIds: Int32Array,
  start: number,
  size: number,
): boolean {
  const positions = shingles.get(shingle(outputIds, start, size));
  if (positions === undefined) return false;
  return positions.some((position) => {
    for (let offset = 0; offset < size; offset++) {
      if (promptIds[position + offset] !== outputIds[start + offset]) return false;
    }
    return true;
  });
}
