/**
 * Finds which of many lower-case keywords occur in a text in one pass: keywords are bucketed by their
 * first two characters, so each position costs one map lookup plus a `startsWith` per keyword sharing
 * that bigram. The cost grows with the text, not with the number of keywords.
 */
export class KeywordIndex {
  private readonly byBigram = new Map<number, string[]>();

  constructor(keywords: Iterable<string>) {
    for (const keyword of new Set(keywords)) {
      if (keyword.length < 2) throw new Error(`keyword "${keyword}" is shorter than 2 characters`);
      const key = bigram(keyword, 0);
      const bucket = this.byBigram.get(key);
      if (bucket === undefined) this.byBigram.set(key, [keyword]);
      else bucket.push(keyword);
    }
  }

  /** The keywords found in `lowerText` (already lower-cased by the caller). */
  find(lowerText: string): Set<string> {
    const found = new Set<string>();
    const last = lowerText.length - 1;
    for (let index = 0; index < last; index++) {
      const bucket = this.byBigram.get(bigram(lowerText, index));
      if (bucket === undefined) continue;
      for (const keyword of bucket) {
        if (!found.has(keyword) && lowerText.startsWith(keyword, index)) found.add(keyword);
      }
    }
    return found;
  }
}

function bigram(text: string, index: number): number {
  return text.charCodeAt(index) * 0x10000 + text.charCodeAt(index + 1);
}
