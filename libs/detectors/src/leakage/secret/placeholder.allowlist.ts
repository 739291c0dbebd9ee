/**
 * Values that look like credentials but are documentation examples or templates: providers' published
 * example keys (AWS's `AKIAIOSFODNN7EXAMPLE`), `your-api-key`, `<token>`, `${SECRET}`, `xxxx`, runs of
 * one character, counting sequences. They are not reported: a documentation example is not a leak, and
 * reporting it would teach analysts to ignore the detector. (The synthetic generator therefore uses
 * random, non-example keys to simulate leaks.)
 */
const PLACEHOLDER_WORDS =
  /example|sample|dummy|placeholder|changeme|change_me|redacted|your[_-]?(?:api|secret|access|token|key|password)|insert[_-]?your|replace[_-]?me|<[^>]{0,40}>|\$\{|\{\{|%\(|\*{3,}|x{4,}|\.{3}|…/i;

const REPEATED = /(.)\1{5,}/;
const SEQUENCES = ['qwertyuiop', 'asdfghjkl'];

export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_WORDS.test(value)) return true;
  if (REPEATED.test(value)) return true;
  const lower = value.toLowerCase();
  return SEQUENCES.some((sequence) => lower.includes(sequence)) || hasCountingRun(lower, 6);
}

/** A run of `length` characters counting up or down by one (`abcdef`, `543210`): typed, not random. */
function hasCountingRun(text: string, length: number): boolean {
  let up = 1;
  let down = 1;
  for (let index = 1; index < text.length; index++) {
    const step = text.charCodeAt(index) - text.charCodeAt(index - 1);
    up = step === 1 ? up + 1 : 1;
    down = step === -1 ? down + 1 : 1;
    if (up >= length || down >= length) return true;
  }
  return false;
}

/**
 * Values a person typed rather than generated, judged on the value alone: a walk along neighbouring
 * keys of a QWERTY keyboard (`ZAQWS-XCDER`, `1qaz2wsx`), or a value that names what it stands for
 * (`my-client-password`, `secret_token`: lower-case words and separators only, one of them a
 * credential noun). A generated credential is neither.
 */
export function isTypedValue(value: string): boolean {
  return isKeyboardWalk(value) || SELF_DESCRIBING.test(value);
}

const SELF_DESCRIBING =
  /^(?=[a-z._-]*(?:passw|passphrase|secret|token|api[_-]?key|credential))[a-z]+(?:[._-][a-z]+)*$/;

const KEYBOARD_ROWS = ['1234567890', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];
const KEY_POSITION = new Map<string, [number, number]>();
KEYBOARD_ROWS.forEach((row, rowIndex) =>
  [...row].forEach((key, column) => KEY_POSITION.set(key, [rowIndex, column])),
);

/** Neighbours on a staggered keyboard: same row ±1, the row above at column 0/+1, below at 0/-1. */
function adjacentKeys(left: string, right: string): boolean {
  const a = KEY_POSITION.get(left);
  const b = KEY_POSITION.get(right);
  if (a === undefined || b === undefined) return false;
  const rows = b[0] - a[0];
  const columns = b[1] - a[1];
  if (rows === 0) return Math.abs(columns) === 1;
  if (rows === -1) return columns === 0 || columns === 1;
  if (rows === 1) return columns === 0 || columns === -1;
  return false;
}

/** At least 60 % of the neighbouring character pairs (separators break a run) are neighbouring keys. */
export function isKeyboardWalk(value: string): boolean {
  let pairs = 0;
  let adjacent = 0;
  const lower = value.toLowerCase();
  for (let index = 1; index < lower.length; index++) {
    const left = lower[index - 1];
    const right = lower[index];
    if (!KEY_POSITION.has(left) || !KEY_POSITION.has(right)) continue;
    pairs++;
    if (adjacentKeys(left, right)) adjacent++;
  }
  return pairs >= 7 && adjacent >= 0.6 * pairs;
}
