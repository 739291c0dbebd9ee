/**
 * ROT13 and reversed text have no alphabet of their own, so they are recognised by what they do to
 * frequent English words: `gur`, `naq`, `vafgehpgvbaf` are `the`, `and`, `instructions` rotated;
 * `eht`, `dna`, `snoitcurtsni` the same words backwards. A line whose words mostly become frequent
 * words when transformed back, and mostly are not frequent words as written, is transformed text.
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

/** A frequent English word (or attack word) of at least four letters, in any case. */
export function isFrequentWord(word: string): boolean {
  return word.length >= 4 && FREQUENT.has(word.toLowerCase());
}

/** How text looks under a word-by-word transform the attacker applied (ROT13, reversal). */
type WordTransform = {
  /** Frequent words as they look transformed, minus those that are frequent words themselves. */
  readonly transformed: ReadonlySet<string>;
  /** Cheap first look: the commonest transformed words. */
  readonly common: RegExp;
};

/** The same words, rotated: what ROT13 text is made of. */
const ROT13: WordTransform = {
  transformed: transformedSet(rot13Word),
  common:
    /\b(?:gur|naq|lbh|lbhe|vf|gb|bs|nyy|sbe|jvgu|guvf|gung|ner|abg|vtaber|cerivbhf|vafgehpgvbaf|flfgrz|cebzcg)\b/gi,
};
/** The same words, spelled backwards: text reversed character by character ("snoitcurtsni"). */
const REVERSED: WordTransform = {
  transformed: transformedSet(reverseWord),
  common:
    /\b(?:eht|dna|uoy|ruoy|lla|rof|htiw|siht|taht|era|ton|erongi|suoiverp|snoitcurtsni|metsys|tpmorp|drowssap|laever|terces)\b/gi,
};
const WORD = /[A-Za-z]{2,}/g;
const LINE = /[^\n]+/g;
/** Lines with fewer transformed words than this are not worth the risk of a coincidence. */
const MIN_TRANSFORMED_WORDS = 3;

function transformedSet(transform: (word: string) => string): ReadonlySet<string> {
  return new Set([...FREQUENT].map(transform).filter((word) => !FREQUENT.has(word)));
}

export function rot13Word(word: string): string {
  let result = '';
  for (let index = 0; index < word.length; index++) {
    const code = word.charCodeAt(index) | 0x20;
    result += String.fromCharCode(((code - 0x61 + 13) % 26) + 0x61);
  }
  return result;
}

function reverseWord(word: string): string {
  return [...word].reverse().join('');
}

/** The longest span of ROT13 text, if any (see `transformedSpan`). */
export function rot13Span(text: string, maxLines = 2000): { start: number; end: number } | undefined {
  return transformedSpan(text, ROT13, maxLines);
}

/** The longest span of text written backwards, if any (see `transformedSpan`). */
export function reversedSpan(text: string, maxLines = 2000): { start: number; end: number } | undefined {
  return transformedSpan(text, REVERSED, maxLines);
}

/**
 * The longest span of transformed text, if any: per line, from the first to the last transformed word,
 * when the line has at least three of them (two of three letters or more) and they outnumber its plain
 * frequent words two to one.
 */
function transformedSpan(
  text: string,
  transform: WordTransform,
  maxLines: number,
): { start: number; end: number } | undefined {
  let common = 0;
  transform.common.lastIndex = 0;
  while (common < MIN_TRANSFORMED_WORDS && transform.common.exec(text) !== null) common++;
  if (common < MIN_TRANSFORMED_WORDS - 1) return undefined;
  let best: { start: number; end: number } | undefined;
  let lines = 0;
  for (const line of text.matchAll(LINE)) {
    if (++lines > maxLines) break;
    let transformed = 0;
    let longTransformed = 0;
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
      if (!transform.transformed.has(lower)) continue;
      transformed++;
      if (lower.length >= 3) longTransformed++;
      if (first < 0) first = match.index;
      last = match.index + match[0].length;
    }
    // Two-letter words transform into others by chance (`ab` → `no`, `vs` → `if`): most must be longer.
    if (
      transformed < MIN_TRANSFORMED_WORDS ||
      longTransformed < 2 ||
      transformed < 2 * plain + 1 ||
      transformed * 4 < words
    ) {
      continue;
    }
    const span = { start: line.index + first, end: line.index + last };
    if (best === undefined || span.end - span.start > best.end - best.start) best = span;
  }
  return best;
}
