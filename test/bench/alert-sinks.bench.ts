import { performance } from 'node:perf_hooks';
import {
  type Alert,
  type AlertSink,
  ElasticBulkSink,
  SplunkHecSink,
  WebhookSink,
  alertFromFinding,
  forEachWithConcurrency,
} from '@argus/alerting';
import {
  ElasticReceiver,
  SplunkHecReceiver,
  WebhookReceiver,
  createTestTls,
  makeFinding,
} from '@argus/testing';
import { type Distribution, distribution, formatNumber } from './stats';

/**
 * Alert delivery throughput and latency of the sinks against local receivers in the same process:
 *
 *   node -r ./test/bench/ts-register.js test/bench/alert-sinks.bench.ts
 *
 * The webhook run is the target (≥ 1,000 alerts/s): HTTPS with certificate verification, an HMAC
 * signature per call that the receiver checks, 8 alerts in flight as in the alerter. Splunk HEC and
 * Elastic `_bulk` runs show what batching buys. Latency is from `deliver()` to its promise settling.
 * BENCH_ALERTS (default 5000) alerts per sink. The receiver shares the CPU with the sender, so the figures
 * are a lower bound of what the sink does alone.
 */
export const ALERT_SINK_TARGET_PER_SECOND = 1000;

export type AlertSinkBenchLine = {
  sink: string;
  alerts: number;
  alertsPerSecond: number;
  latencyMs: Distribution;
  requests: number;
};

async function measure(
  sink: AlertSink,
  alerts: Alert[],
  concurrency: number,
): Promise<Omit<AlertSinkBenchLine, 'requests'>> {
  const latencies = new Float64Array(alerts.length);
  let index = 0;
  const started = performance.now();
  await forEachWithConcurrency(alerts, concurrency, async (alert) => {
    const slot = index++;
    const sent = performance.now();
    await sink.deliver(alert);
    latencies[slot] = performance.now() - sent;
  });
  const seconds = (performance.now() - started) / 1000;
  return {
    sink: sink.name,
    alerts: alerts.length,
    alertsPerSecond: Math.round(alerts.length / seconds),
    latencyMs: distribution(latencies),
  };
}

function makeAlerts(count: number, prefix: string): Alert[] {
  const now = new Date();
  return Array.from({ length: count }, (_, index) =>
    alertFromFinding(makeFinding({ finding_id: `${prefix}-${index}`, user_id: `u-${index % 97}` }), now),
  );
}

export async function runAlertSinksBench(
  log: (line: string) => void = () => undefined,
): Promise<AlertSinkBenchLine[]> {
  const count = Number(process.env.BENCH_ALERTS ?? 5000);
  const lines: AlertSinkBenchLine[] = [];

  const tls = createTestTls();
  const secret = 'bench-webhook-secret-0123456789';
  const webhookReceiver = new WebhookReceiver(tls, secret);
  const webhook = new WebhookSink({
    url: await webhookReceiver.start(),
    secret,
    ca: tls.ca,
    timeoutMs: 5000,
  });
  try {
    await measure(webhook, makeAlerts(200, 'warm'), 8);
    const result = await measure(webhook, makeAlerts(count, 'webhook'), 8);
    lines.push({ ...result, requests: webhookReceiver.calls.length });
    log(`alert-sinks: webhook ${formatNumber(result.alertsPerSecond)} alerts/s`);
  } finally {
    await webhook.close();
    await webhookReceiver.stop();
  }

  const token = '0b8c3e6a-9d4f-4c1e-8a2b-5f7d9e1c3a60';
  const hecReceiver = new SplunkHecReceiver(token);
  const hec = new SplunkHecSink({
    url: await hecReceiver.start(),
    token,
    host: 'bench',
    source: 'argus',
    sourcetype: 'argus:alert',
    timeoutMs: 5000,
    batchMaxAlerts: 100,
    batchMaxWaitMs: 20,
  });
  try {
    const result = await measure(hec, makeAlerts(count, 'hec'), 200);
    lines.push({ ...result, requests: hecReceiver.accepted.length });
    log(`alert-sinks: splunk-hec ${formatNumber(result.alertsPerSecond)} alerts/s`);
  } finally {
    await hec.close();
    await hecReceiver.stop();
  }

  const elasticReceiver = new ElasticReceiver();
  const elastic = new ElasticBulkSink({
    url: await elasticReceiver.start(),
    index: 'argus-alerts',
    timeoutMs: 5000,
    batchMaxAlerts: 100,
    batchMaxWaitMs: 20,
  });
  try {
    const result = await measure(elastic, makeAlerts(count, 'elastic'), 200);
    lines.push({ ...result, requests: elasticReceiver.accepted.length });
    log(`alert-sinks: elastic ${formatNumber(result.alertsPerSecond)} alerts/s`);
  } finally {
    await elastic.close();
    await elasticReceiver.stop();
  }
  return lines;
}

export function formatAlertSinkLines(lines: AlertSinkBenchLine[]): string {
  const text = lines.map(
    (line) =>
      `${line.sink.padEnd(11)} ${formatNumber(line.alerts)} alerts in ${formatNumber(line.requests)} requests: ` +
      `${formatNumber(line.alertsPerSecond)} alerts/s, latency p50 ${line.latencyMs.p50.toFixed(2)} ms, ` +
      `p99 ${line.latencyMs.p99.toFixed(2)} ms, max ${line.latencyMs.max.toFixed(1)} ms`,
  );
  const webhook = lines.find((line) => line.sink === 'webhook');
  if (webhook !== undefined)
    text.push(
      `target webhook ≥ ${formatNumber(ALERT_SINK_TARGET_PER_SECOND)} alerts/s: ${
        webhook.alertsPerSecond >= ALERT_SINK_TARGET_PER_SECOND ? 'met' : 'MISSED'
      }`,
    );
  return `${text.join('\n')}\n`;
}

if (require.main === module) {
  runAlertSinksBench().then(
    (lines) => process.stdout.write(formatAlertSinkLines(lines)),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
