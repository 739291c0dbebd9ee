import { createFallbackEmbeddingService } from '../embedding-service';
import { createEmbeddingSampler, parseAppSampleRates } from './embedding-sampler';
import { embedEventFields } from './event-embeddings';

describe('embedEventFields', () => {
  const service = createFallbackEmbeddingService(64);

  it('uses vectors supplied in the event as they are, recorded with the event model', async () => {
    const result = await embedEventFields(
      { supplied: { model: 'text-embedding-3-small', input: [3, 4] }, inputText: 'hi', outputText: '' },
      service,
    );
    expect(result.input).toEqual({
      vector: Float32Array.from([3, 4]),
      provider: 'event:text-embedding-3-small',
      source: 'event',
    });
    expect(result.output).toBeUndefined();
  });

  it('embeds fields without a supplied vector, recording the fallback id, and skips empty texts', async () => {
    const result = await embedEventFields(
      { supplied: { model: 'm', input: [1, 0] }, inputText: 'question', outputText: 'an answer' },
      service,
    );
    expect(result.input?.source).toBe('event');
    expect(result.output).toMatchObject({ provider: 'hashing-ngram-v1-64', source: 'fallback' });
    expect(result.output?.vector).toHaveLength(64);
    expect(await embedEventFields({ inputText: '', outputText: '' }, service)).toEqual({});
  });

  it('records a model provider as model, not fallback', async () => {
    const model = { id: 'transformers:tiny:fp32:abc', fallback: false, embed: service.embed };
    const result = await embedEventFields({ inputText: 'a', outputText: 'b' }, model);
    expect(result.input).toMatchObject({ provider: 'transformers:tiny:fp32:abc', source: 'model' });
    expect(result.output?.source).toBe('model');
  });
});

describe('createEmbeddingSampler', () => {
  const ids = Array.from({ length: 4000 }, (_, index) => `event-${index}`);

  it('keeps about `rate` of the events, the same ones on every run (replays sample alike)', () => {
    const sample = createEmbeddingSampler({ rate: 0.25 });
    const kept = ids.filter((id) => sample('app', id));
    expect(kept.length / ids.length).toBeGreaterThan(0.22);
    expect(kept.length / ids.length).toBeLessThan(0.28);
    expect(ids.filter((id) => createEmbeddingSampler({ rate: 0.25 })('other-app', id))).toEqual(kept);
  });

  it('applies per-app rates, and a higher rate keeps every event a lower one kept', () => {
    const sample = createEmbeddingSampler({ rate: 0.1, appRates: { chat: 0.5, batch: 0 } });
    const chat = ids.filter((id) => sample('chat', id));
    const other = ids.filter((id) => sample('anything', id));
    expect(ids.some((id) => sample('batch', id))).toBe(false);
    expect(chat.length).toBeGreaterThan(other.length * 3);
    expect(other.every((id) => chat.includes(id))).toBe(true);
  });

  it('rejects rates outside 0..1', () => {
    expect(() => createEmbeddingSampler({ rate: 1.5 })).toThrow(RangeError);
    expect(() => createEmbeddingSampler({ appRates: { a: -1 } })).toThrow(/rate of app a/);
  });
});

describe('parseAppSampleRates', () => {
  it('reads app=rate pairs and names a bad entry', () => {
    expect(parseAppSampleRates('chat=0.5, rag-bot=0.05,')).toEqual({ chat: 0.5, 'rag-bot': 0.05 });
    expect(parseAppSampleRates('')).toEqual({});
    expect(() => parseAppSampleRates('chat=2')).toThrow(/"chat=2"/);
    expect(() => parseAppSampleRates('chat')).toThrow(/"chat"/);
    expect(() => parseAppSampleRates('=0.5')).toThrow(RangeError);
  });
});
