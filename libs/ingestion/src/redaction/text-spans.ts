/**
 * Spans of a string to replace, and their replacement. Offsets are JavaScript string indices, as in
 * findings' locations. `label` names what was found: `CREDIT_CARD`, `SECRET:github_pat`.
 */
export type RedactionSpan = { start: number; end: number; label: string };

/** Turns a span's label and raw value into what is stored instead (`[CREDIT_CARD]`, a keyed digest…). */
export type Replacer = (label: string, value: string) => string;

/**
 * Sorted, clamped to `length`, overlapping spans merged (adjacent ones are not: two values side by side
 * stay two placeholders). A merged span keeps the label of its longest member.
 */
export function mergeSpans(spans: readonly RedactionSpan[], length: number): RedactionSpan[] {
  const valid = spans
    .map((span) => ({ start: Math.max(0, span.start), end: Math.min(length, span.end), label: span.label }))
    .filter((span) => span.end > span.start);
  if (valid.length <= 1) return valid;
  valid.sort((left, right) => left.start - right.start || right.end - left.end);
  const merged: RedactionSpan[] = [];
  let current = { ...valid[0], longest: valid[0].end - valid[0].start };
  for (let index = 1; index < valid.length; index++) {
    const span = valid[index];
    if (span.start < current.end) {
      const size = span.end - span.start;
      if (size > current.longest) {
        current.longest = size;
        current.label = span.label;
      }
      current.end = Math.max(current.end, span.end);
    } else {
      merged.push({ start: current.start, end: current.end, label: current.label });
      current = { ...span, longest: span.end - span.start };
    }
  }
  merged.push({ start: current.start, end: current.end, label: current.label });
  return merged;
}

/** Replaces sorted, disjoint spans (as `mergeSpans` returns them) in one pass over the text. */
export function replaceSpans(text: string, spans: readonly RedactionSpan[], replace: Replacer): string {
  if (spans.length === 0) return text;
  const pieces: string[] = [];
  let at = 0;
  for (const span of spans) {
    pieces.push(text.slice(at, span.start), replace(span.label, text.slice(span.start, span.end)));
    at = span.end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

/** Spans of every occurrence of `value` in `text` (values a finding located elsewhere in the event). */
export function occurrenceSpans(text: string, value: string, label: string): RedactionSpan[] {
  const spans: RedactionSpan[] = [];
  for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + value.length)) {
    spans.push({ start: at, end: at + value.length, label });
  }
  return spans;
}

/** Spans of `spans` overlapping [from, to), clipped to it and shifted so `from` is 0. */
export function spansWithin(spans: readonly RedactionSpan[], from: number, to: number): RedactionSpan[] {
  const inside: RedactionSpan[] = [];
  for (const span of spans) {
    if (span.end <= from || span.start >= to) continue;
    inside.push({
      start: Math.max(span.start, from) - from,
      end: Math.min(span.end, to) - from,
      label: span.label,
    });
  }
  return inside;
}
