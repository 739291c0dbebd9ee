import { type TelemetryEvent } from '@argus/contracts';
import { type Detector, type DetectorContext, type DetectorHit } from '../../detector';
import { extractTextSegments } from '../../text-segments';
import { type Word, promptIndex, shingle, words } from './system-prompt.index';
import { systemPromptOverlapOptions } from './system-prompt-overlap.options';

export const SYSTEM_PROMPT_OVERLAP_DETECTOR_ID = 'system_prompt_overlap';

/** The output scanned is capped: a copied prompt shows up early, and the cost stays bounded. */
const MAX_OUTPUT_WORDS = 10_000;

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
      const index = promptIndex(
        segments.filter((segment) => segment.location.field === 'system').map((segment) => segment.text),
        options.min_words,
      );
      if (index === undefined) return [];
      const { vocabulary, promptIds, shingles, promptWords } = index;
      const size = options.min_words;
      const hits: DetectorHit[] = [];
      for (const segment of segments) {
        if (!(options.fields as readonly string[]).includes(segment.location.field)) continue;
        const output = words(segment.text, MAX_OUTPUT_WORDS);
        const outputIds = outputWordIds(output, vocabulary);
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
        const fraction = Math.min(1, longest.words / promptWords);
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
            `of the system prompt (${(fraction * 100).toFixed(0)}% of its ${promptWords} words): the prompt was disclosed.`,
          attributes: {
            words: longest.words,
            prompt_words: promptWords,
            fraction: Number(fraction.toFixed(3)),
          },
        });
      }
      return hits;
    },
  };
}

/** Word ids of an output in the prompt's vocabulary; a word the prompt lacks is 0, which matches nothing. */
function outputWordIds(list: readonly Word[], vocabulary: ReadonlyMap<string, number>): Int32Array {
  const ids = new Int32Array(list.length);
  list.forEach((word, index) => {
    ids[index] = vocabulary.get(word.text) ?? 0;
  });
  return ids;
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
