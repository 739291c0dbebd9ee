import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { Agent, request as httpRequest } from 'node:http';
import { benchTopics, killLaunchedArgus, launchArgus } from './argus-under-test';
import { type BenchConfig, loadBenchConfig, envInteger } from './bench-config';
import { readCpuSeconds } from './process-sampler';
import { sizedSyntheticEvents } from './sized-events';
import { type Distribution, distribution, formatNumber } from './stats';

/**
 * The inline guard over HTTP: the built Argus as a process, `ARGUS_APPS=api` with API_GUARD_ENABLED
 * (embedded chdb in a temporary directory; no broker), ~2 KB generated events (the shipped policy's
 * tenants, BENCH_ATTACK_RATE of them attacks or leaks) posted to `POST /v1/guard` over keep-alive
 * connections, first one at a time (the latency floor), then BENCH_GUARD_CONCURRENCY at once:
 * requests/s, latency seen by the client (p50/p99/max), the `latency_ms` Argus reports (detection
 * only), decisions, and the CPU Argus and the client used. Both share the machine's cores.
 *
 *   npm run build && node -r ./test/bench/ts-register.js test/bench/guard.bench.ts
 *
 * Also run by `npm run bench` (BENCH_ONLY=guard). Variables: BENCH_GUARD_REQUESTS (default 5000 per
 * level), BENCH_GUARD_CONCURRENCY (16), BENCH_EVENT_BYTES (2048), BENCH_ATTACK_RATE (0.3).
 */

export type GuardLevelResult = {
  concurrency: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  /** Client-side, ms: request written to answer read. */
  latency: Distribution;
  /** Argus's own `latency_ms` (parse, validate, detect), ms. */
  serverLatency: Distribution;
  decisions: Record<string, number>;
  failures: number;
  argusCpuSeconds: number | undefined;
  clientCpuSeconds: number;
};

export type GuardBenchResult = {
  eventBytes: Distribution;
  attackRate: number;
  levels: GuardLevelResult[];
  cores: number;
};

type Answer = { status: number; body: string };

function post(agent: Agent, port: number, token: string, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: '/v1/guard',
        method: 'POST',
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': body.length,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

async function runLevel(
  bodies: readonly Buffer[],
  options: { port: number; token: string; pid: number; concurrency: number; requests: number },
): Promise<GuardLevelResult> {
  const { port, token, pid, concurrency, requests } = options;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = new Float64Array(requests);
  const serverLatencies: number[] = [];
  const decisions: Record<string, number> = {};
  let failures = 0;
  let next = 0;
  const cpuBefore = readCpuSeconds(pid);
  const clientBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const worker = async () => {
    for (let index = next++; index < requests; index = next++) {
      const sent = process.hrtime.bigint();
      const answer = await post(agent, port, token, bodies[index % bodies.length]);
      latencies[index] = Number(process.hrtime.bigint() - sent) / 1e6;
      if (answer.status !== 200) {
        failures++;
        continue;
      }
      const verdict = JSON.parse(answer.body) as { decision: string; latency_ms: number };
      decisions[verdict.decision] = (decisions[verdict.decision] ?? 0) + 1;
      serverLatencies.push(verdict.latency_ms);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = readCpuSeconds(pid);
  const client = process.cpuUsage(clientBefore);
  agent.destroy();
  return {
    concurrency,
    requests,
    seconds,
    requestsPerSecond: requests / seconds,
    latency: distribution(latencies),
    serverLatency: distribution(serverLatencies),
    decisions,
    failures,
    argusCpuSeconds: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
    clientCpuSeconds: (client.user + client.system) / 1e6,
  };
}

export async function runGuardBench(
  config: BenchConfig,
  log: (line: string) => void,
): Promise<GuardBenchResult> {
  const requests = envInteger('BENCH_GUARD_REQUESTS', 5000);
  const concurrency = envInteger('BENCH_GUARD_CONCURRENCY', 16);
  const token = randomBytes(24).toString('hex');
  const { events, bytes } = sizedSyntheticEvents(2000, 'bench-guard', config.eventBytes, config.attackRate);
  const bodies = events.map((event) => Buffer.from(JSON.stringify(event)));
  const launched = await launchArgus(config, {
    apps: 'api',
    name: 'guard',
    topics: benchTopics(config.runId, 'guard'),
    env: { API_GUARD_ENABLED: 'true', API_GUARD_TOKEN: token, API_QUERY_ENABLED: 'false' },
  });
  try {
    await launched.argus.waitUntilReady();
    const port = Number(new URL(launched.argus.apiUrl).port);
    // Warm-up: the JIT, connection set-up, the per-app policy cache of every generated tenant/app.
    await runLevel(bodies, {
      port,
      token,
      pid: launched.pid,
      concurrency,
      requests: Math.min(2000, requests),
    });
    const levels: GuardLevelResult[] = [];
    for (const level of [1, concurrency]) {
      log(`guard: ${requests} requests at concurrency ${level}`);
      levels.push(await runLevel(bodies, { port, token, pid: launched.pid, concurrency: level, requests }));
    }
    return { eventBytes: bytes, attackRate: config.attackRate, levels, cores: cpus().length };
  } finally {
    await launched.shutdown();
  }
}

export function formatGuardBench(result: GuardBenchResult): string {
  const ms = (d: Distribution) =>
    `p50 ${formatNumber(d.p50, 2)} / p99 ${formatNumber(d.p99, 2)} / max ${formatNumber(d.max, 2)} ms`;
  const lines = [
    `Inline guard, POST /v1/guard over HTTP (Argus api as a process, keep-alive; client and Argus share ${result.cores} cores)`,
    `  events ${formatNumber(result.eventBytes.p50)} B median JSON (p99 ${formatNumber(result.eventBytes.p99)} B), ` +
      `${Math.round(result.attackRate * 100)} % generated with an attack or leak`,
  ];
  for (const level of result.levels) {
    const decisions = Object.entries(level.decisions)
      .sort(([left], [right]) => left.localeCompare(right))
      .map(([decision, count]) => `${decision} ${formatNumber(count)}`)
      .join(', ');
    lines.push(
      `  concurrency ${String(level.concurrency).padStart(3)}: ${formatNumber(level.requestsPerSecond).padStart(6)} requests/s ` +
        `(${formatNumber(level.requests)} in ${level.seconds.toFixed(1)} s, ${level.failures} failed); client ${ms(level.latency)}`,
      `                   Argus latency_ms ${ms(level.serverLatency)}; ${decisions}; ` +
        `CPU Argus ${level.argusCpuSeconds === undefined ? 'n/a' : `${level.argusCpuSeconds.toFixed(1)} s`}, client ${level.clientCpuSeconds.toFixed(1)} s`,
    );
  }
  return lines.join('\n');
}

if (require.main === module) {
  process.on('exit', killLaunchedArgus);
  const config = loadBenchConfig();
  runGuardBench(config, (line) => process.stdout.write(`${line}\n`)).then(
    (result) => process.stdout.write(`${formatGuardBench(result)}\n`),
    (error: unknown) => {
      process.stderr.write(
        `guard bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
