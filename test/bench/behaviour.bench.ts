/**
 * The behaviour job over 1,000 (app, model) series with 28 days of hourly history (issue 5 speed target:
 * an analyzer run over 1,000 series < 60 s), on embedded chdb. The aggregates are generated in SQL
 * straight into `behaviour_hourly` (a weekday rhythm per series), then one real run of
 * `BehaviourAnomalyJob` reads them, judges the last two hours of every app and model, and writes its
 * findings. Run alone: `node --enable-source-maps -r ./test/bench/ts-register.js test/bench/behaviour.bench.ts`
 * (BENCH_BEHAVIOUR_SERIES to change the number of series).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DEFAULT_RETENTION, applyMigrations, createClickHouseClient } from '@argus/clickhouse';
import { HOUR_MS } from '@argus/scoring';
import { BehaviourAnomalyJob } from '../../apps/analyzer/src/behaviour-anomaly.job';
import { BEHAVIOUR_TABLES, ClickHouseBehaviourStore } from '../../apps/analyzer/src/behaviour-anomaly.store';

export type BehaviourBenchResult = {
  series: number;
  hours: number;
  aggregateRows: number;
  generateSeconds: number;
  runSeconds: number;
  findings: number;
};

const MODELS_PER_APP = 10;

export async function runBehaviourBench(seriesCount = 1000): Promise<BehaviourBenchResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'argus-behaviour-bench-'));
  const database = 'argus_bench_behaviour';
  const client = await createClickHouseClient({ database, dataDir });
  try {
    await applyMigrations(client, { database, retention: DEFAULT_RETENTION });
    const now = Date.now();
    const currentHour = Math.floor(now / HOUR_MS) * HOUR_MS;
    const hours = 28 * 24 + 2;
    const start = currentHour - (hours - 1) * HOUR_MS;
    const generateStarted = performance.now();
    // One row per series and hour; requests follow a daytime curve with noise, the other sums are
    // proportional to them, as a steady app would look.
    await client.command({
      query: `
        INSERT INTO ${BEHAVIOUR_TABLES.hourly}
        SELECT tenant_id, app_id, model, user_id, hour, toUInt64(n) AS rows,
               arrayReduce('uniqCombined64State', arrayMap(i -> toString(i), range(n))) AS requests,
               toUInt64(n * 400), toUInt64(n * 250), toFloat64(n * 900), toUInt64(n),
               toUInt64(intDiv(n, 100)), toUInt64(intDiv(n, 50)), toUInt64(intDiv(n, 5)), toUInt64(intDiv(n, 30))
        FROM (
          SELECT 'bench' AS tenant_id,
                 concat('app-', toString(intDiv(number % {series:UInt32}, ${MODELS_PER_APP}))) AS app_id,
                 concat('model-', toString(number % ${MODELS_PER_APP})) AS model,
                 '' AS user_id,
                 toDateTime({start:UInt32}, 'UTC') + toIntervalHour(intDiv(number, {series:UInt32})) AS hour,
                 toUInt32(5 + 40 * greatest(0, sin((toHour(hour) - 7) / 12 * pi())) + rand(number) % 7) AS n
          FROM numbers({rows:UInt64})
        )`,
      query_params: { series: seriesCount, start: Math.floor(start / 1000), rows: seriesCount * hours },
    });
    const generateSeconds = (performance.now() - generateStarted) / 1000;

    let findings = 0;
    const job = new BehaviourAnomalyJob(
      { kinds: ['app', 'model'] },
      {
        store: new ClickHouseBehaviourStore(client),
        publishFindings: (published) => {
          findings += published.length;
          return Promise.resolve();
        },
        logger: { info: () => undefined, debug: () => undefined },
      },
    );
    const runStarted = performance.now();
    const result = await job.run(new Date(now));
    const runSeconds = (performance.now() - runStarted) / 1000;
    return {
      series: result.series,
      hours,
      aggregateRows: seriesCount * hours,
      generateSeconds,
      runSeconds,
      findings,
    };
  } finally {
    await client.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function formatBehaviourBench(result: BehaviourBenchResult): string {
  return (
    `behaviour job: ${result.series} series (apps + models) over ${result.hours} hours ` +
    `(${result.aggregateRows} aggregate rows, generated in ${result.generateSeconds.toFixed(1)} s): ` +
    `run ${result.runSeconds.toFixed(1)} s (target < 60 s), ${result.findings} findings`
  );
}

if (require.main === module) {
  const series = Number(process.env.BENCH_BEHAVIOUR_SERIES ?? 1000);
  runBehaviourBench(series)
    .then((result) => console.log(formatBehaviourBench(result)))
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
