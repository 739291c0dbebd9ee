import { type DriftReferenceRow, type DriftScoreRow, type FindingRow } from '@argus/clickhouse/rows';
import { type Finding } from '@argus/contracts';
import { seededRandom } from '@argus/scoring';
import { DriftJob, type DriftJobOptions } from './drift.job';
import { type DriftSeriesCandidate, type DriftStore, type SampledEvent, scoredKey } from './drift.store';

const HOUR = 60 * 60 * 1000;
const NOW = new Date('2026-03-02T12:30:00Z');
const WINDOW_START = Date.parse('2026-03-02T11:00:00Z');

/** An in-memory DriftStore: series and samples given up front, writes and their order recorded. */
class MemoryStore implements DriftStore {
  readonly calls: string[] = [];
  readonly scores: DriftScoreRow[] = [];
  readonly references: DriftReferenceRow[] = [];
  readonly findings: FindingRow[] = [];
  constructor(
    private readonly events: { current: SampledEvent[]; reference: SampledEvent[] },
    private readonly scored = new Set<string>(),
  ) {}
  scoredSeries(): Promise<Set<string>> {
    return Promise.resolve(this.scored);
  }
  listSeries(): Promise<DriftSeriesCandidate[]> {
    const keys = new Map<string, DriftSeriesCandidate>();
    for (const event of this.events.current)
      keys.set(`${event.tenantId}|${event.appId}|${event.model}`, {
        tenantId: event.tenantId,
        appId: event.appId,
        model: event.model,
        currentCount: 0,
        referenceCount: 0,
      });
    return Promise.resolve([...keys.values()]);
  }
  sample(
    series: readonly Pick<DriftSeriesCandidate, 'tenantId' | 'appId' | 'model'>[],
    range: { start: Date },
  ): Promise<SampledEvent[]> {
    const rows = range.start.getTime() === WINDOW_START ? this.events.current : this.events.reference;
    return Promise.resolve(rows.filter((row) => series.some((item) => item.appId === row.appId)));
  }
  writeFindings(rows: FindingRow[]): Promise<void> {
    this.calls.push('findings');
    this.findings.push(...rows);
    return Promise.resolve();
  }
  writeScores(rows: DriftScoreRow[]): Promise<void> {
    this.calls.push('scores');
    this.scores.push(...rows);
    return Promise.resolve();
  }
  writeReferences(rows: DriftReferenceRow[]): Promise<void> {
    this.calls.push('references');
    this.references.push(...rows);
    return Promise.resolve();
  }
}

function events(
  appId: string,
  count: number,
  make: (index: number) => Partial<SampledEvent>,
): SampledEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    tenantId: 't',
    appId,
    model: 'gpt-4o',
    eventId: `${appId}-${index}-${Math.random().toString(36).slice(2)}`,
    inputText: '',
    outputText: '',
    embeddingModel: '',
    embeddingInput: [],
    embeddingOutput: [],
    ...make(index),
  }));
}

const options: DriftJobOptions = {
  windowMs: HOUR,
  lateMs: 5 * 60 * 1000,
  reference: { kind: 'trailing', referenceMs: 6 * HOUR },
  sampleSize: 100,
  minEvents: 20,
  fields: ['input'],
  test: { permutations: 100, minEffect: 0.001 },
};

function noisy(random: () => number, x: number, y: number): number[] {
  return [x + 0.3 * (random() - 0.5), y + 0.3 * (random() - 0.5)];
}

describe('DriftJob', () => {
  it('compares supplied vectors when every sampled event has them, and publishes before writing scores', async () => {
    const random = seededRandom(1);
    const supplied = (x: number, y: number) => () => ({
      embeddingModel: 'platform-embedder',
      embeddingInput: noisy(random, x, y),
      inputText: 'text',
    });
    const store = new MemoryStore({
      reference: events('moved', 60, supplied(1, 0)),
      current: events('moved', 60, supplied(0, 1)),
    });
    const published: Finding[] = [];
    const embed = jest.fn();
    const job = new DriftJob(options, {
      store,
      embedder: { id: 'own-embedder', embed },
      publishFindings: (findings) => {
        published.push(...findings);
        store.calls.push('published');
        return Promise.resolve();
      },
      logger: { info: jest.fn(), warn: jest.fn(), debug: jest.fn() },
    });
    const result = await job.run(NOW);
    expect(result).toMatchObject({ series: 1, findings: 1 });
    expect(embed).not.toHaveBeenCalled();
    expect(store.scores[0]).toMatchObject({ embedder: 'platform-embedder', drift: true, field: 'input' });
    expect(store.scores[0].finding_id).toBe(published[0].finding_id);
    expect(store.calls).toEqual(['published', 'findings', 'references', 'scores']);
  });

  it('embeds stored texts when vectors are missing or mixed, reusing vectors of its own embedder', async () => {
    const own = 'own-embedder';
    const vectorOf = (text: string) => Float32Array.from(text.startsWith('new') ? [0, 1] : [1, 0]);
    const store = new MemoryStore({
      reference: events('mixed', 40, (index) =>
        index % 2 === 0
          ? { inputText: `old ${index}`, embeddingModel: own, embeddingInput: [1, 0] }
          : { inputText: `old ${index}`, embeddingModel: 'platform-embedder', embeddingInput: [5, 5, 5] },
      ),
      current: events('mixed', 40, (index) => ({
        inputText: index % 3 === 0 ? `old ${index}` : `new ${index}`,
      })),
    });
    const embedded: string[] = [];
    const job = new DriftJob(options, {
      store,
      embedder: {
        id: own,
        embed: (texts) => {
          embedded.push(...texts);
          return Promise.resolve(texts.map(vectorOf));
        },
      },
      publishFindings: () => Promise.resolve(),
      logger: { info: jest.fn(), warn: jest.fn(), debug: jest.fn() },
    });
    await job.run(NOW);
    // 20 reference events carry our own vectors: only the other 20 and the 40 current ones are embedded.
    expect(embedded).toHaveLength(60);
    expect(store.scores[0]).toMatchObject({ embedder: own, n_reference: 40, n_current: 40 });
  });

  it('skips a series whose vectors cannot be compared, and still tests the others', async () => {
    const random = seededRandom(3);
    const store = new MemoryStore({
      reference: [
        ...events('broken', 30, () => ({ embeddingModel: 'platform', embeddingInput: [Number.NaN, 1] })),
        ...events('fine', 30, () => ({ embeddingModel: 'platform', embeddingInput: noisy(random, 1, 0) })),
      ],
      current: [
        ...events('broken', 30, () => ({ embeddingModel: 'platform', embeddingInput: [1, 1] })),
        ...events('fine', 30, () => ({ embeddingModel: 'platform', embeddingInput: noisy(random, 1, 0) })),
      ],
    });
    const warn = jest.fn();
    const job = new DriftJob(options, {
      store,
      embedder: { id: 'own-embedder', embed: jest.fn() },
      publishFindings: () => Promise.resolve(),
      logger: { info: jest.fn(), warn, debug: jest.fn() },
    });
    expect(await job.run(NOW)).toMatchObject({ series: 1, skipped: 1, findings: 0 });
    expect(store.scores.map((row) => row.app_id)).toEqual(['fine']);
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ code: 'invalid_value' }), expect.any(String));
  });

  it('skips series already scored for the window, and writes no scores when publishing fails', async () => {
    const random = seededRandom(2);
    const supplied = (x: number, y: number) => () => ({
      embeddingModel: 'platform-embedder',
      embeddingInput: noisy(random, x, y),
    });
    const data = {
      reference: [...events('done', 30, supplied(1, 0)), ...events('failing', 30, supplied(1, 0))],
      current: [...events('done', 30, supplied(0, 1)), ...events('failing', 30, supplied(0, 1))],
    };
    const store = new MemoryStore(data, new Set([scoredKey('t', 'done', 'gpt-4o', 'input')]));
    const job = new DriftJob(options, {
      store,
      embedder: { id: 'own-embedder', embed: jest.fn() },
      publishFindings: () => Promise.reject(new Error('broker down')),
      logger: { info: jest.fn(), warn: jest.fn(), debug: jest.fn() },
    });
    await expect(job.run(NOW)).rejects.toThrow('broker down');
    // Nothing marks the window done, so the next run tests "failing" again.
    expect(store.scores).toEqual([]);
    expect(store.calls).toEqual([]);
  });
});
