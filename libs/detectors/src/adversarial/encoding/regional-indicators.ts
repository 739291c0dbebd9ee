import { isFrequentWord } from './frequent-words';

/**
 * Regional-indicator letters (U+1F1E6–U+1F1FF, 🇦–🇿) spell words when written in a row: 🇭🇴🇼 is
 * "HOW". Pairs of them are flags (🇫🇷 is France), so a run counts as spelled text only when it has
 * two or more groups (words, separated by a few other characters) with at least five letters, one
 * group an odd number of letters long: no flag, nor any run of flags, is. A single group counts when
 * it spells a frequent word of five letters or more (🇮🇬🇳🇴🇷🇪 before plain words); two flags in a row
 * can spell a four-letter word (🇲🇴🇩🇪, Macao and Germany, is "MODE").
 */

export type RegionalIndicatorRun = {
  /** Offsets in the text (UTF-16), from the first letter to the end of the last. */
  readonly start: number;
  readonly end: number;
  /** The letters as A–Z, with the characters between groups kept as they are. */
  readonly text: string;
};

const FIRST = 0x1f1e6;
const LAST = 0x1f1ff;
const ANY = /[\u{1f1e6}-\u{1f1ff}]/u;
/** More non-letter characters than this between two groups end a run. */
const MAX_GAP = 3;
const MIN_GROUPS = 2;
const MIN_LETTERS = 5;

/** Spelled-text runs of regional indicators, in order; at most `limit` of them. One linear pass. */
export function regionalIndicatorRuns(text: string, limit = 8): RegionalIndicatorRun[] {
  const runs: RegionalIndicatorRun[] = [];
  if (!ANY.test(text)) return runs;
  let start = -1;
  let end = -1;
  let decoded = '';
  let pending = '';
  let groups = 0;
  let letters = 0;
  let groupLength = 0;
  let oddGroup = false;
  const closeGroup = () => {
    if (groupLength === 0) return;
    groups++;
    letters += groupLength;
    if (groupLength % 2 === 1) oddGroup = true;
    groupLength = 0;
  };
  const closeRun = () => {
    closeGroup();
    const spelled =
      (groups >= MIN_GROUPS && letters >= MIN_LETTERS && oddGroup) ||
      (groups === 1 && decoded.length >= MIN_LETTERS && isFrequentWord(decoded));
    if (start >= 0 && spelled) {
      runs.push({ start, end, text: decoded });
    }
    start = -1;
    decoded = '';
    pending = '';
    groups = 0;
    letters = 0;
    oddGroup = false;
  };
  for (let index = 0; index < text.length && runs.length < limit; index++) {
    const code = text.codePointAt(index) ?? 0;
    if (code >= FIRST && code <= LAST) {
      if (start < 0) start = index;
      decoded += pending + String.fromCharCode(0x41 + code - FIRST);
      pending = '';
      groupLength++;
      index++; // an astral character is two UTF-16 units
      end = index + 1;
      continue;
    }
    if (start < 0) continue;
    closeGroup();
    if (index - end >= MAX_GAP) closeRun();
    else pending += text[index];
  }
  if (runs.length < limit) closeRun();
  return runs;
}
