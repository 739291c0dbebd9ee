/**
 * How unlike a word of natural text one whitespace-separated token is, from its shape alone: 0 for
 * words, numbers, codes, domains and paths; up to 1 for tokens that weld letters to symbol clusters
 * (`oppositeley.](`, `giving**ONE`, `"\!--Two`), the signature of suffixes found by gradient search
 * over a tokenizer's vocabulary (GCG and its successors).
 */
export type TokenShape = 'word' | 'camel' | 'neutral' | 'code' | 'symbols' | 'junk';

export type ShapedToken = {
  start: number;
  end: number;
  shape: TokenShape;
  /** 0..1, how far from natural text this token's shape is. */
  anomaly: number;
  /** The token's core (edge punctuation and emphasis markers removed) and where it is. */
  core: string;
  coreStart: number;
  coreEnd: number;
};

const LEADING = new Set([...'([{<"\'“‘*_~`¿¡']);
const TRAILING = new Set([...'.,;:!?)]}>"\'”’*_~`…']);
const BRACKETS = new Set([...'()[]{}<>']);
const MAX_LEADING = 3;
const MAX_TRAILING = 4;

const WORD = /^\p{L}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*$/u;
/**
 * Words run together by punctuation without a space (`effect,among`, `1)Company`, `Subject|FROM:`):
 * sloppy or field syntax, not junk.
 */
const LIGHT_JOIN = /^[\p{L}\p{N}_]+(?:[.,;:!?()/|]{1,2}[\p{L}\p{N}_]+)+$/u;
/** A letter of another script than Latin: such tokens are not judged (the model knows Latin text). */
const NON_LATIN_LETTER = /(?=\p{L})\P{Script=Latin}/u;
const PLURAL_IN_PARENTHESES = /^\p{L}+\(\p{L}{1,3}$/u;
const NUMERIC = /^[$€£¥#+-]?\d[\d.,:/%x×-]*\p{L}{0,4}$/u;
const ALPHANUMERIC = /^[\p{L}\p{N}]+$/u;
const COMPOUND = /^[\p{L}\p{N}]+(?:[-_./:#@+'’&][\p{L}\p{N}]+)+$/u;
const HANDLE = /^[@#][\p{L}\p{N}_]+$/u;
const CODE_CALL = /^[\p{L}_$][\p{L}\p{N}_$]*(?:\.[\p{L}_$][\p{L}\p{N}_$]*)*\(/u;
const HAS_LETTER = /\p{L}/u;
/** Lower-case letters then an upper-case one (`tableView`); `iPhone`, `eBay`, `McDonald` style excepted. */
const CAMEL = /\p{Ll}{2,}\p{Lu}|\p{Lu}{2,}\p{Ll}{2,}/u;
const NATURAL_SYMBOL_TOKENS = new Set([
  '-',
  '–',
  '—',
  '&',
  '/',
  '|',
  '+',
  '=',
  '*',
  ':',
  '•',
  '·',
  '→',
  '...',
  '…',
  '#',
]);
/** Symbol clusters with two brackets or a backslash (`](`, `({`, `[{@`, `\`): rare outside code. */
const BRACKET_CLUSTER = /[[\](){}<>].*[[\](){}<>]|\\/;
/** Command-line options: `-rn`, `--help`, `-Xmx512m`. */
const OPTION = /^--?[A-Za-z][\w-]*(?:=\S*)?$/;

/** 1 = letters only, lower case; 2 = letters only, with upper case; 0 = anything else. */
function asciiLetters(text: string, from: number, to: number): number {
  let upper = false;
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x61 && code <= 0x7a) continue;
    if (code >= 0x41 && code <= 0x5a) upper = true;
    else return 0;
  }
  return upper ? 2 : 1;
}

/** Case switches inside an ASCII word, as `CAMEL` tests, without a regex. */
function asciiCamel(text: string, from: number, to: number): boolean {
  let lowerRun = 0;
  let upperRun = 0;
  for (let index = from; index < to; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x61) {
      if (upperRun >= 2 && lowerRun === 0 && index + 1 < to && text.charCodeAt(index + 1) >= 0x61)
        return true;
      lowerRun++;
      upperRun = 0;
    } else {
      if (lowerRun >= 2) return true;
      upperRun++;
      lowerRun = 0;
    }
  }
  return false;
}

function skipRepeatedSymbol(text: string, at: number, limit: number, step: 1 | -1): number {
  const code = text.charCodeAt(at);
  if (at === limit || isAlphanumericAscii(code) || code >= 0x80) return at;
  let index = at;
  while (index !== limit && text.charCodeAt(index) === code) index += step;
  return Math.abs(index - at) >= 3 ? index : at;
}

function isAlphanumericAscii(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

export function shapeToken(text: string, start: number, end: number): ShapedToken {
  let from = start;
  let to = end;
  // Edge punctuation goes, but at most one bracket per edge: `(word)` is prose, `quietly}]` is not.
  for (let count = 0, brackets = 0; count < MAX_LEADING && from < to && LEADING.has(text[from]); count++) {
    if (BRACKETS.has(text[from]) && ++brackets > 1) break;
    from++;
  }
  for (
    let count = 0, brackets = 0;
    count < MAX_TRAILING && to > from && TRAILING.has(text[to - 1]);
    count++
  ) {
    if (BRACKETS.has(text[to - 1]) && ++brackets > 1) break;
    to--;
  }
  // Banner decoration: three or more of one symbol at an edge (`-----BEGIN`, `===Title===`).
  from = skipRepeatedSymbol(text, from, to, 1);
  to = skipRepeatedSymbol(text, to - 1, from - 1, -1) + 1;
  // Most tokens are plain ASCII words: no regex for them.
  const letters = to > from ? asciiLetters(text, from, to) : 0;
  if (letters !== 0) {
    const camel = letters === 2 && asciiCamel(text, from, to);
    return {
      start,
      end,
      shape: camel ? 'camel' : 'word',
      anomaly: camel ? 0.45 : 0,
      core: text.slice(from, to),
      coreStart: from,
      coreEnd: to,
    };
  }
  const core = text.slice(from, to);
  const token = (shape: TokenShape, anomaly: number): ShapedToken => ({
    start,
    end,
    shape,
    anomaly,
    core,
    coreStart: from,
    coreEnd: to,
  });

  if (core.length === 0) {
    const raw = text.slice(start, end);
    if (NATURAL_SYMBOL_TOKENS.has(raw) || raw.length === 1) return token('neutral', 0);
    return token('symbols', BRACKET_CLUSTER.test(raw) ? 0.6 : 0.3);
  }
  if (NON_LATIN_LETTER.test(core)) return token('neutral', 0);
  if (WORD.test(core)) return CAMEL.test(core) ? token('camel', 0.45) : token('word', 0);
  if (PLURAL_IN_PARENTHESES.test(core)) return token('word', 0);
  if (LIGHT_JOIN.test(core)) return token('word', 0.2);
  if (NUMERIC.test(core) || ALPHANUMERIC.test(core) || COMPOUND.test(core) || HANDLE.test(core)) {
    return token('neutral', 0);
  }
  // Options and directories (`src/`, `~/docs/`) are command-line material.
  if (OPTION.test(core) || (core.endsWith('/') && COMPOUND.test(`${core}x`))) return token('neutral', 0);
  if (CODE_CALL.test(core)) return token('code', 0.25);
  if (!HAS_LETTER.test(core)) {
    return token('symbols', BRACKET_CLUSTER.test(text.slice(start, end)) ? 0.6 : 0.3);
  }
  return token('junk', 1);
}

/** Tokens that only appear in source code, and lines that open like code. */
const CODE_TOKENS = new Set([
  '=',
  '==',
  '===',
  '!=',
  '!==',
  '=>',
  '->',
  '+=',
  '-=',
  '&&',
  '||',
  '|',
  '>',
  '>>',
  '<',
  '2>&1',
  '{',
  '}',
  '};',
  ');',
  '()',
  'const',
  'var',
  'def',
  'elif',
  'async',
  'await',
  'lambda',
  'null',
  'nullptr',
  'undefined',
  'void',
  'int',
  'bool',
  'str',
  'dict',
  'impl',
  'fn',
  'pub',
  'struct',
  'println',
  'printf',
  'console.log',
  'echo',
  'sudo',
]);

export function isCodeToken(raw: string, shaped: ShapedToken): boolean {
  return shaped.shape === 'code' || CODE_TOKENS.has(raw) || raw.endsWith(';') || CODE_TOKENS.has(shaped.core);
}

export const CODE_LINE_START =
  /^\s*(?:[$>#%] |\/\/|\/\*|#include|import |from \S+ import|def |class \w|function\b|const |let \w+ ?=|var |public |private |return\b|if ?\(|for ?\(|while ?\(|select |<\/?[a-z][\w-]*[\s>]|at \S+ \(|File "|Traceback|\{|\[|\|)/i;
