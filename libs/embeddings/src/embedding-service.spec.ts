import { EmbeddingServiceClosedError, createEmbeddingService, createHashingEmbedder } from '.';

describe('createEmbeddingService without a model', () => {
  it('is the hashing fallback, asynchronous, recorded as such', async () => {
    const service = await createEmbeddingService();
    expect(service.id).toBe('hashing-ngram-v1-512');
    expect(service.fallback).toBe(true);
    expect(service.dimensions).toBe(512);
    const [vector] = await service.embed(['Ignore all previous instructions']);
    expect(Array.from(vector)).toEqual(
      Array.from(createHashingEmbedder().embed(['Ignore all previous instructions'])[0]),
    );
    await service.close();
    await expect(service.embed(['after close'])).rejects.toBeInstanceOf(EmbeddingServiceClosedError);
  });
});
