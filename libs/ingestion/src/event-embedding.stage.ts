import { type EventRow } from '@argus/clickhouse/rows';
import { centroidOutlierScore } from '@argus/scoring';

/** The embedding port the stage needs (`EmbeddingService` of @argus/embeddings satisfies it). */
export type TextEmbedder = {
  readonly id: string;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
};

/** A series' reference for outlier scores: its centroid and the reference's median distance to it. */
export type OutlierReference = { readonly centroid: Float64Array; readonly medianDistance: number };

export type OutlierReferenceLookup = (series: {
  tenantId: string;
  appId: string;
  model: string;
  field: 'input' | 'output';
  embedder: string;
}) => OutlierReference | undefined;

export type EventEmbeddingDeps = {
  embedder: TextEmbedder;
  /** Which events get vectors computed (deterministic by event id, so replays embed the same ones). */
  sample: (appId: string, eventId: string) => boolean;
  /** Reference centroids refreshed by the analyzer; absent or unknown series → no outlier score. */
  references?: OutlierReferenceLookup;
};

/**
 * Adds embeddings and per-event outlier scores to `events` rows before they are written (ingest awaits
 * it, so the batch's offsets are committed only with the vectors stored). Vectors supplied in the event
 * are kept as they are (with the event's model name); otherwise sampled events get vectors of their
 * stored — already redacted — texts, in one batched call, recorded with the embedder's id. The two are
 * never mixed in one row, since a row carries one `embedding_model`.
 */
export async function attachEventEmbeddings(rows: EventRow[], deps: EventEmbeddingDeps): Promise<void> {
  const pending: { row: EventRow; field: 'input' | 'output'; text: string }[] = [];
  for (const row of rows) {
    if (row.embedding_input.length > 0 || row.embedding_output.length > 0) continue;
    if (!deps.sample(row.app_id, row.event_id)) continue;
    if (row.input_text.length > 0) pending.push({ row, field: 'input', text: row.input_text });
    if (row.output_text.length > 0) pending.push({ row, field: 'output', text: row.output_text });
  }
  if (pending.length > 0) {
    const vectors = await deps.embedder.embed(pending.map((item) => item.text));
    pending.forEach((item, index) => {
      item.row.embedding_model = deps.embedder.id;
      // Stored as Float32 anyway; six decimals keep the JSON insert short without changing the drift.
      const vector = Array.from(vectors[index], (value) => Math.round(value * 1e6) / 1e6);
      if (item.field === 'input') item.row.embedding_input = vector;
      else item.row.embedding_output = vector;
    });
  }
  if (deps.references === undefined) return;
  for (const row of rows) {
    if (row.embedding_model === '') continue;
    const model = row.response_model !== '' ? row.response_model : row.request_model;
    for (const field of ['input', 'output'] as const) {
      const vector = field === 'input' ? row.embedding_input : row.embedding_output;
      if (vector.length === 0) continue;
      const reference = deps.references({
        tenantId: row.tenant_id,
        appId: row.app_id,
        model,
        field,
        embedder: row.embedding_model,
      });
      const score = reference === undefined ? undefined : centroidOutlierScore(vector, reference);
      if (score === undefined) continue;
      // Four decimals are plenty for a ratio around 1 and keep the JSON rows short.
      const rounded = Math.round(score * 1e4) / 1e4;
      if (field === 'input') row.outlier_input = rounded;
      else row.outlier_output = rounded;
    }
  }
}
