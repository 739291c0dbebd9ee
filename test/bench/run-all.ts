import { formatAlertSinkLines, runAlertSinksBench } from './alert-sinks.bench';
import {
  formatAlertLatencyBench,
  formatAlertPolicyBench,
  runAlertLatencyBench,
  runAlertPolicyBench,
} from './alert-policy.bench';
import { formatAnalyzerBench, runAnalyzerBench } from './analyzer.bench';
import { formatBehaviourBench, runBehaviourBench } from './behaviour.bench';
import { killLaunchedArgus } from './argus-under-test';
import { type BenchName, loadBenchConfig } from './bench-config';
import { type BenchResults, missedTargets, printReport, writeResults } from './bench-report';
import { runLatencyBench } from './end-to-end-latency.bench';
import { embeddingsReportLines, runEmbeddingsBench } from './embeddings.bench';
import { runIngestBench } from './ingest-throughput.bench';
import { runPipelineBench } from './pipeline.bench';
import { runLeakageBench } from './leakage.bench';
import { formatGuardBench, runGuardBench } from './guard.bench';

/**
 * `npm run bench` (`make bench` starts the broker first): every benchmark of BENCH_NAMES (bench-config.ts),
 * one after the other so they do not compete for the CPU. Prints a table and the benchmarks' own tables,
 * and writes .argus/bench/latest.json. See test/bench/README.md for the variables.
 */
async function main(): Promise<number> {
  const config = loadBenchConfig();
  const started = Date.now();
  const log = (line: string) =>
    process.stdout.write(`[bench ${((Date.now() - started) / 1000).toFixed(1)} s] ${line}\n`);
  const results: BenchResults = { errors: [] };
  const run = async <T>(name: BenchName, body: () => Promise<T> | T, store: (result: T) => void) => {
    if (!config.only.includes(name)) return;
    log(`${name}: starting`);
    try {
      store(await body());
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.errors.push({ bench: name, message });
      log(`${name}: failed: ${message}`);
    }
  };
  // Printed-only benchmarks append their table here; it is printed after the main report.
  const extra: string[] = [];
  await run(
    'pipeline',
    () => runPipelineBench(config),
    (result) => (results.pipeline = result),
  );
  // The leakage detectors alone (see test/bench/leakage.bench.ts); prints its own lines.
  await run(
    'leakage',
    () =>
      runLeakageBench({
        events: config.microEvents,
        passes: config.microPasses,
        eventBytes: config.eventBytes,
        attackRate: config.attackRate,
        write: log,
      }),
    () => undefined,
  );
  // Alert policy and grouping on one core, then the webhook through the dispatcher (no broker).
  await run(
    'alerts',
    () => runAlertPolicyBench(),
    (result) => extra.push(formatAlertPolicyBench(result)),
  );
  await run(
    'ingest',
    () => runIngestBench(config, log),
    (result) => (results.ingest = result),
  );
  await run(
    'latency',
    () => runLatencyBench(config, log),
    (result) => (results.latency = result),
  );
  // Finding on Kafka → alert at the webhook at a steady rate (alerter + api as a process, needs the broker).
  await run(
    'latency',
    () => runAlertLatencyBench(log),
    (result) => extra.push(formatAlertLatencyBench(result)),
  );
  // Alert sinks against local receivers (same process).
  await run(
    'sinks',
    () => runAlertSinksBench(log),
    (lines) => extra.push(`Alert sinks (local receivers, same process)\n${formatAlertSinkLines(lines)}`),
  );
  await run(
    'embeddings',
    () => runEmbeddingsBench(log),
    (result) => extra.push(embeddingsReportLines(result).join('\n')),
  );
  // The analyzer's drift run and the behaviour job over 1,000 series, on embedded chdb.
  await run(
    'analyzer',
    () => runAnalyzerBench(log),
    (result) => extra.push(formatAnalyzerBench(result)),
  );
  await run(
    'behaviour',
    () => runBehaviourBench(),
    (result) => extra.push(formatBehaviourBench(result)),
  );
  // The inline guard over HTTP (api as a process, no broker).
  await run(
    'guard',
    () => runGuardBench(config, log),
    (result) => extra.push(formatGuardBench(result)),
  );
  log('done');
  printReport(results, config, (text) => process.stdout.write(text));
  for (const text of extra) process.stdout.write(`\n${text}\n`);
  process.stdout.write(`results: ${writeResults(results, config)}\n`);
  if (results.errors.length > 0) return 1;
  return config.strict && missedTargets(results) > 0 ? 1 : 0;
}

process.on('exit', killLaunchedArgus);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killLaunchedArgus();
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
