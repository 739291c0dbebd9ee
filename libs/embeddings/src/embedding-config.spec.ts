import { ENV_SCHEMA } from '@argus/config';
import { embeddingSettingsFromEnv } from './embedding-config';
import { createEmbeddingSampler } from './event/embedding-sampler';

describe('embeddingSettingsFromEnv', () => {
  it('maps the parsed EMBEDDINGS_* variables onto the service and the sampler', () => {
    const env = ENV_SCHEMA.parse({
      EMBEDDINGS_MODEL_PATH: 'models/minilm',
      EMBEDDINGS_WORKERS: '2',
      EMBEDDINGS_APP_SAMPLE_RATES: 'chat=0',
    });
    const settings = embeddingSettingsFromEnv(env, (path) => `/srv/${path}`);
    expect(settings.service).toMatchObject({
      modelPath: '/srv/models/minilm',
      workers: 2,
      maxBatchSize: 32,
      queueFull: 'wait',
    });
    expect(settings.service.dtype).toBeUndefined();
    const sample = createEmbeddingSampler(settings.sampling);
    expect(sample('chat', 'e1')).toBe(false);
    expect(sample('other', 'e1')).toBe(true);
    expect(embeddingSettingsFromEnv(ENV_SCHEMA.parse({})).service.modelPath).toBeUndefined();
  });
});
