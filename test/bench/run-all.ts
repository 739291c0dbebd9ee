import { formatAlertSinkLines, runAlertSinksBench } from './alert-sinks.bench';
import {
  formatAlertLatencyBench,
  formatAlertPolicyBench,
  runAlertLatencyBench,
  runAlertPolicyBench,
} from './alert-policy.bench';
import { formatAnalyzerBench, runAnalyzerBench } from './analyzer.bench';
import { killLaunchedArgus } from './argus-under-test';
import { type BenchName, loadBenchConfig } from './bench-config';
import { type BenchResults, missedTargets, printReport, writeResults } from './bench-report';
import { runLatencyBench } from './end-to-end-latency.bench';
import { embeddingsReportLines, runEmbeddingsBench } from './embeddings.bench';
import { runIngestBench } from './ingest-throughput.bench';
import { runPipelineBench } from './pipeline.bench';
import { runLeakageBench } from './leakage.bench';

/**
 * `npm run bench` (`make bench` starts the broker first): the pipeline micro-benchmark, ingest throughput
 * and end-to-end latency, one after the other so they do not compete for the CPU. Prints a table and
 * writes .argus/bench/latest.json. See test/bench/README.md for the variables.
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
  await run(
    'pipeline',
    () => runPipelineBench(config),
    (result) => (results.pipeline = result),
  );
  // The alert policy micro-benchmark runs with the pipeline one: both measure one core, no broker needed.
  await run(
    'pipeline',
    () => runAlertPolicyBench(),
    (result) => log(formatAlertPolicyBench(result)),
  );
  // The leakage detectors alone (printed only; see test/bench/leakage.bench.ts), with the pipeline run.
  if (config.only.includes('pipeline')) {
    log('leakage detectors: starting');
    try {
      runLeakageBench({
        events: config.microEvents,
        passes: config.microPasses,
        eventBytes: config.eventBytes,
        attackRate: config.attackRate,
        write: log,
      });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.errors.push({ bench: 'pipeline', message: `leakage: ${message}` });
      log(`leakage detectors: failed: ${message}`);
    }
  }
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
    (result) => log(formatAlertLatencyBench(result)),
  );
  // Alert sinks against local receivers (no broker); part of a full run, not selectable by BENCH_ONLY.
  if (!process.env.BENCH_ONLY) {
    log('alert-sinks: starting');
    try {
      const lines = await runAlertSinksBench(log);
      process.stdout.write(`\nAlert sinks (local receivers, same process)\n${formatAlertSinkLines(lines)}`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.errors.push({ bench: 'alert-sinks', message });
      log(`alert-sinks: failed: ${message}`);
    }
  }
  // The embeddings bench needs no broker; it runs with the whole suite or with BENCH_EMBEDDINGS=1
  // (`npm run bench:embeddings` runs it alone) and prints its own table after the others.
  let embeddingLines: string[] = [];
  if ((process.env.BENCH_ONLY ?? '') === '' || process.env.BENCH_EMBEDDINGS === '1') {
    log('embeddings: starting');
    try {
      embeddingLines = embeddingsReportLines(await runEmbeddingsBench(log));
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.errors.push({ bench: 'embeddings', message });
      log(`embeddings: failed: ${message}`);
    }
  }
  // The analyzer drift run needs no broker (embedded chdb); whole suite or BENCH_ANALYZER=1.
  let analyzerText = '';
  if ((process.env.BENCH_ONLY ?? '') === '' || process.env.BENCH_ANALYZER === '1') {
    log('analyzer: starting');
    try {
      analyzerText = formatAnalyzerBench(await runAnalyzerBench(log));
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      results.errors.push({ bench: 'analyzer', message });
      log(`analyzer: failed: ${message}`);
    }
  }
  log('done');
  printReport(results, config, (text) => process.stdout.write(text));
  if (embeddingLines.length > 0) process.stdout.write(`\n${embeddingLines.join('\n')}\n`);
  if (analyzerText !== '') process.stdout.write(`\n${analyzerText}\n`);
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
