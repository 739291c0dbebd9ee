import { type TelemetryEventInputShape } from '@argus/contracts';
import { syntheticEvents } from '@argus/testing';
import { type Distribution, distribution } from './stats';

type ChatMessage = NonNullable<TelemetryEventInputShape['input_messages']>[number];
type Part = ChatMessage['parts'][number];

/** Ordinary support-chat prose: padding the detectors scan like any other text, with nothing to find. */
const FILLER =
  ' For context, I have been a customer for several years and usually manage everything through the app.' +
  ' I tried the help pages first but could not find a clear answer, so I would appreciate a short summary' +
  ' of the steps, any fees that apply, and how long it normally takes.';

const CANARY_MARK = 'ARGUS-CANARY-';

const byteSize = (event: TelemetryEventInputShape) => Buffer.byteLength(JSON.stringify(event), 'utf8');

export type SizedEvents = { events: TelemetryEventInputShape[]; bytes: Distribution };

/**
 * Generated telemetry (`syntheticEvents`, the canaries of the shipped policy, a share of attacks and leaks)
 * brought to about `targetBytes` of JSON each: short events get benign prose appended to the user's
 * message, long ones lose tool definitions, then older conversation turns, then the tail of their longest
 * text that carries no canary (so planted leaks stay detectable).
 */
export function sizedSyntheticEvents(
  count: number,
  seed: string,
  targetBytes: number,
  attackRate = 0.3,
): SizedEvents {
  const events = syntheticEvents(count, seed, attackRate).map((event) => fitToSize(event, targetBytes));
  return { events, bytes: distribution(events.map(byteSize)) };
}

export function fitToSize(original: TelemetryEventInputShape, targetBytes: number): TelemetryEventInputShape {
  const event = structuredClone(original);
  let size = byteSize(event);
  if (size > targetBytes && event.tool_definitions !== undefined) {
    delete event.tool_definitions;
    size = byteSize(event);
  }
  const input = event.input_messages ?? [];
  // Earlier turns (history) precede the current user message; drop them oldest first.
  while (size > targetBytes && currentUserIndex(input) > 0) {
    input.splice(0, 1);
    size = byteSize(event);
  }
  for (let attempt = 0; size > targetBytes && attempt < 8; attempt++) {
    const text = longestTrimmableText(event);
    if (text === undefined) break;
    const excess = size - targetBytes;
    text.part.content = text.content.slice(0, Math.max(0, text.content.length - excess));
    size = byteSize(event);
  }
  if (size < targetBytes) {
    const userText = input[currentUserIndex(input)]?.parts.find(isTextPart);
    if (userText !== undefined) {
      // ASCII without characters JSON escapes: one character is one byte on the wire.
      const deficit = targetBytes - size;
      userText.content += FILLER.repeat(Math.ceil(deficit / FILLER.length)).slice(0, deficit);
    }
  }
  return event;
}

function isTextPart(part: Part): part is Part & { type: 'text'; content: string } {
  return part.type === 'text' && typeof (part as { content?: unknown }).content === 'string';
}

function currentUserIndex(messages: readonly ChatMessage[]): number {
  for (let index = messages.length - 1; index >= 0; index--)
    if (messages[index].role === 'user') return index;
  return -1;
}

function longestTrimmableText(
  event: TelemetryEventInputShape,
): { part: { content: string }; content: string } | undefined {
  const candidates: { content: string }[] = [];
  for (const message of [...(event.input_messages ?? []), ...(event.output_messages ?? [])]) {
    for (const part of message.parts) if (isTextPart(part)) candidates.push(part);
  }
  for (const document of event.retrieval ?? []) candidates.push(document);
  let best: { part: { content: string }; content: string } | undefined;
  for (const part of candidates) {
    if (part.content.includes(CANARY_MARK)) continue;
    if (best === undefined || part.content.length > best.content.length)
      best = { part, content: part.content };
  }
  return best;
}
