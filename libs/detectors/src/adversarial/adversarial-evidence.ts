import { type Severity } from '@argus/contracts';

/** Decoded text shown in evidence: enough for an analyst to see what it is, never the whole payload. */
export const EVIDENCE_CHARACTERS = 40;

/**
 * `text` made safe to show: at most `limit` characters, white space collapsed, control, format and
 * other invisible characters written as `\u{…}`, an ellipsis and the full length when truncated.
 * E.g. `"ignore all previous instructions and s…" (57 chars)`.
 */
export function quoteHidden(text: string, limit = EVIDENCE_CHARACTERS): string {
  const sample = text.length > limit * 4 ? text.slice(0, limit * 4) : text;
  const masked = maskTokens(sample);
  let shown = '';
  let count = 0;
  let truncated = false;
  let lastWasSpace = false;
  for (const character of masked) {
    if (count >= limit) {
      truncated = true;
      break;
    }
    const code = character.codePointAt(0)!;
    if (character === ' ' || character === '\n' || character === '\t' || character === '\r') {
      if (!lastWasSpace) shown += ' ';
      lastWasSpace = true;
      count++;
      continue;
    }
    lastWasSpace = false;
    shown += isInvisible(code) ? `\\u{${code.toString(16).toUpperCase()}}` : character;
    count++;
  }
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0xdc00 || code > 0xdfff) length++;
  }
  const cut = truncated || masked !== sample;
  return `"${shown}${truncated ? '…' : ''}"${cut ? ` (${length} chars)` : ''}`;
}

/**
 * Hidden text may carry what other detectors protect (a canary, a key, a card number): long tokens with
 * digits and long digit runs are cut to their first four characters before anything is shown.
 */
const TOKEN_LIKE = /[A-Za-z0-9_+/=-]{16,}/g;
const DIGITS = /\d(?:[ -]?\d){7,}/g;
const HAS_DIGIT = /\d/;

function maskTokens(text: string): string {
  return text
    .replace(TOKEN_LIKE, (token) => (HAS_DIGIT.test(token) ? `${token.slice(0, 4)}…` : token))
    .replace(DIGITS, (digits) => `${digits.slice(0, 2)}…`);
}

const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Zl}\p{Zp}]$/u;
/** Invisible but not of the categories above: grapheme joiner, Hangul fillers, variation selectors. */
const INVISIBLE_OTHERS = new Set([0x034f, 0x115f, 0x1160, 0x3164, 0xffa0]);

function isInvisible(code: number): boolean {
  if (INVISIBLE_OTHERS.has(code)) return true;
  if ((code >= 0xfe00 && code <= 0xfe0f) || (code >= 0xe0100 && code <= 0xe01ef)) return true;
  return INVISIBLE.test(String.fromCodePoint(code));
}

/** Severity of an adversarial-input finding from its calibrated score. */
export function severityFromScore(score: number): Severity {
  if (score >= 0.9) return 'critical';
  if (score >= 0.7) return 'high';
  if (score >= 0.5) return 'medium';
  if (score >= 0.3) return 'low';
  return 'info';
}

export function roundScore(score: number): number {
  return Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
}

/** `U+202E` style name of a code point. */
export function codePointName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}
