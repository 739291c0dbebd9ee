/**
 * The alphabet of the character n-gram model: text is reduced to 41 classes before it is counted or
 * scored. Letters are case-folded and stripped of diacritics (`É` → `e`), digits are one class, white
 * space is one class (runs count once), common punctuation keeps its own class, and everything else
 * is either "a letter of another script" or "some other symbol". Shared by the build script and the
 * scorer so both see the same classes.
 */
export const CHARACTER_CLASSES = ' abcdefghijklmnopqrstuvwxyz0.,\'"?!:;-()*λ';
export const CLASS_COUNT = CHARACTER_CLASSES.length;

export const SPACE_CLASS = 0;
export const DIGIT_CLASS = 27;
export const SYMBOL_CLASS = CHARACTER_CLASSES.indexOf('*');
export const OTHER_LETTER_CLASS = CHARACTER_CLASSES.indexOf('λ');
/** Not a class: combining marks and invisible format characters are skipped, not scored. */
export const SKIPPED = 254;

const UNKNOWN = 255;
/** Class of each UTF-16 code unit, computed on first use (a surrogate half is a symbol). */
const classes = new Uint8Array(0x10000).fill(UNKNOWN);

const PUNCTUATION: Readonly<Record<string, string>> = {
  '.': '.',
  ',': ',',
  "'": "'",
  '\u2018': "'",
  '\u2019': "'",
  '`': "'",
  '"': '"',
  '\u201c': '"',
  '\u201d': '"',
  '?': '?',
  '!': '!',
  ':': ':',
  ';': ';',
  '-': '-',
  '\u2010': '-',
  '\u2013': '-',
  '\u2014': '-',
  '(': '(',
  ')': ')',
};

const LETTER = /^\p{L}$/u;
const NUMBER = /^\p{Nd}$/u;
const WHITE_SPACE = /^\s$/u;
const MARKS = /\p{M}/gu;
const MARK_OR_FORMAT = /^[\p{M}\p{Cf}]$/u;

/** The class (index into `CHARACTER_CLASSES`) of one UTF-16 code unit, or `SKIPPED`. */
export function characterClass(code: number): number {
  const known = classes[code];
  if (known !== UNKNOWN) return known;
  const computed = computeClass(code);
  classes[code] = computed;
  return computed;
}

function computeClass(code: number): number {
  if (code >= 0x61 && code <= 0x7a) return code - 0x60;
  if (code >= 0x41 && code <= 0x5a) return code - 0x40;
  if (code >= 0x30 && code <= 0x39) return DIGIT_CLASS;
  if (code >= 0xd800 && code <= 0xdfff) return SYMBOL_CLASS;
  const character = String.fromCharCode(code);
  const punctuation = PUNCTUATION[character];
  if (punctuation !== undefined) return CHARACTER_CLASSES.indexOf(punctuation);
  if (WHITE_SPACE.test(character)) return SPACE_CLASS;
  if (MARK_OR_FORMAT.test(character)) return SKIPPED;
  if (NUMBER.test(character)) return DIGIT_CLASS;
  if (LETTER.test(character)) {
    // Latin letters with diacritics fold to their base letter; ligatures and other scripts do not.
    const base = character.normalize('NFD').replace(MARKS, '').toLowerCase();
    if (base.length === 1 && base >= 'a' && base <= 'z') return base.charCodeAt(0) - 0x60;
    return OTHER_LETTER_CLASS;
  }
  return SYMBOL_CLASS;
}
