import { spawn } from 'node:child_process';
import {
  createWriteStream,
  mkdirSync,
  openSync,
  readSync,
  closeSync,
  existsSync,
  statSync,
  rmSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Command } from 'commander';
import { resolveAppPolicy } from '@argus/detectors';
import { createKafkaClient } from '@argus/kafka';
import { CliError, type CliIo, errorMessage } from '../cli-io';
import { generateTelemetry } from '../synthetic/telemetry.generator';
import { loadEnvironmentConfig } from './environment';
import { fraction, nonNegativeInteger, positiveNumber } from './options';
import { loadPolicyOption } from './policy';
import { telemetryKey } from './produce.command';

type DemoOptions = { rate: number; attackRate: number; duration: number; port: number; fresh?: boolean };

type DemoAlert = {
  severity: string;
  category: string;
  tenant_id: string;
  app_id: string;
  summary: string;
  evidence: string;
  alert_id: string;
};

const ARGUS_MAIN = resolve(__dirname, '..', '..', '..', 'argus', 'src', 'main.js');

/** Reads lines appended to a file since the last call (the alert sink's JSONL file). */
function tailer(file: string): () => string[] {
  let offset = 0;
  let partial = '';
  return () => {
    if (!existsSync(file) || statSync(file).size <= offset) return [];
    const handle = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(statSync(file).size - offset);
      offset += readSync(handle, buffer, 0, buffer.length, offset);
      const lines = (partial + buffer.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      return lines.filter(Boolean);
    } finally {
      closeSync(handle);
    }
  };
}

export function formatAlertLine(alert: DemoAlert): string {
  const summary = alert.summary.length > 120 ? `${alert.summary.slice(0, 119)}…` : alert.summary;
  return `ALERT ${alert.severity.toUpperCase().padEnd(8)} ${alert.category.padEnd(20)} ${alert.tenant_id}/${alert.app_id}  ${summary}`;
}

export function registerDemoCommand(program: Command, io: CliIo): void {
  program
    .command('demo')
    .description(
      'Run Argus (ingest, alerter, api, analyzer; embedded ClickHouse) on live synthetic traffic with attacks, print alerts as they ' +
        'are raised and serve the dashboard. Needs a Kafka broker: `make demo` starts one.',
    )
    .option('--rate <n>', 'synthetic events per second', positiveNumber, 20)
    .option('--attack-rate <rate>', 'share of attack or leak events, 0..1', fraction, 0.15)
    .option('--duration <seconds>', 'stop after this many seconds (0 = until Ctrl-C)', nonNegativeInteger, 0)
    .option('--port <port>', 'port of the API and dashboard (default: API_PORT or 8080)', nonNegativeInteger)
    .option('--fresh', 'start from an empty demo database')
    .action(async (options: DemoOptions) => {
      if (!existsSync(ARGUS_MAIN)) throw new CliError(`${ARGUS_MAIN} is missing: run \`npm run build\``);
      const base = loadEnvironmentConfig();
      const demoDir = resolve(base.dataDir, '..', 'demo');
      const dataDir = join(demoDir, 'data');
      if (options.fresh) rmSync(demoDir, { recursive: true, force: true });
      mkdirSync(demoDir, { recursive: true });
      const alertsFile = join(demoDir, 'alerts.jsonl');
      const logFile = join(demoDir, 'argus.log');
      const port = options.port ?? base.api.port;
      const environment: Record<string, string> = {
        ...(process.env as Record<string, string>),
        ARGUS_APPS: 'ingest,alerter,api,analyzer',
        // Short analyzer windows so drift scores appear within minutes (production: hours and a week).
        EMBEDDINGS_ENABLED: process.env.EMBEDDINGS_ENABLED ?? 'true',
        ANALYZER_INTERVAL_MS: process.env.ANALYZER_INTERVAL_MS ?? '60000',
        DRIFT_WINDOW_MS: process.env.DRIFT_WINDOW_MS ?? '120000',
        DRIFT_LATE_MS: process.env.DRIFT_LATE_MS ?? '15000',
        DRIFT_REFERENCE_MS: process.env.DRIFT_REFERENCE_MS ?? '600000',
        DRIFT_MIN_EVENTS: process.env.DRIFT_MIN_EVENTS ?? '50',
        ARGUS_DATA_DIR: process.env.ARGUS_DATA_DIR ?? dataDir,
        API_PORT: String(port),
        API_QUERY_ENABLED: 'true',
        ALERT_JSONL_FILE: alertsFile,
        ALERT_MIN_SEVERITY: process.env.ALERT_MIN_SEVERITY ?? 'high',
        CLICKHOUSE_WRITER_FLUSH_MS: process.env.CLICKHOUSE_WRITER_FLUSH_MS ?? '250',
        // Fewer glibc malloc arenas: the embedded ClickHouse threads otherwise hold on to freed memory.
        MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? '2',
      };
      const config = loadEnvironmentConfig(environment);
      const api = `http://127.0.0.1:${port}`;
      const say = (line: string) => io.stdout.write(`${line}\n`);

      say(
        `argus demo: Kafka ${config.kafka.brokers.join(',')}, ClickHouse ${config.clickhouse.url ?? `embedded (${config.clickhouse.embeddedDataDir})`}`,
      );
      say(`argus demo: logs in ${logFile}`);
      const log = createWriteStream(logFile, { flags: 'a' });
      const argus = spawn(process.execPath, [ARGUS_MAIN], {
        env: environment,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      argus.stdout.pipe(log);
      argus.stderr.pipe(log);
      // Set from the exit handler: an object, because TypeScript does not see assignments made in callbacks.
      const child = { exitCode: null as number | null };
      argus.on('exit', (code) => (child.exitCode = code ?? 1));

      const deadline = Date.now() + 120_000;
      for (;;) {
        if (child.exitCode !== null)
          throw new CliError(`Argus exited with status ${child.exitCode} during start-up; see ${logFile}`, 1);
        const ready = await fetch(`${api}/readyz`).then(
          (response) => response.ok,
          () => false,
        );
        if (ready) break;
        if (Date.now() > deadline) {
          argus.kill('SIGTERM');
          throw new CliError(`Argus was not ready after 120 s; see ${logFile}`, 1);
        }
        await sleep(500);
      }
      say(`argus demo: ready. Dashboard ${api}/   Metrics ${api}/metrics`);
      say(
        `argus demo: query  curl -s -XPOST ${api}/api/query -H 'content-type: application/json' -d '{"sql":"SELECT category, count() FROM findings GROUP BY category"}'`,
      );
      say(
        `argus demo: producing ${options.rate} events/s with ${Math.round(options.attackRate * 100)}% attacks and leaks${options.duration ? ` for ${options.duration} s` : '; Ctrl-C to stop'}`,
      );

      const client = createKafkaClient({
        brokers: config.kafka.brokers,
        clientId: 'argus-demo',
        ssl: config.kafka.ssl,
        sasl: config.kafka.sasl,
      });
      const producer = client.createProducer();
      await producer.connect();
      const policy = loadPolicyOption(config.policyFile);
      let stopping = false;
      const stop = () => (stopping = true);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      const started = Date.now();
      const events = generateTelemetry({
        count: Number.MAX_SAFE_INTEGER,
        attackRate: options.attackRate,
        seed: `demo-${started}`,
        start: new Date(started),
        ratePerSecond: options.rate,
        canaries: (tenantId, appId) => resolveAppPolicy(policy, tenantId, appId).canaries,
      });
      const readAlerts = tailer(alertsFile);
      let produced = 0;
      let lastSummary = Date.now();
      const printSummary = async () => {
        const summary = (await fetch(`${api}/api/summary`).then(
          (response) => response.json(),
          () => undefined,
        )) as { totals?: { events?: string; findings?: string; alerts?: string } } | undefined;
        const totals = summary?.totals ?? {};
        say(
          `-- produced ${produced} | stored: ${totals.events ?? '?'} events, ${totals.findings ?? '?'} findings, ${totals.alerts ?? '?'} alerts`,
        );
      };
      try {
        // Events carry their generated arrival time; each tick sends those that are due, so the broker
        // sees a Poisson stream at --rate rather than one burst per tick.
        let next = events.next();
        while (
          !stopping &&
          child.exitCode === null &&
          (options.duration === 0 || Date.now() - started < options.duration * 1000)
        ) {
          const due = [];
          while (!next.done && Date.parse(next.value.timestamp) <= Date.now()) {
            due.push(next.value);
            next = events.next();
          }
          if (due.length > 0) {
            await producer.send(
              config.kafka.topics.telemetry,
              due.map((event) => {
                const value = JSON.stringify(event);
                return { key: telemetryKey(value), value };
              }),
            );
            produced += due.length;
          }
          for (const line of readAlerts()) say(formatAlertLine(JSON.parse(line) as DemoAlert));
          if (Date.now() - lastSummary > 10_000) {
            lastSummary = Date.now();
            await printSummary();
          }
          await sleep(100);
        }
        // Let the last events through the pipeline before the final numbers.
        await sleep(2000);
        for (const line of readAlerts()) say(formatAlertLine(JSON.parse(line) as DemoAlert));
        await printSummary();
      } catch (error) {
        throw new CliError(`demo failed: ${errorMessage(error)}`, 1);
      } finally {
        await producer.disconnect().catch(() => undefined);
        if (child.exitCode === null) {
          const exited = new Promise((resolveExit) => argus.once('exit', resolveExit));
          argus.kill('SIGTERM');
          await Promise.race([exited, sleep(30_000)]);
        }
        log.end();
      }
      say(`argus demo: stopped. Data kept in ${config.clickhouse.embeddedDataDir}; alerts in ${alertsFile}`);
    });
}
