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
  private readonly matrix: Float32Array;
  private readonly dimensions: number;

  private readonly exemplars: readonly AttackExemplar[];

  constructor(
    private readonly embedder: EmbeddingProvider,
    attacks: readonly AttackExemplar[] = ATTACK_EXEMPLARS,
    benign: readonly AttackExemplar[] = BENIGN_EXEMPLARS,
  ) {
    this.dimensions = embedder.dimensions;
    this.exemplars = [
      ...attacks,
      ...benign.map((exemplar) => ({ ...exemplar, category: 'benign' as const })),
    ];
    const vectors = embedder.embed(
      this.exemplars.map((exemplar) => normaliseForMatching(exemplar.text).text),
    );
    this.matrix = new Float32Array(this.exemplars.length * this.dimensions);
    vectors.forEach((vector, row) => this.matrix.set(vector, row * this.dimensions));
  }

  get size(): number {
    return this.exemplars.length;
  }

  private isBenign(row: number): boolean {
    return this.exemplars[row].category === 'benign';
  }

  /** `text` is already normalised (the analyser passes its matching view). */
  nearest(text: string): SimilarityMatch | undefined {
    if (text.trim().length === 0) return undefined;
    let best = -1;
    let bestRow = -1;
    let bestBenign = 0;
    for (const vector of this.embedder.embed(windows(text))) {
      for (let row = 0; row < this.exemplars.length; row++) {
        const offset = row * this.dimensions;
        let sum = 0;
        for (let index = 0; index < this.dimensions; index++)
          sum += vector[index] * this.matrix[offset + index];
        if (this.isBenign(row)) bestBenign = Math.max(bestBenign, sum);
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
