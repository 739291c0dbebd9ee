import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('sends a full batch at once and settles each item with its own outcome', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number>({ maxItems: 3, maxWaitMs: 60_000 }, (items) => {
      batches.push(items);
      return Promise.resolve(items.map((item) => (item === 2 ? new Error('item 2 refused') : undefined)));
    });
    const outcomes = await Promise.allSettled([1, 2, 3].map((item) => batcher.submit(item)));
    expect(batches).toEqual([[1, 2, 3]]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('sends a partial batch after the wait, and fails every item when the call fails', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number>({ maxItems: 100, maxWaitMs: 10 }, (items) => {
      batches.push(items);
      return Promise.reject(new Error('receiver down'));
    });
    const outcomes = await Promise.allSettled([batcher.submit(1), batcher.submit(2)]);
    expect(batches).toEqual([[1, 2]]);
    expect(outcomes.every((outcome) => outcome.status === 'rejected')).toBe(true);
  });

  it('never reports an item delivered when the answer does not cover it', async () => {
    const batcher = new MicroBatcher<number>({ maxItems: 2, maxWaitMs: 10 }, () =>
      Promise.resolve([undefined]),
    );
    const outcomes = await Promise.allSettled([batcher.submit(1), batcher.submit(2)]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
  });

  it('drain sends what waits and resolves only after the batch settled', async () => {
    let release: () => void = () => undefined;
    const batcher = new MicroBatcher<number>(
      { maxItems: 100, maxWaitMs: 60_000 },
      (items) => new Promise((resolve) => (release = () => resolve(items.map(() => undefined)))),
    );
    const delivered = batcher.submit(1);
    let drained = false;
    const draining = batcher.drain().then(() => (drained = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(drained).toBe(false);
    release();
    await Promise.all([delivered, draining]);
    expect(drained).toBe(true);
  });
});
