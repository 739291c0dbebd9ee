import {
  BIDI_OVERRIDES,
  BYTE_ORDER_MARK,
  CANCEL_TAG,
  COMBINING_GRAPHEME_JOINER,
  HANGUL_FILLERS,
  ISOLATE_OPENERS,
  Kind,
  POP_DIRECTIONAL_FORMATTING,
  POP_DIRECTIONAL_ISOLATE,
  SOFT_HYPHEN,
  WAVING_BLACK_FLAG,
  ZERO_WIDTH_JOINER,
  ZERO_WIDTH_NON_JOINER,
  ZERO_WIDTH_SPACE,
  isEmoji,
  isHangul,
  isJoiningScript,
  isMongolian,
  isSpacelessScript,
  isTag,
  kindOf,
  variationSelectorByte,
} from './unicode-characters';

export type Span = { start: number; end: number };
export type TagRun = Span & { tags: number; decoded: string };
export type VariationRun = Span & { selectors: number; bytes: number[] };
export type BidiControl = Span & { code: number };
export type InvisibleRun = Span & { codes: number[] };
export type CombiningRun = Span & { marks: number };

/** What one pass over a text found; every list is capped at `MAX_ITEMS` (counts keep going). */
export type UnicodeScan = {
  /** Tag-character runs that are not part of an emoji flag (subdivision flags use tags legitimately). */
  tagRuns: TagRun[];
  tagCharacters: number;
  /** Three or more variation selectors in a row (one per base character is the legitimate use). */
  variationRuns: VariationRun[];
  /** LRO/RLO. */
  overrides: BidiControl[];
  /** Embeddings/isolates never closed in their paragraph, or closers with nothing open. */
  unbalanced: BidiControl[];
  /** Every explicit bidi control (for the code-context check). */
  bidiControls: BidiControl[];
  /** Invisible characters between two letters or digits, where no script needs them. */
  wordSplits: InvisibleRun[];
  /** Four or more invisible characters in a row, where no script needs them. */
  hiddenRuns: InvisibleRun[];
  combiningRuns: CombiningRun[];
};

export const MAX_ITEMS = 64;
/** Marks on one letter beyond any script's need (Vietnamese uses 2, Tibetan and Hebrew stack ~4-5). */
export const COMBINING_FLOOD = 7;
const HIDDEN_RUN = 4;
const VARIATION_RUN = 3;

/**
 * One linear pass over `text[0, limit)` collecting the Unicode tricks used to hide text from people
 * or filters. Invisible characters that a script or an emoji sequence needs are "explained" and
 * ignored: ZWJ between emoji, ZWJ/ZWNJ next to Arabic, Persian or Indic letters, ZWSP next to Thai,
 * Khmer or CJK, a leading BOM, a soft hyphen between letters, Hangul fillers next to Hangul.
 */
export function scanUnicode(text: string, limit = text.length): UnicodeScan {
  const scan: UnicodeScan = {
    tagRuns: [],
    tagCharacters: 0,
    variationRuns: [],
    overrides: [],
    unbalanced: [],
    bidiControls: [],
    wordSplits: [],
    hiddenRuns: [],
    combiningRuns: [],
  };
  const end = Math.min(limit, text.length);
  const open: BidiControl[] = [];
  let previous = -1;
  let index = 0;
  while (index < end) {
    const code = text.charCodeAt(index);
    if (code < 0x80) {
      if (code === 0x0a || code === 0x0d) closeParagraph(open, scan);
      previous = code;
      index++;
      continue;
    }
    const kind = kindOf(code);
    if (kind === Kind.Surrogate) {
      const codePoint = text.codePointAt(index)!;
      if (isTag(codePoint)) {
        index = tagRun(text, index, end, previous, scan);
        previous = CANCEL_TAG;
        continue;
      }
      if (variationSelectorByte(codePoint) >= 0) {
        index = variationRun(text, index, end, scan);
        continue;
      }
      previous = codePoint;
      index += codePoint > 0xffff ? 2 : 1;
      continue;
    }
    switch (kind) {
      case Kind.VariationSelector:
        index = variationRun(text, index, end, scan);
        continue;
      case Kind.Invisible:
        index = invisibleRun(text, index, end, previous, scan);
        continue;
      case Kind.Bidi:
        bidiControl(code, index, open, scan);
        index++;
        continue;
      case Kind.Mark: {
        const start = index;
        let marks = 0;
        while (index < end && kindOf(text.charCodeAt(index)) === Kind.Mark) {
          index++;
          marks++;
        }
        if (marks >= COMBINING_FLOOD) push(scan.combiningRuns, { start, end: index, marks });
        continue;
      }
      case Kind.Other:
      case Kind.Letter:
      case Kind.Digit:
      case Kind.Space:
        if (code === 0x2029 || code === 0x2028 || code === 0x85) closeParagraph(open, scan);
        previous = code;
        index++;
        continue;
    }
  }
  closeParagraph(open, scan);
  return scan;
}

function push<T>(list: T[], item: T): void {
  if (list.length < MAX_ITEMS) list.push(item);
}

function codePointAt(text: string, index: number): number {
  return index < text.length ? text.codePointAt(index)! : -1;
}

function tagRun(text: string, start: number, end: number, previous: number, scan: UnicodeScan): number {
  let index = start;
  let decoded = '';
  let tags = 0;
  let flagShaped = previous === WAVING_BLACK_FLAG;
  let cancelled = false;
  while (index < end) {
    const codePoint = text.codePointAt(index)!;
    if (!isTag(codePoint)) break;
    tags++;
    if (codePoint === CANCEL_TAG) cancelled = true;
    else if (cancelled) flagShaped = false;
    const ascii = codePoint - 0xe0000;
    // Subdivision flags are lower-case letters and digits, then CANCEL TAG.
    if (!((ascii >= 0x61 && ascii <= 0x7a) || (ascii >= 0x30 && ascii <= 0x39) || ascii === 0x7f)) {
      flagShaped = false;
    }
    if (ascii >= 0x20 && ascii < 0x7f && decoded.length < 4096) decoded += String.fromCharCode(ascii);
    else if ((ascii === 0x0a || ascii === 0x09) && decoded.length < 4096) decoded += ' ';
    index += 2;
  }
  scan.tagCharacters += tags;
  const flag = flagShaped && cancelled && tags >= 3 && tags <= 8;
  if (!flag) push(scan.tagRuns, { start, end: index, tags, decoded });
  return index;
}

function variationRun(text: string, start: number, end: number, scan: UnicodeScan): number {
  let index = start;
  const bytes: number[] = [];
  let selectors = 0;
  while (index < end) {
    const codePoint = text.codePointAt(index)!;
    const byte = variationSelectorByte(codePoint);
    if (byte < 0) break;
    selectors++;
    if (bytes.length < 4096) bytes.push(byte);
    index += codePoint > 0xffff ? 2 : 1;
  }
  if (selectors >= VARIATION_RUN) push(scan.variationRuns, { start, end: index, selectors, bytes });
  return index;
}

function invisibleRun(text: string, start: number, end: number, previous: number, scan: UnicodeScan): number {
  let index = start;
  while (index < end && kindOf(text.charCodeAt(index)) === Kind.Invisible) index++;
  const length = index - start;
  if (length >= HIDDEN_RUN) {
    if (scan.hiddenRuns.length < MAX_ITEMS) {
      scan.hiddenRuns.push({ start, end: index, codes: codesOf(text, start, Math.min(index, start + 4096)) });
    }
    return index;
  }
  if (scan.wordSplits.length >= MAX_ITEMS) return index;
  const next = codePointAt(text, index);
  if (isWordCharacter(previous) && isWordCharacter(next)) {
    const codes = codesOf(text, start, index);
    if (!explained(codes, previous, next, start)) scan.wordSplits.push({ start, end: index, codes });
  }
  return index;
}

function codesOf(text: string, start: number, end: number): number[] {
  const codes: number[] = [];
  for (let index = start; index < end; index++) codes.push(text.charCodeAt(index));
  return codes;
}

function isWordCharacter(codePoint: number): boolean {
  if (codePoint < 0) return false;
  if (codePoint < 0x80) {
    return (
      (codePoint >= 0x61 && codePoint <= 0x7a) ||
      (codePoint >= 0x41 && codePoint <= 0x5a) ||
      (codePoint >= 0x30 && codePoint <= 0x39)
    );
  }
  if (codePoint > 0xffff) return false;
  const kind = kindOf(codePoint);
  return kind === Kind.Letter || kind === Kind.Digit || kind === Kind.Mark;
}

/** Whether a short run of invisible characters is one a script or an emoji sequence needs. */
function explained(codes: readonly number[], previous: number, next: number, start: number): boolean {
  for (const code of codes) {
    const ok =
      (code === ZERO_WIDTH_JOINER &&
        ((isEmoji(previous) && isEmoji(next)) || isJoiningScript(previous) || isJoiningScript(next))) ||
      (code === ZERO_WIDTH_NON_JOINER && (isJoiningScript(previous) || isJoiningScript(next))) ||
      (code === ZERO_WIDTH_SPACE && (isSpacelessScript(previous) || isSpacelessScript(next))) ||
      (code === BYTE_ORDER_MARK && start === 0) ||
      (code === SOFT_HYPHEN && codes.length === 1) ||
      (code === COMBINING_GRAPHEME_JOINER && next >= 0 && next <= 0xffff && kindOf(next) === Kind.Mark) ||
      (HANGUL_FILLERS.has(code) && (isHangul(previous) || isHangul(next))) ||
      (code === 0x180e && (isMongolian(previous) || isMongolian(next)));
    if (!ok) return false;
  }
  return true;
}

function bidiControl(code: number, index: number, open: BidiControl[], scan: UnicodeScan): void {
  // Objects only for what is kept: a megabyte of controls must not allocate a million of them.
  const control: BidiControl = { start: index, end: index + 1, code };
  if (scan.bidiControls.length < MAX_ITEMS) scan.bidiControls.push(control);
  if (scan.overrides.length < MAX_ITEMS && BIDI_OVERRIDES.has(code)) scan.overrides.push(control);
  let unbalanced = false;
  if (code === POP_DIRECTIONAL_FORMATTING) {
    // Closes the last embedding or override, unless an isolate is open inside it.
    const top = open[open.length - 1];
    if (top !== undefined && !ISOLATE_OPENERS.has(top.code)) open.pop();
    else unbalanced = true;
  } else if (code === POP_DIRECTIONAL_ISOLATE) {
    // Closes the last isolate and any embedding opened inside it.
    const isolate = findLastIsolate(open);
    if (isolate >= 0) open.length = isolate;
    else unbalanced = true;
  } else if (open.length < 256) {
    open.push(control);
  } else {
    unbalanced = true;
  }
  if (unbalanced && scan.unbalanced.length < MAX_ITEMS) scan.unbalanced.push(control);
}

function findLastIsolate(open: readonly BidiControl[]): number {
  for (let position = open.length - 1; position >= 0; position--) {
    if (ISOLATE_OPENERS.has(open[position].code)) return position;
  }
  return -1;
}

/** Bidi state ends with the paragraph: whatever is still open there was never closed. */
function closeParagraph(open: BidiControl[], scan: UnicodeScan): void {
  if (open.length === 0) return;
  for (const control of open) push(scan.unbalanced, control);
  open.length = 0;
}
