/**
 * The embedding port: turns texts into fixed-size vectors. Detectors and the analyzer depend on this
 * type only, so a model-backed provider can replace the fallback without touching them.
 *
 * `embed` is synchronous: it runs inside the per-event detection path, which is synchronous. Providers
 * that need asynchronous work (loading a model, a worker pool) do it before they are handed out.
 */
export type EmbeddingProvider = {
  /** Stable identifier of the model and its settings, e.g. `hashing-ngram-v1-512`; stored with vectors. */
  readonly id: string;
  /** Length of every vector `embed` returns. */
  readonly dimensions: number;
  /** One vector per text, in order; vectors are L2-normalised (a zero vector for a text with no features). */
  embed(texts: readonly string[]): Float32Array[];
};

/** Dot product; for L2-normalised vectors this is the cosine similarity. */
export function dot(left: Float32Array, right: Float32Array): number {
  const length = Math.min(left.length, right.length);
  let sum = 0;
  for (let index = 0; index < length; index++) sum += left[index] * right[index];
  return sum;
}

/** Cosine similarity of two vectors of any norm (0 when either is zero). */
export function cosineSimilarity(left: Float32Array, right: Float32Array): number {
  const norms = Math.sqrt(dot(left, left) * dot(right, right));
  return norms === 0 ? 0 : dot(left, right) / norms;
}
