import {
  type DeadLetterCode,
  type TelemetryEvent,
  TelemetryEventSchema,
  describeZodError,
} from '@argus/contracts';

export type DecodeLimits = {
  maxEventBytes: number;
  maxTextPartBytes: number;
  /**
   * Events older than this many days would be dropped by the table TTL as they are inserted; they are
   * dead-lettered instead, so nothing disappears without a trace. Unset: no age limit.
   */
  maxAgeDays?: number;
  /** Reference time for the age check (tests); default now. */
  now?: () => number;
};

// ClickHouse DateTime64 covers 1900-01-01 .. 2299-12-31; outside it a value cannot be stored.
const STORABLE_FROM = Date.UTC(1900, 0, 1);
const STORABLE_UNTIL = Date.UTC(2300, 0, 1);
const DAY_MS = 86_400_000;

export type DecodeResult =
  { ok: true; event: TelemetryEvent } | { ok: false; code: DeadLetterCode; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes from Kafka → a validated event, or the reason it is not one. Never throws: every failure is a
 * value the caller sends to the dead-letter topic, so one bad record cannot stall its partition.
 * Size is checked before parsing so an oversized record costs no JSON work.
 */
export function decodeTelemetry(value: Buffer | null, limits: DecodeLimits): DecodeResult {
  if (value === null || value.length === 0)
    return { ok: false, code: 'empty_message', reason: 'record has no value' };
  if (value.length > limits.maxEventBytes) {
    return {
      ok: false,
      code: 'too_large',
      reason: `event is ${value.length} bytes, more than the limit of ${limits.maxEventBytes} (INGEST_MAX_EVENT_BYTES)`,
    };
  }
  let text: string;
  try {
    text = utf8.decode(value);
  } catch {
    return { ok: false, code: 'invalid_json', reason: 'value is not valid UTF-8' };
  }
  return parseTelemetryText(text, limits);
}

/**
 * The text half of `decodeTelemetry`, for callers that already hold a decoded line (`bin/argus detect`):
 * JSON → schema → per-part size. The same checks, the same codes and reasons as ingest.
 */
export function parseTelemetryText(text: string, limits: DecodeLimits): DecodeResult {
  if (text.trim().length === 0) return { ok: false, code: 'empty_message', reason: 'blank line' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      code: 'invalid_json',
      reason: `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { ok: false, code: 'schema_violation', reason: 'an event must be a JSON object' };
  }
  const parsed = TelemetryEventSchema.safeParse(json);
  if (!parsed.success) return { ok: false, code: 'schema_violation', reason: describeZodError(parsed.error) };
  const oversizedPart = findOversizedTextPart(parsed.data, limits.maxTextPartBytes);
  if (oversizedPart !== undefined) {
    return {
      ok: false,
      code: 'too_large',
      reason: `${oversizedPart.path} is ${oversizedPart.bytes} bytes, more than the limit of ${limits.maxTextPartBytes} (INGEST_MAX_TEXT_PART_BYTES)`,
    };
  }
  const time = Date.parse(parsed.data.timestamp);
  if (!(time >= STORABLE_FROM && time < STORABLE_UNTIL)) {
    return {
      ok: false,
      code: 'schema_violation',
      reason: `timestamp: ${parsed.data.timestamp} is outside 1900-01-01..2299-12-31`,
    };
  }
  if (limits.maxAgeDays !== undefined) {
    const now = limits.now?.() ?? Date.now();
    if (time < now - limits.maxAgeDays * DAY_MS) {
      return {
        ok: false,
        code: 'out_of_retention',
        reason: `timestamp ${parsed.data.timestamp} is older than the ${limits.maxAgeDays}-day retention (RETENTION_EVENTS_DAYS): it would be deleted on insert`,
      };
    }
  }
  return { ok: true, event: parsed.data };
}

function findOversizedTextPart(
  event: TelemetryEvent,
  limit: number,
): { path: string; bytes: number } | undefined {
  const check = (path: string, content: unknown): { path: string; bytes: number } | undefined => {
    // A string's UTF-8 size is at most 3 bytes per UTF-16 unit: skip the exact count for short strings.
    if (typeof content !== 'string' || content.length * 3 <= limit) return undefined;
    const bytes = Buffer.byteLength(content, 'utf8');
    return bytes > limit ? { path, bytes } : undefined;
  };
  const messageGroups = [
    ['input_messages', event.input_messages],
    ['output_messages', event.output_messages],
  ] as const;
  for (const [name, messages] of messageGroups) {
    for (const [messageIndex, message] of (messages ?? []).entries()) {
      for (const [partIndex, part] of message.parts.entries()) {
        const found = check(
          `${name}.${messageIndex}.parts.${partIndex}.content`,
          (part as { content?: unknown }).content,
        );
        if (found) return found;
      }
    }
  }
  for (const [partIndex, part] of (event.system_instructions ?? []).entries()) {
    const found = check(`system_instructions.${partIndex}.content`, (part as { content?: unknown }).content);
    if (found) return found;
  }
  for (const [index, document] of (event.retrieval ?? []).entries()) {
    const found = check(`retrieval.${index}.content`, document.content);
    if (found) return found;
  }
  return undefined;
}
