import { type MessagePart, type TelemetryEvent } from '@argus/contracts';
import { type StorageField } from '@argus/detectors';
import { redactJsonValue } from './json-value.redactor';
import { type RedactionSpan, type Replacer, replaceSpans, spansWithin } from './text-spans';

/**
 * One stored text of an event, addressed the way findings address it (field, message, part, document),
 * with its text as detectors scanned it and the means to rewrite it in a copy of the event.
 */
export type EventSlot = {
  readonly field: StorageField;
  readonly key: string;
  /** The string finding offsets point into (`undefined` for parts with no text: uri, blob). */
  text(): string | undefined;
  redact(spans: readonly RedactionSpan[], replace: Replacer): void;
  drop(): void;
};

export function locationKey(location: {
  field: string;
  message?: number;
  part?: number;
  document?: string;
}): string {
  return `${location.field}\u0000${location.message ?? ''}\u0000${location.part ?? ''}\u0000${location.document ?? ''}`;
}

/**
 * A copy of the event whose parts and documents may be rewritten, and its slots. The field of each part
 * follows `extractTextSegments` (libs/detectors/src/text-segments.ts) so finding locations line up:
 * system instructions and system/developer messages are `system`, tool-role messages and tool call
 * responses `tool_result`, tool calls `tool_call`, other output `output`, retrieved documents `retrieval`.
 */
export function eventSlots(event: TelemetryEvent): { copy: TelemetryEvent; slots: EventSlot[] } {
  const slots: EventSlot[] = [];
  const systemParts = (event.system_instructions ?? []).map((part) => ({ ...part }));
  systemParts.forEach((part, partIndex) =>
    slots.push(partSlot(systemParts, partIndex, 'system', { field: 'system', part: partIndex })),
  );
  const copyMessages = <M extends { role: string; parts: MessagePart[] }>(
    messages: readonly M[] | undefined,
    output: boolean,
  ): M[] | undefined =>
    messages?.map((message, messageIndex) => {
      const parts = message.parts.map((part) => ({ ...part }));
      const roleField = output ? 'output' : inputFieldForRole(message.role);
      parts.forEach((part, partIndex) => {
        const field: StorageField =
          part.type === 'tool_call'
            ? 'tool_call'
            : part.type === 'tool_call_response'
              ? 'tool_result'
              : roleField;
        slots.push(partSlot(parts, partIndex, field, { field, message: messageIndex, part: partIndex }));
      });
      return { ...message, parts };
    });
  const inputMessages = copyMessages(event.input_messages, false);
  const outputMessages = copyMessages(event.output_messages, true);
  const retrieval = event.retrieval?.map((document) => ({ ...document }));
  for (const document of retrieval ?? []) {
    slots.push({
      field: 'retrieval',
      key: locationKey({ field: 'retrieval', document: document.document_id }),
      text: () => document.content,
      redact: (spans, replace) => (document.content = replaceSpans(document.content, spans, replace)),
      drop: () => (document.content = ''),
    });
  }
  const copy: TelemetryEvent = {
    ...event,
    ...(event.system_instructions !== undefined ? { system_instructions: systemParts } : {}),
    ...(inputMessages !== undefined ? { input_messages: inputMessages } : {}),
    ...(outputMessages !== undefined ? { output_messages: outputMessages } : {}),
    ...(retrieval !== undefined ? { retrieval } : {}),
  };
  return { copy, slots };
}

function inputFieldForRole(role: string): StorageField {
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

type MutablePart = Record<string, unknown> & { type: string };

function partSlot(
  parts: MessagePart[],
  partIndex: number,
  field: StorageField,
  location: { field: StorageField; message?: number; part: number },
): EventSlot {
  const part = parts[partIndex] as MutablePart;
  const key = locationKey(location);
  switch (part.type) {
    case 'tool_call':
      return toolCallSlot(part, field, key);
    case 'tool_call_response': {
      let cached: string | undefined;
      return {
        field,
        key,
        text: () => (cached ??= stringify(part.response)),
        redact: (spans, replace) => {
          part.response =
            typeof part.response === 'string'
              ? replaceSpans(part.response, spans, replace)
              : redactJsonValue(part.response, spans, replace);
        },
        drop: () => (part.response = ''),
      };
    }
    case 'uri':
      return { field, key, text: () => undefined, redact: () => undefined, drop: () => (part.uri = '') };
    case 'blob':
      return { field, key, text: () => undefined, redact: () => undefined, drop: () => (part.content = '') };
    default:
      // text, reasoning and parts of unknown types that carry a string content.
      return {
        field,
        key,
        text: () => (typeof part.content === 'string' ? part.content : undefined),
        redact: (spans, replace) => {
          if (typeof part.content === 'string') part.content = replaceSpans(part.content, spans, replace);
        },
        drop: () => {
          if (typeof part.content === 'string') part.content = '';
        },
      };
  }
}

/** Detectors scan a tool call as `name arguments` (the arguments serialised when not a string). */
function toolCallSlot(part: MutablePart, field: StorageField, key: string): EventSlot {
  const name = typeof part.name === 'string' ? part.name : '';
  let cached: string | undefined;
  return {
    field,
    key,
    text: () => (cached ??= part.arguments === undefined ? name : `${name} ${stringify(part.arguments)}`),
    redact: (spans, replace) => {
      const nameSpans = spansWithin(spans, 0, name.length);
      if (nameSpans.length > 0) part.name = replaceSpans(name, nameSpans, replace);
      if (part.arguments === undefined) return;
      const argumentsOffset = name.length + 1;
      const argumentSpans = spansWithin(spans, argumentsOffset, Number.MAX_SAFE_INTEGER);
      if (argumentSpans.length === 0) return;
      part.arguments =
        typeof part.arguments === 'string'
          ? replaceSpans(part.arguments, argumentSpans, replace)
          : redactJsonValue(part.arguments, argumentSpans, replace);
    },
    drop: () => delete part.arguments,
  };
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '';
}
