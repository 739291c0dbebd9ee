import { type RedactionSpan, type Replacer, replaceSpans, spansWithin } from './text-spans';

/**
 * Detectors scan a structured tool argument or response as `JSON.stringify(value)`, so their offsets
 * point into that serialisation. Replacing inside the serialised text could break its syntax (a span
 * that covers a quote); instead the value is walked the way JSON.stringify writes it, tracking where
 * each string, number and key lands, and each leaf a span touches is redacted in place. The result has
 * the same shape, with only the touched leaves changed.
 */
export function redactJsonValue(value: unknown, spans: readonly RedactionSpan[], replace: Replacer): unknown {
  if (spans.length === 0) return value;
  return walk(value, 0, spans, replace).value;
}

type Walked = { value: unknown; length: number };

function walk(value: unknown, offset: number, spans: readonly RedactionSpan[], replace: Replacer): Walked {
  if (typeof value === 'string') return walkString(value, offset, spans, replace);
  if (Array.isArray(value)) {
    let length = 1; // [
    let changed = false;
    const items = value.map((item: unknown, index) => {
      if (index > 0) length += 1; // ,
      // JSON.stringify writes undefined, functions and symbols in arrays as null.
      const walked = walk(item === undefined ? null : item, offset + length, spans, replace);
      length += walked.length;
      if (walked.value !== item) changed = true;
      return walked.value;
    });
    return { value: changed ? items : value, length: length + 1 };
  }
  if (value !== null && typeof value === 'object') {
    let length = 1; // {
    let changed = false;
    const entries: [string, unknown][] = [];
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined) continue;
      if (entries.length > 0) length += 1; // ,
      const walkedKey = walkString(key, offset + length, spans, replace);
      length += walkedKey.length + 1; // :
      const walked = walk(item, offset + length, spans, replace);
      length += walked.length;
      if (walkedKey.value !== key || walked.value !== item) changed = true;
      entries.push([walkedKey.value, walked.value]);
    }
    return { value: changed ? Object.fromEntries(entries) : value, length: length + 1 };
  }
  // number, boolean, null: replaced whole when a span touches them (a card number sent as a number).
  const serialised = JSON.stringify(value) ?? 'null';
  const touched = spansWithin(spans, offset, offset + serialised.length);
  if (touched.length === 0) return { value, length: serialised.length };
  return { value: replace(touched[0].label, String(value)), length: serialised.length };
}

function walkString(
  value: string,
  offset: number,
  spans: readonly RedactionSpan[],
  replace: Replacer,
): Walked & { value: string } {
  const serialised = JSON.stringify(value);
  // The characters between the quotes, in their escaped form.
  const touched = spansWithin(spans, offset + 1, offset + serialised.length - 1);
  if (touched.length === 0) return { value, length: serialised.length };
  const rawSpans =
    serialised.length === value.length + 2 ? touched : touched.map((span) => toRawSpan(value, span));
  return { value: replaceSpans(value, mergeSorted(rawSpans), replace), length: serialised.length };
}

/** Maps a span over the escaped form of `value` to the raw characters whose escapes it touches. */
function toRawSpan(value: string, span: RedactionSpan): RedactionSpan {
  let escapedAt = 0;
  let start = -1;
  let end = value.length;
  for (let index = 0; index < value.length; index++) {
    const width = escapedWidth(value, index);
    if (start === -1 && escapedAt + width > span.start) start = index;
    escapedAt += width;
    if (escapedAt >= span.end) {
      end = index + 1;
      break;
    }
  }
  return { start: Math.max(0, start), end, label: span.label };
}

function escapedWidth(value: string, index: number): number {
  const code = value.charCodeAt(index);
  if (code === 0x22 || code === 0x5c) return 2; // \" \\
  if (code < 0x20) return code === 8 || code === 9 || code === 10 || code === 12 || code === 13 ? 2 : 6;
  if (code >= 0xd800 && code <= 0xdbff) {
    const next = value.charCodeAt(index + 1);
    return next >= 0xdc00 && next <= 0xdfff ? 1 : 6;
  }
  if (code >= 0xdc00 && code <= 0xdfff) {
    const previous = value.charCodeAt(index - 1);
    return previous >= 0xd800 && previous <= 0xdbff ? 1 : 6;
  }
  return 1;
}

/** Spans mapped from one sorted list stay sorted but may now overlap (two spans in one escape). */
function mergeSorted(spans: RedactionSpan[]): RedactionSpan[] {
  const merged: RedactionSpan[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.start < last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}
