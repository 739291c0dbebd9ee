import { modeFast } from 'simple-statistics';
import confusables from './confusables.json';

/**
 * Text as rule matchers see it, with the way back to the original string.
 *
 * `text` is the original with compatibility forms unfolded (NFKD: fullwidth, mathematical
 * alphanumerics, ligatures, circled letters), invisible format characters removed (Unicode Cf: zero
 * width spaces and joiners, bidi controls, word joiner and invisible operators, BOM, soft hyphen, tag
 * characters; plus variation selectors and the invisible Hangul fillers), combining marks stripped
 * (`ïgnörë` → `ignore`), look-alike letters folded to a Latin skeleton (Cyrillic `о`, Greek `ο`,
 * small capitals, …; see confusables.json) and lower-cased. Optional passes fold leetspeak and join
 * letters split by spacing tricks.
 */
export type NormalisedView = {
  /** The string that was normalised. */
  readonly original: string;
  /** The normalised text. */
  readonly text: string;
  /** What the normalisation had to undo; non-zero counts are themselves a signal of obfuscation. */
  readonly stats: Readonly<NormalisationStats>;
  /** Maps [start, end) in `text` to [start, end) in `original` (JavaScript string indices). */
  toOriginal(start: number, end: number): OriginalSpan;
};

export type OriginalSpan = { readonly start: number; readonly end: number };

export type NormalisationStats = {
  /** Invisible format characters removed (zero-width, bidi controls, tags, variation selectors, …). */
  formatCharacters: number;
  /** Of which Unicode tag characters U+E0000–U+E007F (used to smuggle ASCII invisibly). */
  tagCharacters: number;
  /** Combining marks removed. */
  combiningMarks: number;
  /** Characters changed by NFKD compatibility folding (fullwidth, math alphanumerics, …). */
  compatibilityCharacters: number;
  /** Look-alike characters folded by the confusables table. */
  confusableCharacters: number;
  /** Digits and symbols read as letters (`leet` option). */
  leetCharacters: number;
  /** Separators removed between split letters (`collapseSpacing` option). */
  joinedSeparators: number;
};

export type NormalisationOptions = {
  /**
   * Read digits and symbols as letters inside words that contain a letter: 0→o, 1→i, 3→e, 4→a, 5→s,
   * 7→t, @→a, $→s (`1gn0r3` → `ignore`). Numbers on their own stay as they are.
   */
  readonly leet?: boolean;
  /**
   * Join letters split by spacing tricks: runs of three or more single letters separated by spaces or
   * punctuation (`i g n o r e`, `i.g.n.o.r.e`), and a hyphen, underscore, dot or asterisk between two
   * letters (`ig-nore`, `in_structions`). Words may then run together (`i g n o r e a l l` →
   * `ignoreall`): matchers over this view should not require spaces between words.
   */
  readonly collapseSpacing?: boolean;
};

const CONFUSABLES: ReadonlyMap<string, string> = buildConfusables(confusables.map);

/** Variation selectors, combining grapheme joiner and Hangul fillers render as nothing but are not Cf. */
const INVISIBLE_NOT_FORMAT = new Set([0x034f, 0x115f, 0x1160, 0x3164, 0xffa0]);
const FORMAT = /^\p{Cf}$/u;
const COMBINING_MARK = /\p{M}/gu;
const IS_COMBINING_MARK = /^\p{M}$/u;

/** What becomes of a non-ASCII code point: its folded text, or removal as one of these kinds. */
type Removed = 'format' | 'tag' | 'mark';
type Folding = { folded: string; counts: 'compatibility' | 'confusable' | 'none' } | Removed;

/** Per code point results; bounded so a text of many distinct code points cannot grow it forever. */
const foldings = new Map<number, Folding>();
const MAX_CACHED_FOLDINGS = 1 << 16;

/**
 * Normalises `text` for matching (see `NormalisedView`). Pure and linear in the length of `text`;
 * callers cap the length they scan.
 */
export function normaliseForMatching(text: string, options: NormalisationOptions = {}): NormalisedView {
  const stats: NormalisationStats = {
    formatCharacters: 0,
    tagCharacters: 0,
    combiningMarks: 0,
    compatibilityCharacters: 0,
    confusableCharacters: 0,
    leetCharacters: 0,
    joinedSeparators: 0,
  };
  let view = foldCharacters(text, stats);
  // Joining first lets leet see whole words: `1 g n 0 r 3` → `1gn0r3` → `ignore`.
  if (options.collapseSpacing) view = collapseSpacing(view, stats);
  if (options.leet) view = foldLeet(view, stats);
  return makeView(text, view, stats);
}

/**
 * The base view of `text` and its view with `options` applied, from one pass of character folding:
 * the same two views as `normaliseForMatching(text)` and `normaliseForMatching(text, options)`, for
 * callers that match both (the optional passes start from the folded text).
 */
export function normaliseWithVariant(
  text: string,
  options: NormalisationOptions,
): { readonly base: NormalisedView; readonly variant: NormalisedView } {
  const stats: NormalisationStats = {
    formatCharacters: 0,
    tagCharacters: 0,
    combiningMarks: 0,
    compatibilityCharacters: 0,
    confusableCharacters: 0,
    leetCharacters: 0,
    joinedSeparators: 0,
  };
  const folded = foldCharacters(text, stats);
  const variantStats = { ...stats };
  let view = folded;
  if (options.collapseSpacing) view = collapseSpacing(view, variantStats);
  if (options.leet) view = foldLeet(view, variantStats);
  return { base: makeView(text, folded, stats), variant: makeView(text, view, variantStats) };
}

/** Normalised text under construction: output characters and the original span of each. */
type Mapped = { text: string; starts: Int32Array; ends: Int32Array };

function foldCharacters(text: string, stats: NormalisationStats): Mapped {
  const length = text.length;
  // Most text folds to the same length; grow when an expansion (ligature, ß) needs more.
  let starts = new Int32Array(length + 8);
  let ends = new Int32Array(length + 8);
  const pieces: string[] = [];
  let size = 0;
  let asciiRun = -1;

  const flushAscii = (until: number) => {
    if (asciiRun < 0) return;
    pieces.push(text.slice(asciiRun, until).toLowerCase());
    asciiRun = -1;
  };
  const ensure = (extra: number) => {
    if (size + extra <= starts.length) return;
    const capacity = Math.max(starts.length * 2, size + extra);
    const grownStarts = new Int32Array(capacity);
    grownStarts.set(starts.subarray(0, size));
    const grownEnds = new Int32Array(capacity);
    grownEnds.set(ends.subarray(0, size));
    starts = grownStarts;
    ends = grownEnds;
  };

  for (let index = 0; index < length;) {
    const code = text.charCodeAt(index);
    if (code < 0x80) {
      // ASCII: lower-casing keeps one character per character, so it is done in bulk.
      if (asciiRun < 0) asciiRun = index;
      ensure(1);
      starts[size] = index;
      ends[size] = index + 1;
      size++;
      index++;
      continue;
    }
    flushAscii(index);
    const codePoint = text.codePointAt(index)!;
    const width = codePoint > 0xffff ? 2 : 1;
    const folding = foldingOf(codePoint);
    if (typeof folding === 'string') {
      if (folding === 'mark') {
        stats.combiningMarks++;
        // A mark belongs to the letter before it: a match ending on that letter covers the mark too.
        if (size > 0 && ends[size - 1] === index) ends[size - 1] = index + width;
      } else {
        stats.formatCharacters++;
        if (folding === 'tag') stats.tagCharacters++;
      }
      index += width;
      continue;
    }
    const { folded } = folding;
    if (folding.counts === 'compatibility') stats.compatibilityCharacters++;
    else if (folding.counts === 'confusable') stats.confusableCharacters++;
    ensure(folded.length);
    for (let position = 0; position < folded.length; position++) {
      starts[size] = index;
      ends[size] = index + width;
      size++;
    }
    pieces.push(folded);
    index += width;
  }
  flushAscii(length);
  return { text: pieces.join(''), starts: starts.subarray(0, size), ends: ends.subarray(0, size) };
}

function foldingOf(codePoint: number): Folding {
  let folding = foldings.get(codePoint);
  if (folding === undefined) {
    folding = computeFolding(codePoint);
    if (foldings.size < MAX_CACHED_FOLDINGS) foldings.set(codePoint, folding);
  }
  return folding;
}

function computeFolding(codePoint: number): Folding {
  if (codePoint >= 0xe0000 && codePoint <= 0xe007f) return 'tag';
  if ((codePoint >= 0xfe00 && codePoint <= 0xfe0f) || (codePoint >= 0xe0100 && codePoint <= 0xe01ef)) {
    return 'format';
  }
  if (INVISIBLE_NOT_FORMAT.has(codePoint)) return 'format';
  const character = String.fromCodePoint(codePoint);
  if (FORMAT.test(character)) return 'format';
  if (IS_COMBINING_MARK.test(character)) return 'mark';
  // NFKD, marks stripped, confusables folded, lower-cased (and folded again: some scripts' lower case
  // letters are the look-alikes).
  const decomposed = character.normalize('NFKD');
  let folded = mapConfusables(decomposed.replace(COMBINING_MARK, ''));
  folded = mapConfusables(folded.toLowerCase().normalize('NFKD').replace(COMBINING_MARK, ''));
  const lower = character.toLowerCase();
  if (folded === character || folded === lower) return { folded, counts: 'none' };
  if (decomposed !== character.normalize('NFD')) return { folded, counts: 'compatibility' };
  if (CONFUSABLES.has(character) || CONFUSABLES.has(lower)) return { folded, counts: 'confusable' };
  return { folded, counts: 'none' };
}

function mapConfusables(text: string): string {
  let result = '';
  for (const character of text) result += CONFUSABLES.get(character) ?? character;
  return result;
}

function buildConfusables(map: Readonly<Record<string, string>>): Map<string, string> {
  const result = new Map<string, string>();
  for (const [from, to] of Object.entries(map)) {
    result.set(from, to);
    // Scripts whose lower case is another code point (Cherokee) fold both ways.
    const lower = from.toLowerCase();
    if (!(lower in map)) result.set(lower, to);
  }
  return result;
}

const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '@': 'a',
  $: 's',
};
/** A word that leetspeak may hide in: letters, digits, `@` and `$`, with at least one letter. */
const LEET_WORD = /[a-z0-9@$]*[a-z][a-z0-9@$]*/g;
const LEET_CHARACTER = /[013457@$]/;

function foldLeet(view: Mapped, stats: NormalisationStats): Mapped {
  if (!/[013457@$]/.test(view.text)) return view;
  let changed = false;
  const text = view.text.replace(LEET_WORD, (word) => {
    if (!LEET_CHARACTER.test(word)) return word;
    changed = true;
    let folded = '';
    for (const character of word) {
      const letter = LEET[character];
      if (letter !== undefined) stats.leetCharacters++;
      folded += letter ?? character;
    }
    return folded;
  });
  // One character for one: the offset maps stay valid.
  return changed ? { ...view, text } : view;
}

/**
 * Three or more single letters or digits separated by one to three spaces or punctuation characters.
 * Each repetition consumes at least two characters and cannot overlap the next one, so matching is
 * linear.
 */
const SPACED_LETTERS = /(?<![a-z0-9])[a-z0-9](?:[\s.\-_*·|/\\,+~:;'"`]{1,3}[a-z0-9](?![a-z0-9])){2,}/g;
const SEPARATOR_RUN = /[^a-z0-9]+/g;

/** A separator inside a word: `ig-nore`, `in_structions`, `pre.vious`, `sys*tem`. */
const INNER_SEPARATOR = /(?<=[a-z])[-_.*](?=[a-z])/g;

function collapseSpacing(view: Mapped, stats: NormalisationStats): Mapped {
  const { text } = view;
  const drop = new Uint8Array(text.length);
  let dropped = 0;
  for (const match of text.matchAll(SPACED_LETTERS)) {
    const separators = [...match[0].matchAll(SEPARATOR_RUN)];
    const letterSeparator = modeFast(separators.map((separator) => separator[0]));
    for (const separator of separators) {
      // "i g n o r e   y o u r", "m.a.k.e a k.e.y": the separator used between letters goes; a different
      // one between groups is a word break and leaves one white-space character.
      const wordBreak = separator[0] !== letterSeparator ? separator[0].search(/\s/) : -1;
      for (let position = 0; position < separator[0].length; position++) {
        const index = match.index + separator.index + position;
        if (position === wordBreak || drop[index] === 1) continue;
        drop[index] = 1;
        dropped++;
      }
    }
  }
  for (const match of text.matchAll(INNER_SEPARATOR)) {
    if (drop[match.index] === 0) {
      drop[match.index] = 1;
      dropped++;
    }
  }
  if (dropped === 0) return view;
  stats.joinedSeparators += dropped;
  const size = text.length - dropped;
  const starts = new Int32Array(size);
  const ends = new Int32Array(size);
  let kept = '';
  let target = 0;
  let runStart = 0;
  for (let position = 0; position <= text.length; position++) {
    if (position < text.length && drop[position] === 0) continue;
    kept += text.slice(runStart, position);
    for (let source = runStart; source < position; source++) {
      starts[target] = view.starts[source];
      ends[target] = view.ends[source];
      target++;
    }
    runStart = position + 1;
  }
  return { text: kept, starts, ends };
}

function makeView(original: string, mapped: Mapped, stats: NormalisationStats): NormalisedView {
  const { text, starts, ends } = mapped;
  return {
    original,
    text,
    stats,
    toOriginal(start: number, end: number): OriginalSpan {
      if (text.length === 0) return { start: 0, end: 0 };
      const from = Math.min(Math.max(0, start), text.length - 1);
      if (end <= start) {
        // An empty span sits before the character at `start` (or at the very end).
        const at = start >= text.length ? original.length : starts[from];
        return { start: at, end: at };
      }
      const to = Math.min(Math.max(from + 1, end), text.length) - 1;
      return { start: starts[from], end: ends[to] };
    },
  };
}
