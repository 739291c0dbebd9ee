import {
  type EmbeddingService,
  type EmbeddingServiceConfig,
  EmbeddingModelError,
  createFallbackEmbeddingService,
} from './embedding-service';

/**
 * Builds the embedding service the configuration asks for. Resolves once the model is loaded, so
 * `dimensions` is known and a broken model directory stops start-up instead of failing per event.
 * Without `modelPath` it is the hashing fallback (`fallback: true`, id `hashing-ngram-v1-<dims>`).
 */
export async function createEmbeddingService(config: EmbeddingServiceConfig = {}): Promise<EmbeddingService> {
  if (config.modelPath === undefined) return createFallbackEmbeddingService(config.fallbackDimensions);
  // Replaced by the transformers.js worker pool in the next commit.
  return Promise.reject(new EmbeddingModelError(`model providers are not wired yet (${config.modelPath})`));
}
