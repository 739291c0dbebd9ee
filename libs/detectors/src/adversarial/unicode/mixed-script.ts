/**
 * Words that mix Latin letters with letters of another script that look the same (Cyrillic `а` in
 * `pаypal`, Greek `ο` in `ignοre`): a word written to read as English to a person while a filter sees
 * other characters. Text in Cyrillic, Greek or Armenian is left alone: a word counts only when it has
 * Latin letters and every non-Latin letter in it is a look-alike of a Latin one.
 */
export type MixedScriptWord = {
  start: number;
  end: number;
  /** The word with its look-alikes replaced by the Latin letters they imitate. */
  skeleton: string;
  /** Scripts of the look-alike letters (Cyrillic, Greek, …). */
  scripts: string[];
  lookAlikes: number;
};

/**
 * Look-alikes of Latin letters, by script, from the Unicode code charts (glyphs that are identical or
 * nearly so in common fonts). Deliberately narrower than the normaliser's fold table: letters such as
 * Cyrillic `н` or Greek `η` do not look Latin in running text.
 */
const LOOK_ALIKES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  Cyrillic: {
    а: 'a',
    е: 'e',
    о: 'o',
    р: 'p',
    с: 'c',
    у: 'y',
    х: 'x',
    і: 'i',
    ј: 'j',
    ѕ: 's',
    ԁ: 'd',
    һ: 'h',
    ӏ: 'l',
    ԛ: 'q',
    ԝ: 'w',
    ү: 'y',
    А: 'A',
    В: 'B',
    Е: 'E',
    К: 'K',
    М: 'M',
    Н: 'H',
    О: 'O',
    Р: 'P',
    С: 'C',
    Т: 'T',
    Х: 'X',
    У: 'Y',
    І: 'I',
    Ј: 'J',
    Ѕ: 'S',
    Ԁ: 'D',
    Һ: 'H',
    Ӏ: 'I',
    Ԛ: 'Q',
    Ԝ: 'W',
    Ү: 'Y',
  },
  Greek: {
    ο: 'o',
    ι: 'i',
    ν: 'v',
    α: 'a',
    κ: 'k',
    ρ: 'p',
    υ: 'u',
    χ: 'x',
    Α: 'A',
    Β: 'B',
    Ε: 'E',
    Ζ: 'Z',
    Η: 'H',
    Ι: 'I',
    Κ: 'K',
    Μ: 'M',
    Ν: 'N',
    Ο: 'O',
    Ρ: 'P',
    Τ: 'T',
    Υ: 'Y',
    Χ: 'X',
  },
  Armenian: { օ: 'o', ս: 'u', հ: 'h', ո: 'n', Օ: 'O', Ս: 'U' },
  Cherokee: {
    Ꭺ: 'A',
    Ᏼ: 'B',
    Ꮯ: 'C',
    Ꭼ: 'E',
    Ꮋ: 'H',
    Ꭻ: 'J',
    Ꮶ: 'K',
    Ꮮ: 'L',
    Ꮇ: 'M',
    Ꮻ: 'O',
    Ꮲ: 'P',
    Ꮪ: 'S',
    Ꭲ: 'T',
    Ꮩ: 'V',
    Ꮃ: 'W',
    Ꮓ: 'Z',
  },
};

const LOOK_ALIKE = new Map<string, { latin: string; script: string }>();
for (const [script, letters] of Object.entries(LOOK_ALIKES)) {
  for (const [letter, latin] of Object.entries(letters)) LOOK_ALIKE.set(letter, { latin, script });
}

/** A quick test: does the text contain any letter of the scripts above at all? */
const OTHER_SCRIPT_PRESENT = /[\u0370-\u03ff\u0400-\u052f\u0531-\u058f\u13a0-\u13f5]/;
/** Words: letters and combining marks (a word with a digit or hyphen splits there). */
const WORD = /[\p{L}\p{M}]{3,}/gu;
const LATIN = /\p{Script=Latin}/u;
/** Latin letters in the Basic Latin, Latin-1, Extended-A/B and Extended Additional blocks. */
const LATIN_LETTER_PRESENT = /[A-Za-z\u00c0-\u024f\u1e00-\u1eff]/;
const LETTER = /\p{L}/u;

export function findMixedScriptWords(text: string, limit: number, maxWords = 32): MixedScriptWord[] {
  const scanned = text.length > limit ? text.slice(0, limit) : text;
  if (!OTHER_SCRIPT_PRESENT.test(scanned)) return [];
  const words: MixedScriptWord[] = [];
  for (const match of scanned.matchAll(WORD)) {
    const word = match[0];
    // Most words of a Cyrillic or Greek text have no Latin letter at all: skip them cheaply.
    if (!LATIN_LETTER_PRESENT.test(word) || !OTHER_SCRIPT_PRESENT.test(word)) continue;
    let latin = 0;
    let lookAlikes = 0;
    let foreign = false;
    let skeleton = '';
    const scripts = new Set<string>();
    for (const character of word) {
      const lookAlike = LOOK_ALIKE.get(character);
      if (lookAlike !== undefined) {
        lookAlikes++;
        scripts.add(lookAlike.script);
        skeleton += lookAlike.latin;
      } else if (LATIN.test(character)) {
        latin++;
        skeleton += character;
      } else if (LETTER.test(character)) {
        foreign = true;
        break;
      } else {
        skeleton += character;
      }
    }
    if (foreign || latin === 0 || lookAlikes === 0) continue;
    words.push({
      start: match.index,
      end: match.index + word.length,
      skeleton,
      scripts: [...scripts],
      lookAlikes,
    });
    if (words.length >= maxWords) break;
  }
  return words;
}
