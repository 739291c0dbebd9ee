import { type StartedWorker, superviseWorker } from './classifier-worker.client';

/** A stand-in worker whose death the test decides (the real one is exercised in transformers-classifiers.spec). */
function fakeWorker(name: string, log: string[]): StartedWorker & { die(): void } {
  let dead = false;
  return {
    id: 'fake-model',
    labels: ['INJECTION'],
    broken: () => dead,
    die: () => (dead = true),
    call: (texts) => {
      if (dead) return Promise.reject(new Error(`${name} is dead`));
      log.push(`${name}:${texts.join(',')}`);
      return Promise.resolve(texts.map(() => 0.5));
    },
    close: () => {
      log.push(`${name}:closed`);
      return Promise.resolve();
    },
  };
}

describe('superviseWorker', () => {
  it('starts a new worker when the current one has died, once for concurrent calls', async () => {
    const log: string[] = [];
    const workers: Array<ReturnType<typeof fakeWorker>> = [];
    const restarts: string[] = [];
    const supervised = await superviseWorker(
      () => {
        const worker = fakeWorker(`w${workers.length + 1}`, log);
        workers.push(worker);
        return Promise.resolve(worker);
      },
      (reason) => restarts.push(reason),
    );
    await supervised.call(['a']);
    workers[0].die();
    await Promise.all([supervised.call(['b']), supervised.call(['c'])]);
    expect(workers).toHaveLength(2);
    expect(restarts).toEqual(['the worker had stopped']);
    expect(log).toEqual(['w1:a', 'w2:b', 'w2:c']);
    await supervised.close();
    expect(log).toContain('w2:closed');
    await expect(supervised.call(['d'])).rejects.toThrow(/closed/);
  });

  it('reports a worker that cannot be started again to the caller (the batch is retried later)', async () => {
    let starts = 0;
    const first = fakeWorker('w1', []);
    const supervised = await superviseWorker(() => {
      starts++;
      return starts === 1 ? Promise.resolve(first) : Promise.reject(new Error('model file gone'));
    });
    first.die();
    await expect(supervised.call(['x'])).rejects.toThrow('model file gone');
    await expect(supervised.call(['y'])).rejects.toThrow('model file gone');
    expect(starts).toBe(3);
  });
});
