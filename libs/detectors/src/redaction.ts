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

/**
 * The evidence window [from, to) around [start, end) with `contextCharacters` on each side, narrowed so
 * that neither edge falls inside a token: a window cut through a neighbouring key or card number would
 * otherwise carry its cut-off fragment, which no pattern recognises any more.
 */
export function evidenceWindow(
  text: string,
  start: number,
  end: number,
  contextCharacters: number,
): { from: number; to: number } {
  let from = Math.max(0, start - contextCharacters);
  let to = Math.min(text.length, end + contextCharacters);
  if (from > 0 && !/\s/.test(text.charAt(from - 1))) {
    while (from < start && !/\s/.test(text.charAt(from))) from++;
  }
  if (to < text.length && !/\s/.test(text.charAt(to))) {
    while (to > end && !/\s/.test(text.charAt(to - 1))) to--;
  }
  return { from, to };
}

/**
 * Context shown beside a masked value, with whatever could be (part of) another sensitive value hidden
 * even where no detector matched it: tokens of 6+ characters with a digit, a symbol of keys and
 * addresses (`_ + / = @ %`) or random-looking case (`aBcDeF`), tokens of 16+ characters, anything with
 * an `@`, then every remaining digit (`#`), so card, phone and account numbers written with separators
 * do not survive group by group.
 */
export function hideSensitiveContext(context: string): string {
  return context
    .replace(/[A-Za-z0-9+/=_.@%~-]{6,}/g, (token) =>
      token.length >= 16 || /[\d_+/=@%]/.test(token) || /[a-z][A-Z].*[a-z][A-Z]/.test(token) ? '[…]' : token,
    )
    .replace(/[^\s@]*@[^\s@]+/g, '[…]')
    .replace(/\d/g, '#');
}
