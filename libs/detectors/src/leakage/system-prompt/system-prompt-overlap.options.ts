import { z } from 'zod';

/** `detectors.system_prompt_overlap.options` in the policy. The values shown are the defaults. */
export const SystemPromptOverlapOptionsSchema = z.strictObject({
  /** Shortest run of consecutive words shared by an output and the system prompt that is reported. */
  min_words: z.number().int().min(5).max(500).default(16),
  /** Runs covering at least this share of the system prompt's words are critical. */
  critical_fraction: z.number().min(0).max(1).default(0.5),
  /** Segment fields compared with the system prompt. */
  fields: z.array(z.enum(['output', 'tool_call'])).default(['output', 'tool_call']),
});

export type SystemPromptOverlapOptions = z.output<typeof SystemPromptOverlapOptionsSchema>;

const cache = new WeakMap<object, SystemPromptOverlapOptions>();

export function systemPromptOverlapOptions(
  raw: Readonly<Record<string, unknown>>,
): SystemPromptOverlapOptions {
  const cached = cache.get(raw);
  if (cached !== undefined) return cached;
  const parsed = SystemPromptOverlapOptionsSchema.parse(raw);
  cache.set(raw, parsed);
  return parsed;
}
