/**
 * Evidence helpers. Findings travel to Kafka, ClickHouse, Slack and SIEMs: evidence must identify what
 * was found without carrying it.
 */

/** `ARGUS-CANARY-7GSH…` → `ARGU…`: the first `visible` characters, then an ellipsis. */
export function maskToken(value: string, visible = 4): string {
  if (value.length <= visible * 2) return '…';
  return `${value.slice(0, visible)}…`;
}

/**
 * A short snippet around [start, end) with the match replaced by `replacement` and white space
 * collapsed, e.g. `…card number [CREDIT_CARD] expiring…`. The surrounding context is shown as is, so
 * callers keep `contextCharacters` small and replace every other match in range themselves.
 */
export function evidenceSnippet(
  text: string,
  start: number,
  end: number,
  replacement: string,
  contextCharacters = 24,
): string {
  const from = Math.max(0, start - contextCharacters);
  const to = Math.min(text.length, end + contextCharacters);
  const before = collapse(text.slice(from, start));
  const after = collapse(text.slice(end, to));
  return `${from > 0 ? '…' : ''}${before}${replacement}${after}${to < text.length ? '…' : ''}`;
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ');
}
