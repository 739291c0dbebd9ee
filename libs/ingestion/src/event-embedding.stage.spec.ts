import { type EventRow } from '@argus/clickhouse/rows';
import { attachEventEmbeddings, type TextEmbedder } from './event-embedding.stage';
import { makeEventRow } from '../../../test/support/event-row.factory';

function row(overrides: Partial<EventRow>): EventRow {
  return makeEventRow({
    event_id: 'e1',
    tenant_id: 't',
    app_id: 'chat',
    timestamp: '2026-01-01 00:00:00.000',
    ingested_at: '2026-01-01 00:00:00.000',
    request_model: 'gpt-4o',
    input_text: 'hello',
    output_text: 'hi there',
    ...overrides,
  });
}

/** Embeds a text as [length, 1]: easy to check, and one call per batch is counted. */
function embedder(): TextEmbedder & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    id: 'test-embedder-2',
    calls,
    embed: (texts) => {
      calls.push([...texts]);
      return Promise.resolve(texts.map((text) => Float32Array.from([text.length, 1])));
    },
  };
}

describe('attachEventEmbeddings', () => {
  it('embeds sampled events in one call, keeps supplied vectors, and skips unsampled and empty texts', async () => {
    const service = embedder();
    const rows = [
      row({ event_id: 'a' }),
      row({ event_id: 'b', embedding_model: 'platform-model', embedding_input: [0.5, 0.5] }),
      row({ event_id: 'c', output_text: '' }),
      row({ event_id: 'skip' }),
    ];
    await attachEventEmbeddings(rows, { embedder: service, sample: (_app, id) => id !== 'skip' });
    expect(service.calls).toEqual([['hello', 'hi there', 'hello']]);
    expect(rows[0]).toMatchObject({
      embedding_model: 'test-embedder-2',
      embedding_input: [5, 1],
      embedding_output: [8, 1],
    });
    expect(rows[1]).toMatchObject({ embedding_model: 'platform-model', embedding_input: [0.5, 0.5] });
    expect(rows[1].embedding_output).toEqual([]);
    expect(rows[2]).toMatchObject({ embedding_input: [5, 1], embedding_output: [] });
    expect(rows[3]).toMatchObject({ embedding_model: '', embedding_input: [] });
  });

  it('scores each vector against the reference of its series and embedder; none without a reference', async () => {
    const rows = [row({ event_id: 'a' }), row({ event_id: 'b', app_id: 'other' })];
    await attachEventEmbeddings(rows, {
      embedder: embedder(),
      sample: () => true,
      references: (series) =>
        series.appId === 'chat' && series.model === 'gpt-4o' && series.embedder === 'test-embedder-2'
          ? { centroid: Float64Array.from([5, 1]), medianDistance: 2 }
          : undefined,
    });
    // input [5, 1] is the centroid (0); output [8, 1] is 3 away, 1.5 median distances.
    expect(rows[0]).toMatchObject({ outlier_input: 0, outlier_output: 1.5 });
    expect(rows[1].outlier_input).toBeUndefined();
    expect(rows[1].outlier_output).toBeUndefined();
  });
});
