/**
 * Character facts the Unicode smuggling scan needs, as a lazily filled table per UTF-16 code unit (one
 * regex test per distinct code unit, then array look-ups: a megabyte of the same few characters costs
 * a few milliseconds). Ranges are from the Unicode code charts.
 */
export const Kind = {
  Other: 0,
  /** Combining mark (Unicode M). */
  Mark: 1,
  /** Renders as nothing: zero-width space/joiners, word joiner, invisible operators, BOM, fillers. */
  Invisible: 2,
  /** Variation selector of the BMP (U+FE00–FE0F). */
  VariationSelector: 3,
  /** Bidi embedding, override, isolate or their terminators. */
  Bidi: 4,
  Letter: 5,
  Digit: 6,
  Space: 7,
  /** Surrogate half: look at the code point. */
  Surrogate: 8,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

const UNKNOWN = 255;
const kinds = new Uint8Array(0x10000).fill(UNKNOWN);

/** Explicit bidi formatting characters (not the implicit marks LRM/RLM/ALM, which are harmless). */
export const BIDI_OPENERS = new Set([0x202a, 0x202b, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068]);
export const BIDI_OVERRIDES = new Set([0x202d, 0x202e]);
export const POP_DIRECTIONAL_FORMATTING = 0x202c;
export const POP_DIRECTIONAL_ISOLATE = 0x2069;
export const ISOLATE_OPENERS = new Set([0x2066, 0x2067, 0x2068]);

export const ZERO_WIDTH_SPACE = 0x200b;
export const ZERO_WIDTH_NON_JOINER = 0x200c;
export const ZERO_WIDTH_JOINER = 0x200d;
export const BYTE_ORDER_MARK = 0xfeff;
export const SOFT_HYPHEN = 0x00ad;
export const COMBINING_GRAPHEME_JOINER = 0x034f;
export const HANGUL_FILLERS = new Set([0x115f, 0x1160, 0x3164, 0xffa0]);

const INVISIBLE = new Set([
  SOFT_HYPHEN,
  COMBINING_GRAPHEME_JOINER,
  0x061c, // Arabic letter mark
  0x115f,
  0x1160,
  0x17b4,
  0x17b5,
  0x180e,
  0x200b,
  0x200c,
  0x200d,
  0x2060,
  0x2061,
  0x2062,
  0x2063,
  0x2064,
  0x206a,
  0x206b,
  0x206c,
  0x206d,
  0x206e,
  0x206f,
  0x3164,
  0xfeff,
  0xffa0,
  0xfff9,
  0xfffa,
  0xfffb,
]);
const BIDI = new Set([...BIDI_OPENERS, POP_DIRECTIONAL_FORMATTING, POP_DIRECTIONAL_ISOLATE]);

const MARK = /^\p{M}$/u;
const LETTER = /^\p{L}$/u;
const DIGIT = /^\p{Nd}$/u;
const SPACE = /^\s$/u;

export function kindOf(code: number): Kind {
  const known = kinds[code];
  if (known !== UNKNOWN) return known as Kind;
  const computed = computeKind(code);
  kinds[code] = computed;
  return computed;
}

function computeKind(code: number): Kind {
  if (code >= 0xd800 && code <= 0xdfff) return Kind.Surrogate;
  if (code >= 0xfe00 && code <= 0xfe0f) return Kind.VariationSelector;
  if (BIDI.has(code)) return Kind.Bidi;
  if (INVISIBLE.has(code)) return Kind.Invisible;
  const character = String.fromCharCode(code);
  if (MARK.test(character)) return Kind.Mark;
  if (LETTER.test(character)) return Kind.Letter;
  if (DIGIT.test(character)) return Kind.Digit;
  if (SPACE.test(character)) return Kind.Space;
  return Kind.Other;
}

export const isTag = (codePoint: number) => codePoint >= 0xe0000 && codePoint <= 0xe007f;
export const CANCEL_TAG = 0xe007f;
export const WAVING_BLACK_FLAG = 0x1f3f4;

/** Byte value a variation selector encodes in the "emoji smuggling" scheme, or -1. */
export function variationSelectorByte(codePoint: number): number {
  if (codePoint >= 0xfe00 && codePoint <= 0xfe0f) return codePoint - 0xfe00;
  if (codePoint >= 0xe0100 && codePoint <= 0xe01ef) return codePoint - 0xe0100 + 16;
  return -1;
}

const EMOJI = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}\u20e3\ufe0f]$/u;
/** Scripts where ZWJ/ZWNJ shape letters (Persian, Arabic, Indic, Sinhala, …). */
const JOINING_SCRIPT =
  /^[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Nko}\p{Script=Mongolian}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Gurmukhi}\p{Script=Gujarati}\p{Script=Oriya}\p{Script=Tamil}\p{Script=Telugu}\p{Script=Kannada}\p{Script=Malayalam}\p{Script=Sinhala}\p{Script=Hebrew}]$/u;
/** Scripts written without spaces, where a zero-width space marks word or line-break positions. */
const SPACELESS_SCRIPT =
  /^[\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Javanese}\p{Script=Balinese}]$/u;
const HANGUL = /^\p{Script=Hangul}$/u;
const MONGOLIAN = /^\p{Script=Mongolian}$/u;

const memo = (test: RegExp) => {
  const cache = new Map<number, boolean>();
  return (codePoint: number): boolean => {
    if (codePoint < 0) return false;
    let result = cache.get(codePoint);
    if (result === undefined) {
      result = test.test(String.fromCodePoint(codePoint));
      if (cache.size < 4096) cache.set(codePoint, result);
    }
    return result;
  };
};

export const isEmoji = memo(EMOJI);
export const isJoiningScript = memo(JOINING_SCRIPT);
export const isSpacelessScript = memo(SPACELESS_SCRIPT);
export const isHangul = memo(HANGUL);
export const isMongolian = memo(MONGOLIAN);

/** Letters of right-to-left scripts (for telling legitimate bidi formatting from tricks). */
export const RIGHT_TO_LEFT_TEXT = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]/;

/** Short names analysts recognise. */
const NAMES: Readonly<Record<number, string>> = {
  0x00ad: 'SOFT HYPHEN',
  0x034f: 'COMBINING GRAPHEME JOINER',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0x3164: 'HANGUL FILLER',
  0xffa0: 'HALFWIDTH HANGUL FILLER',
  0x115f: 'HANGUL CHOSEONG FILLER',
  0x1160: 'HANGUL JUNGSEONG FILLER',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
};

export function characterName(code: number): string {
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  const name = NAMES[code];
  return name === undefined ? hex : `${hex} ${name}`;
}
