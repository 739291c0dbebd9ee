/**
 * ROT13 has no alphabet of its own, so it is recognised by what it does to frequent English words:
 * `gur`, `naq`, `lbh`, `vafgehpgvbaf` are `the`, `and`, `you`, `instructions`. A line whose words
 * mostly become frequent words when rotated, and mostly are not frequent words as written, is ROT13.
 */
const FREQUENT = new Set(
  (
    'the and you your for that this with are was not have from they will would what all can there ' +
    'their about which when make like time just know take people into year good some could them ' +
    'see other than then now look only come its over think also back after use two how our work ' +
    'first well way even new want because any these give day most tell very need should must ' +
    'please ignore previous instructions instruction system prompt rules secret password reveal ' +
    'print write say answer respond forget disregard above below following text message user ' +
    'assistant model before everything anything nothing always never do does did is be been being ' +
    'has had were here where who why yes no but if or as at by on in of to it we he she his her ' +
    'him me my an so up out one more may said each many long thing go number sound water call ' +
    'down side find account bank money card transfer send data api key token admin access mode ' +
    'developer restrictions without'
  ).split(' '),
);

/** The same words, rotated: what ROT13 text is made of. */
const ROTATED = new Set([...FREQUENT].map(rot13Word));
/** Cheap first look: ROT13 English is full of these (`the`, `and`, `you`, `your`, `is`, `to`, `of`, `all`). */
const ROTATED_COMMON =
  /\b(?:gur|naq|lbh|lbhe|vf|gb|bs|nyy|sbe|jvgu|guvf|gung|ner|abg|vtaber|cerivbhf|vafgehpgvbaf|flfgrz|cebzcg)\b/gi;
const WORD = /[A-Za-z]{2,}/g;
const LINE = /[^\n]+/g;
/** Lines with fewer rotated words than this are not worth the risk of a coincidence. */
const MIN_ROTATED_WORDS = 3;

export function rot13Word(word: string): string {
  let result = '';
  for (let index = 0; index < word.length; index++) {
    const code = word.charCodeAt(index) | 0x20;
    result += String.fromCharCode(((code - 0x61 + 13) % 26) + 0x61);
  }
  return result;
}

/**
 * The longest span of ROT13 text, if any: per line, from the first to the last rotated word, when the
 * line has at least three of them (two of three letters or more) and they outnumber its plain frequent words two to one.
 */
export function rot13Span(text: string, maxLines = 2000): { start: number; end: number } | undefined {
  let common = 0;
  ROTATED_COMMON.lastIndex = 0;
  while (common < MIN_ROTATED_WORDS && ROTATED_COMMON.exec(text) !== null) common++;
  if (common < MIN_ROTATED_WORDS - 1) return undefined;
  let best: { start: number; end: number } | undefined;
  let lines = 0;
  for (const line of text.matchAll(LINE)) {
    if (++lines > maxLines) break;
    let rotated = 0;
    let longRotated = 0;
    let plain = 0;
    let words = 0;
    let first = -1;
    let last = -1;
    for (const match of line[0].matchAll(WORD)) {
      words++;
      const lower = match[0].toLowerCase();
      if (FREQUENT.has(lower)) {
        plain++;
        continue;
      }
      if (!ROTATED.has(lower)) continue;
      rotated++;
      if (lower.length >= 3) longRotated++;
      if (first < 0) first = match.index;
      last = match.index + match[0].length;
    }
    // Two-letter rotations (`ab` → `no`, `vs` → `if`) happen by chance: most must be longer words.
    if (rotated < MIN_ROTATED_WORDS || longRotated < 2 || rotated < 2 * plain + 1 || rotated * 4 < words) {
      continue;
    }
    const span = { start: line.index + first, end: line.index + last };
    if (best === undefined || span.end - span.start > best.end - best.start) best = span;
  }
  return best;
}
