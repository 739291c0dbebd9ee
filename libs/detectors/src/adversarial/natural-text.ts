import { bitsPerCharacter } from './language-model/char-model';

/**
 * Is decoded content text at all, and is it natural language (and instructions)? Used on what
 * decoders recover, so an ordinary encoded blob (image, hash, key, token) is told apart from an
 * encoding used to hide prose.
 */

/** Share of characters that are printable (not control characters, not U+FFFD from bad UTF-8). */
export function printableRatio(text: string): number {
  if (text.length === 0) return 0;
  let printable = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x09 || code === 0x0a || code === 0x0d) printable++;
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0) || code === 0xfffd) continue;
    else printable++;
  }
  return printable / text.length;
}

export type NaturalLanguage = {
  natural: boolean;
  /** Cross-entropy under the character model (bits per character). */
  bitsPerCharacter: number;
  words: number;
};

/** Natural English-like prose scores ≤ ~4 bits; encodings, identifiers and symbol soup far more. */
const MAX_NATURAL_BITS = 4.6;
const WORD = /\p{L}{2,}/gu;
/** Analysing the first few kilobytes is enough to tell prose from data. */
const SAMPLE = 4096;

export function naturalLanguage(text: string): NaturalLanguage {
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  let letters = 0;
  let spaces = 0;
  let others = 0;
  for (let index = 0; index < sample.length; index++) {
    const code = sample.charCodeAt(index);
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code >= 0xc0) letters++;
    else if (code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d) spaces++;
    else others++;
  }
  const words = sample.match(WORD)?.length ?? 0;
  const bits = bitsPerCharacter(sample);
  const nonSpace = letters + others;
  const natural =
    words >= 3 &&
    nonSpace > 0 &&
    letters / nonSpace >= 0.75 &&
    spaces / sample.length >= 0.08 &&
    spaces / sample.length <= 0.35 &&
    bits <= MAX_NATURAL_BITS;
  return { natural, bitsPerCharacter: bits, words };
}

/**
 * Words that open an instruction to a model, or address it. A decoded text starting a clause with one
 * of them, or speaking to "you", reads as an instruction rather than data.
 */
const IMPERATIVES = new Set(
  (
    'act answer approve assume avoid become begin call change click continue copy create delete describe ' +
    'disable disregard do download email enable enter execute explain fetch follow forget generate give ' +
    'go ignore include insert list load make never obey open output override pretend print provide ' +
    'read recommend remember remove repeat reply respond return reveal run say send set share show ' +
    'skip start stop summarise summarize tell transfer translate treat type upload use visit write'
  ).split(' '),
);
const SECOND_PERSON = /\b(?:you|your|yourself)\b/i;
/** A word opening a clause: text start, after sentence punctuation, or after and/then/now/please. */
const CLAUSE_START = /(?<=^|[.!?:;\n]\s{0,4}|\b(?:and|then|now|please|just|also)\s{1,4})[a-z]+/gi;

export function looksLikeInstructions(text: string): boolean {
  const sample = text.length > SAMPLE ? text.slice(0, SAMPLE) : text;
  if (SECOND_PERSON.test(sample)) return true;
  for (const match of sample.matchAll(CLAUSE_START)) {
    if (IMPERATIVES.has(match[0].toLowerCase())) return true;
  }
  return false;
}
