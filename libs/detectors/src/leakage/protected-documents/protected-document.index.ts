import {
  type WinnowingParameters,
  reportableSpan,
  shingleHashes,
  winnow,
  winnowingParameters,
  wordHashes,
} from './protected-document.fingerprint';

export type ProtectedDocument = {
  readonly document_id: string;
  readonly title?: string;
  readonly text: string;
};

export type ProtectedDocumentIndexSettings = {
  /** Shortest copied run of words that must always be caught (policy `min_words`). */
  readonly minWords: number;
  /**
   * A fingerprint kept by more than max(`boilerplateMinDocuments`, `boilerplateShare` × documents)
   * documents is boilerplate (disclaimers, headers, licence text) and is not indexed.
   */
  readonly boilerplateShare: number;
  readonly boilerplateMinDocuments: number;
};

/** A registered document an output reproduces. */
export type ProtectedDocumentMatch = {
  readonly documentId: string;
  readonly title?: string;
  /** Longest contiguous copied span found, in words (a lower bound of the real copy). */
  readonly words: number;
  /** Offsets in the scanned text of that span. */
  readonly start: number;
  readonly end: number;
  /** Share (0..1) of the document's indexed fingerprints the text contains: how much of it was copied. */
  readonly share: number;
  /** Words of the document. */
  readonly documentWords: number;
};

/** Documents are numbered in 21 bits so (fingerprint, document) pairs sort as exact float64 keys. */
export const MAX_PROTECTED_DOCUMENTS = 1 << 21;
const DOCUMENT_FACTOR = MAX_PROTECTED_DOCUMENTS;
const floor = Math.floor; // hoisted: global lookups are slow in hot loops under a VM context (jest)
const PREFILTER_SHIFT = 8; // one bit per 2^8 fingerprint values: a 2 MiB bit set

/**
 * Protected documents fingerprinted by winnowing, with an inverted index fingerprint → documents kept
 * as two parallel typed arrays sorted by fingerprint (8 bytes per (fingerprint, document) pair, no
 * per-entry objects) and a bit set that rejects most absent fingerprints before the binary search.
 * Build with `add` then `freeze`; `match` is pure and allocation-light.
 */
export class ProtectedDocumentIndex {
  readonly parameters: WinnowingParameters;
  /** Chains of matched shingles at least this long are reported (see `reportableSpan`). */
  readonly reportableWords: number;
  private readonly ids: string[] = [];
  private readonly titles: (string | undefined)[] = [];
  private readonly knownIds = new Set<string>();
  private documentWords: number[] = [];
  private pending: Float64Array = new Float64Array(1 << 16);
  private pendingLength = 0;
  private fingerprints = new Uint32Array(0);
  private documents = new Uint32Array(0);
  private fingerprintCounts = new Uint32Array(0);
  private prefilter = new Uint8Array(0);
  private frozen = false;

  constructor(readonly settings: ProtectedDocumentIndexSettings) {
    this.parameters = winnowingParameters(settings.minWords);
    this.reportableWords = reportableSpan(settings.minWords);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Indexed (fingerprint, document) pairs after boilerplate removal. */
  get entries(): number {
    return this.fingerprints.length;
  }

  add(document: ProtectedDocument): void {
    if (this.frozen) throw new Error('the protected-document index is frozen');
    if (this.knownIds.has(document.document_id)) {
      throw new Error(`duplicate protected document id "${document.document_id}"`);
    }
    if (this.ids.length >= MAX_PROTECTED_DOCUMENTS) {
      throw new Error(`more than ${MAX_PROTECTED_DOCUMENTS} protected documents`);
    }
    const number = this.ids.length;
    this.ids.push(document.document_id);
    this.titles.push(document.title);
    this.knownIds.add(document.document_id);
    const { hashes } = wordHashes(document.text);
    this.documentWords.push(hashes.length);
    const kept = winnow(shingleHashes(hashes, this.parameters.k), this.parameters.w);
    this.reserve(kept.length);
    for (const fingerprint of kept)
      this.pending[this.pendingLength++] = fingerprint * DOCUMENT_FACTOR + number;
  }

  /** Sorts the pairs, drops duplicates and boilerplate fingerprints, and builds the prefilter. */
  freeze(): this {
    if (this.frozen) return this;
    this.frozen = true;
    const pairs = this.pending.subarray(0, this.pendingLength).sort();
    const limit = Math.max(
      this.settings.boilerplateMinDocuments,
      floor(this.settings.boilerplateShare * this.ids.length),
    );
    const fingerprints = new Uint32Array(pairs.length);
    const documents = new Uint32Array(pairs.length);
    const counts = new Uint32Array(this.ids.length);
    const prefilter = new Uint8Array(1 << (32 - PREFILTER_SHIFT - 3));
    let length = 0;
    let index = 0;
    while (index < pairs.length) {
      const fingerprint = floor((pairs[index] ?? 0) / DOCUMENT_FACTOR);
      let end = index;
      let distinct = 0;
      let previous = -1;
      while (end < pairs.length && floor((pairs[end] ?? 0) / DOCUMENT_FACTOR) === fingerprint) {
        if (pairs[end] !== previous) distinct++;
        previous = pairs[end] ?? -1;
        end++;
      }
      if (distinct <= limit) {
        previous = -1;
        for (let at = index; at < end; at++) {
          const pair = pairs[at] ?? 0;
          if (pair === previous) continue;
          previous = pair;
          const document = pair - fingerprint * DOCUMENT_FACTOR;
          fingerprints[length] = fingerprint;
          documents[length++] = document;
          counts[document] = (counts[document] ?? 0) + 1;
        }
        const bucket = fingerprint >>> PREFILTER_SHIFT;
        prefilter[bucket >>> 3] = (prefilter[bucket >>> 3] ?? 0) | (1 << (bucket & 7));
      }
      index = end;
    }
    this.fingerprints = fingerprints.slice(0, length);
    this.documents = documents.slice(0, length);
    this.fingerprintCounts = counts;
    this.prefilter = prefilter;
    this.pending = new Float64Array(0);
    this.pendingLength = 0;
    this.knownIds.clear();
    return this;
  }

  /**
   * Registered documents the text reproduces: every shingle of the text (first `maxWords` words) is
   * looked up; per document, matched shingles at most `w` apart chain into one contiguous copied span
   * (w ≤ k, so chained shingles overlap); documents whose longest chain reaches `reportableWords` are
   * returned, longest first.
   */
  match(text: string, maxWords: number): ProtectedDocumentMatch[] {
    if (!this.frozen) this.freeze();
    if (this.fingerprints.length === 0) return [];
    const { k, w } = this.parameters;
    const words = wordHashes(text, maxWords);
    const shingles = shingleHashes(words.hashes, k);
    const runs = new Map<number, Run>();
    for (let position = 0; position < shingles.length; position++) {
      const fingerprint = shingles[position] ?? 0;
      const bucket = fingerprint >>> PREFILTER_SHIFT;
      if (((this.prefilter[bucket >>> 3] ?? 0) & (1 << (bucket & 7))) === 0) continue;
      for (let at = this.lowerBound(fingerprint); this.fingerprints[at] === fingerprint; at++) {
        const document = this.documents[at] ?? 0;
        const run = runs.get(document);
        if (run === undefined) {
          runs.set(document, {
            start: position,
            last: position,
            bestStart: position,
            bestLast: position,
            matched: new Set([fingerprint]),
          });
          continue;
        }
        run.matched.add(fingerprint);
        if (position - run.last > w) run.start = position;
        run.last = position;
        if (run.last - run.start > run.bestLast - run.bestStart) {
          run.bestStart = run.start;
          run.bestLast = run.last;
        }
      }
    }
    const matches: ProtectedDocumentMatch[] = [];
    for (const [document, run] of runs) {
      const span = run.bestLast - run.bestStart + k;
      if (span < this.reportableWords) continue;
      const indexed = this.fingerprintCounts[document] ?? 0;
      matches.push({
        documentId: this.ids[document] ?? '',
        title: this.titles[document],
        words: span,
        start: words.starts[run.bestStart] ?? 0,
        end: words.ends[run.bestLast + k - 1] ?? text.length,
        share: indexed === 0 ? 0 : Math.min(1, run.matched.size / indexed),
        documentWords: this.documentWords[document] ?? 0,
      });
    }
    return matches.sort((left, right) => right.words - left.words || right.share - left.share);
  }

  private lowerBound(fingerprint: number): number {
    let low = 0;
    let high = this.fingerprints.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.fingerprints[middle] ?? 0) < fingerprint) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private reserve(extra: number): void {
    if (this.pendingLength + extra <= this.pending.length) return;
    const grown = new Float64Array(Math.max(this.pending.length * 2, this.pendingLength + extra));
    grown.set(this.pending.subarray(0, this.pendingLength));
    this.pending = grown;
  }
}

type Run = { start: number; last: number; bestStart: number; bestLast: number; matched: Set<number> };
