import { type EmbeddingProvider } from '@argus/embeddings';
import { normaliseForMatching } from '../normalisation/text.normaliser';
import attackCorpus from './data/attack-exemplars.json';
import benignCorpus from './data/benign-exemplars.json';

export type ExemplarCategory = 'jailbreak' | 'prompt_injection' | 'indirect_prompt_injection' | 'benign';

export type AttackExemplar = {
  readonly family: string;
  readonly category: ExemplarCategory;
  readonly text: string;
};

export type SimilarityMatch = {
  /** Highest cosine similarity between a window of the text and an attack exemplar. */
  readonly similarity: number;
  readonly exemplar: AttackExemplar;
  /** Highest cosine similarity to an ordinary request (role-play, task prompt, everyday question). */
  readonly benignSimilarity: number;
};

/** The shipped attack corpus (`data/attack-exemplars.json`, provenance in the file). */
export const ATTACK_EXEMPLARS: readonly AttackExemplar[] = attackCorpus.exemplars.map((entry) => ({
  family: entry.family,
  category: entry.category as ExemplarCategory,
  text: entry.text,
}));

/** Ordinary requests (`data/benign-exemplars.json`): a text closer to these than to attacks is likely fine. */
export const BENIGN_EXEMPLARS: readonly AttackExemplar[] = benignCorpus.exemplars.map((entry) => ({
  family: entry.family,
  category: 'benign',
  text: entry.text,
}));

/** Texts are compared window by window: a long prompt is as close to an attack as its closest part. */
const WINDOW_CHARACTERS = 1200;
const MAX_WINDOWS = 4;

/**
 * Nearest known attack of a text, by the embedding provider's vectors. Exemplars are embedded once,
 * here; each text costs one embedding per window (at most `MAX_WINDOWS`: the first ones and the last)
 * and a dot product per exemplar.
 */
export class ExemplarIndex {
  private readonly exemplars: readonly AttackExemplar[];
  /**
   * Exemplar vectors as one sparse matrix stored by column: exemplars are short, so most of their
   * hashed buckets are zero (about 200 of 512 are used). Column `c` lists, in row order, the exemplars
   * with a non-zero value in bucket `c`, from `columnStarts[c]` to `columnStarts[c + 1]`. Walking the
   * columns in order adds to each exemplar's sum the same non-zero terms, in the same order, as a dense
   * row-by-row dot product (a zero term adds nothing), so the similarities are the same numbers; the
   * work follows the non-zero entries, and the sums of different exemplars do not wait on each other.
   */
  private readonly columnStarts: Int32Array;
  private readonly rowsOfEntries: Int32Array;
  private readonly values: Float64Array;
  private readonly benign: Uint8Array;
  /** Scratch sums, one per exemplar (detection is synchronous, so one buffer serves every call). */
  private readonly sums: Float64Array;

  constructor(
    private readonly embedder: EmbeddingProvider,
    attacks: readonly AttackExemplar[] = ATTACK_EXEMPLARS,
    benign: readonly AttackExemplar[] = BENIGN_EXEMPLARS,
  ) {
    this.exemplars = [
      ...attacks,
      ...benign.map((exemplar) => ({ ...exemplar, category: 'benign' as const })),
    ];
    const vectors = embedder.embed(
      this.exemplars.map((exemplar) => normaliseForMatching(exemplar.text).text),
    );
    const dimensions = embedder.dimensions;
    this.columnStarts = new Int32Array(dimensions + 1);
    for (const vector of vectors) {
      for (let column = 0; column < dimensions; column++) {
        if (vector[column] !== 0) this.columnStarts[column + 1]++;
      }
    }
    for (let column = 0; column < dimensions; column++) {
      this.columnStarts[column + 1] += this.columnStarts[column];
    }
    const entries = this.columnStarts[dimensions];
    this.rowsOfEntries = new Int32Array(entries);
    this.values = new Float64Array(entries);
    const next = this.columnStarts.slice(0, dimensions);
    vectors.forEach((vector, row) => {
      for (let column = 0; column < dimensions; column++) {
        if (vector[column] === 0) continue;
        this.rowsOfEntries[next[column]] = row;
        this.values[next[column]] = vector[column];
        next[column]++;
      }
    });
    this.benign = Uint8Array.from(this.exemplars, (exemplar) => (exemplar.category === 'benign' ? 1 : 0));
    this.sums = new Float64Array(this.exemplars.length);
  }

  get size(): number {
    return this.exemplars.length;
  }

  /** `text` is already normalised (the analyser passes its matching view). */
  nearest(text: string): SimilarityMatch | undefined {
    if (text.trim().length === 0) return undefined;
    const { columnStarts, rowsOfEntries, values, benign, sums } = this;
    const dimensions = columnStarts.length - 1;
    let best = -1;
    let bestRow = -1;
    let bestBenign = 0;
    for (const vector of this.embedder.embed(windows(text))) {
      sums.fill(0);
      for (let column = 0; column < dimensions; column++) {
        const value = vector[column];
        if (value === 0) continue;
        const end = columnStarts[column + 1];
        for (let entry = columnStarts[column]; entry < end; entry++) {
          sums[rowsOfEntries[entry]] += value * values[entry];
        }
      }
      for (let row = 0; row < sums.length; row++) {
        const sum = sums[row];
        if (benign[row] === 1) bestBenign = Math.max(bestBenign, sum);
        else if (sum > best) {
          best = sum;
          bestRow = row;
        }
      }
    }
    if (bestRow === -1) return undefined;
    return { similarity: Math.max(0, best), exemplar: this.exemplars[bestRow], benignSimilarity: bestBenign };
  }
}

function windows(text: string): string[] {
  if (text.length <= WINDOW_CHARACTERS * 1.5) return [text];
  const result: string[] = [];
  for (let start = 0; start < text.length && result.length < MAX_WINDOWS - 1; start += WINDOW_CHARACTERS) {
    result.push(text.slice(start, start + WINDOW_CHARACTERS));
  }
  const tailStart = Math.max(WINDOW_CHARACTERS * (MAX_WINDOWS - 1), text.length - WINDOW_CHARACTERS);
  if (tailStart < text.length) result.push(text.slice(tailStart));
  return result;
}
