import {
  type MessagePart,
  type ReasoningPart,
  type TelemetryEvent,
  type TextPart,
  type ToolCallPart,
  type ToolCallResponsePart,
} from '@argus/contracts';
import { type z } from 'zod';
import { type SegmentField, type TextSegment } from './detector';

/**
 * Every text of an event a detector may scan, with where it comes from. Rules that matter to detectors:
 * - `system_instructions` and input messages of role system/developer are the system prompt (`system`):
 *   platforms still send it either way, and canaries are expected there.
 * - Input messages of role tool, and tool_call_response parts anywhere, are tool output (`tool_result`):
 *   untrusted content, like retrieved documents.
 * - Output text and reasoning are `output`; output tool calls are `tool_call`. Tool calls in the input
 *   history were the output of an earlier event and are not scanned again.
 * - Parts of unknown types are scanned when they carry a string `content`.
 * - History: platforms send the whole conversation with every turn. Input messages up to and including
 *   the last assistant message were the current turn of an earlier event and were scanned then; their
 *   segments are marked `history` (the pipeline decides what to do with them, see `scan_history`).
 *   The system prompt is never history.
 */
export function extractTextSegments(event: TelemetryEvent): TextSegment[] {
  const segments: TextSegment[] = [];

  const systemParts = event.system_instructions ?? [];
  for (let partIndex = 0; partIndex < systemParts.length; partIndex++) {
    addPart(segments, systemParts[partIndex], 'system', undefined, partIndex, 'system', undefined);
  }

  const inputMessages = event.input_messages ?? [];
  const currentTurnStart = firstMessageOfCurrentTurn(inputMessages);
  for (let messageIndex = 0; messageIndex < inputMessages.length; messageIndex++) {
    const message = inputMessages[messageIndex];
    const field = inputFieldForRole(message.role);
    const history = messageIndex < currentTurnStart && field !== 'system';
    for (let partIndex = 0; partIndex < message.parts.length; partIndex++) {
      addPart(
        segments,
        message.parts[partIndex],
        field,
        messageIndex,
        partIndex,
        message.role,
        message.name,
        history,
      );
    }
  }

  const outputMessages = event.output_messages ?? [];
  for (let messageIndex = 0; messageIndex < outputMessages.length; messageIndex++) {
    const message = outputMessages[messageIndex];
    for (let partIndex = 0; partIndex < message.parts.length; partIndex++) {
      const part = message.parts[partIndex];
      if (part.type === 'tool_call') {
        const call = part as z.output<typeof ToolCallPart>;
        segments.push({
          text: toolCallText(call.name, call.arguments),
          location: { field: 'tool_call', message: messageIndex, part: partIndex },
          role: message.role,
          toolName: call.name,
          ...(call.id !== undefined ? { toolCallId: call.id } : {}),
        });
      } else {
        addPart(segments, part, 'output', messageIndex, partIndex, message.role, message.name);
      }
    }
  }

  for (const document of event.retrieval ?? []) {
    if (document.content.length === 0) continue;
    segments.push({
      text: document.content,
      location: { field: 'retrieval', document: document.document_id },
      retrieved: {
        ...(document.tenant_id !== undefined ? { tenantId: document.tenant_id } : {}),
        ...(document.classification !== undefined ? { classification: document.classification } : {}),
        ...(document.source !== undefined ? { source: document.source } : {}),
        ...(document.score !== undefined ? { score: document.score } : {}),
      },
    });
  }
  return segments;
}

const ASSISTANT_ROLES: ReadonlySet<string> = new Set(['assistant', 'model']);

/**
 * Index of the first input message after the last assistant reply (0 when there is none). A reply is
 * an assistant message with text: assistant messages that only call tools belong to the current turn
 * (an agent loop within one user turn), so the user's request that started the loop is still scanned.
 */
export function firstMessageOfCurrentTurn(
  messages: ReadonlyArray<{ readonly role: string; readonly parts: readonly MessagePart[] }>,
): number {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (ASSISTANT_ROLES.has(message.role) && message.parts.some(isNonEmptyText)) return index + 1;
  }
  return 0;
}

function isNonEmptyText(part: MessagePart): boolean {
  return part.type === 'text' && (part as z.output<typeof TextPart>).content.trim().length > 0;
}

function inputFieldForRole(role: string): SegmentField {
  switch (role) {
    case 'system':
    case 'developer':
      return 'system';
    case 'tool':
      return 'tool_result';
    default:
      return 'input';
  }
}

function addPart(
  segments: TextSegment[],
  part: MessagePart,
  field: SegmentField,
  messageIndex: number | undefined,
  partIndex: number,
  role: string,
  messageName: string | undefined,
  history = false,
): void {
  let text: string | undefined;
  let segmentField = field;
  let toolCallId: string | undefined;
  // The schema parsed every part of a known type with that type's schema (an unknown-type part cannot
  // use a known type name), so the casts below only undo TypeScript's view of `type` as any string.
  switch (part.type) {
    case 'text':
    case 'reasoning':
      text = (part as z.output<typeof TextPart> | z.output<typeof ReasoningPart>).content;
      break;
    case 'tool_call_response': {
      const response = part as z.output<typeof ToolCallResponsePart>;
      text = stringify(response.response);
      segmentField = 'tool_result';
      toolCallId = response.id;
      break;
    }
    case 'tool_call':
    case 'uri':
    case 'blob':
      return;
    default: {
      // Parts of types this version does not know: scan their text if they carry one.
      const content = (part as { content?: unknown }).content;
      if (typeof content === 'string') text = content;
    }
  }
  if (text === undefined || text.length === 0) return;
  segments.push({
    text,
    location:
      messageIndex === undefined
        ? { field: segmentField, part: partIndex }
        : { field: segmentField, message: messageIndex, part: partIndex },
    role,
    ...(segmentField === 'tool_result' && messageName !== undefined ? { toolName: messageName } : {}),
    ...(toolCallId !== undefined ? { toolCallId } : {}),
    ...(history ? { history: true } : {}),
  });
}

function toolCallText(name: string, toolArguments: unknown): string {
  if (toolArguments === undefined) return name;
  return `${name} ${stringify(toolArguments)}`;
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '';
}
