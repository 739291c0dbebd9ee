import { Registry } from 'prom-client';
import { type AnalyzerJob } from './analyzer-job';
import { createAnalyzerMetrics } from './analyzer.metrics';
import { AnalyzerScheduler } from './analyzer.scheduler';

function quietLogger() {
  return { info: jest.fn(), error: jest.fn() };
}

function scheduler(jobs: AnalyzerJob[], registry = new Registry(), intervalMs = 60_000) {
  const logger = quietLogger();
  const instance = new AnalyzerScheduler({
    jobs,
    intervalMs,
    metrics: createAnalyzerMetrics(registry),
    logger,
  });
  return { instance, logger, registry };
}

describe('AnalyzerScheduler', () => {
  it('runs every job with the same clock, and a failing job neither stops the others nor throws', async () => {
    const seen: Date[] = [];
    const failing: AnalyzerJob = { name: 'broken', run: () => Promise.reject(new Error('ClickHouse down')) };
    const working: AnalyzerJob = {
      name: 'drift',
      run: (now) => {
        seen.push(now);
        return Promise.resolve({ series: 3, findings: 1 });
      },
    };
    const { instance, logger, registry } = scheduler([failing, working]);
    const reports = await instance.runOnce();
    expect(reports.map((report) => [report.job, report.ok])).toEqual([
      ['broken', false],
      ['drift', true],
    ]);
    expect(seen).toHaveLength(1);
    expect(logger.error).toHaveBeenCalledWith(
      expect.objectContaining({ job: 'broken' }),
      expect.stringContaining('failed'),
    );
    const metrics = await registry.getMetricsAsJSON();
    const runs = metrics.find((metric) => metric.name === 'argus_analyzer_job_runs_total');
    expect(runs?.values).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { job: 'broken', outcome: 'error' }, value: 1 }),
        expect.objectContaining({ labels: { job: 'drift', outcome: 'ok' }, value: 1 }),
      ]),
    );
  });

  it('never overlaps runs: a second call during a run joins it', async () => {
    let release!: () => void;
    let calls = 0;
    const slow: AnalyzerJob = {
      name: 'slow',
      run: () => {
        calls += 1;
        return new Promise((resolve) => {
          release = () => resolve({ series: 0, findings: 0 });
        });
      },
    };
    const { instance } = scheduler([slow]);
    const first = instance.runOnce();
    const second = instance.runOnce();
    await Promise.resolve();
    release();
    expect(await first).toBe(await second);
    expect(calls).toBe(1);
  });

  it('runs on start, again after the interval, and stop waits for the run in flight', async () => {
    let runs = 0;
    let finishLast: (() => void) | undefined;
    const job: AnalyzerJob = {
      name: 'count',
      run: () => {
        runs += 1;
        if (runs < 2) return Promise.resolve({ series: 0, findings: 0 });
        return new Promise((resolve) => {
          finishLast = () => resolve({ series: 0, findings: 0 });
        });
      },
    };
    const { instance } = scheduler([job], new Registry(), 20);
    instance.start();
    await waitFor(() => runs === 2);
    let stopped = false;
    const stopping = instance.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(stopped).toBe(false);
    finishLast?.();
    await stopping;
    expect(instance.running).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(runs).toBe(2);
  });

  it('shares one set of metrics per registry when built twice', () => {
    const registry = new Registry();
    expect(() => {
      createAnalyzerMetrics(registry);
      createAnalyzerMetrics(registry);
    }).not.toThrow();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
