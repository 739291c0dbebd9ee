import { type EmbeddingService } from '../embedding-service';

export type EmbeddingSource = 'event' | 'model' | 'fallback';

/** One field's vector and where it came from; `provider` is stored with it. */
export type FieldEmbedding = {
  readonly vector: Float32Array;
  /**
   * `event:<model>` for a vector the platform supplied in the event (e.g. `event:text-embedding-3-small`),
   * else the service id (`transformers:…` or `hashing-ngram-v1-512`). Drift compares only vectors
   * with the same provider.
   */
  readonly provider: string;
  readonly source: EmbeddingSource;
};

export type EventEmbeddings = { readonly input?: FieldEmbedding; readonly output?: FieldEmbedding };

export type EventEmbeddingInput = {
  /** `event.embeddings` as validated by the telemetry schema. */
  readonly supplied?: { readonly model: string; readonly input?: number[]; readonly output?: number[] };
  /** Flattened prompt text (ingest's `input_text`). */
  readonly inputText: string;
  /** Flattened response text (ingest's `output_text`). */
  readonly outputText: string;
};

export const EVENT_PROVIDER_PREFIX = 'event:';

/**
 * The input and output vectors of one event. A vector the platform supplied is used as it is (not
 * re-normalised: its model's geometry is the platform's); a field without one is embedded by the
 * service, both texts in one call so they share a batch. An empty text gets no vector. Rejections of
 * the service (queue full, model failure) propagate: the caller decides whether to go on without.
 */
export async function embedEventFields(
  event: EventEmbeddingInput,
  service: Pick<EmbeddingService, 'id' | 'fallback' | 'embed'>,
): Promise<EventEmbeddings> {
  const supplied = event.supplied;
  const fromEvent = (values: number[] | undefined): FieldEmbedding | undefined =>
    supplied !== undefined && values !== undefined && values.length > 0
      ? {
          vector: Float32Array.from(values),
          provider: `${EVENT_PROVIDER_PREFIX}${supplied.model}`,
          source: 'event',
        }
      : undefined;
  const result: { input?: FieldEmbedding; output?: FieldEmbedding } = {
    input: fromEvent(supplied?.input),
    output: fromEvent(supplied?.output),
  };
  const toCompute = (['input', 'output'] as const).filter((field) => {
    const text = field === 'input' ? event.inputText : event.outputText;
    return result[field] === undefined && text.length > 0;
  });
  if (toCompute.length > 0) {
    const vectors = await service.embed(
      toCompute.map((field) => (field === 'input' ? event.inputText : event.outputText)),
    );
    const source: EmbeddingSource = service.fallback ? 'fallback' : 'model';
    toCompute.forEach((field, index) => {
      result[field] = { vector: vectors[index], provider: service.id, source };
    });
  }
  return Object.fromEntries(Object.entries(result).filter(([, value]) => value !== undefined));
}
