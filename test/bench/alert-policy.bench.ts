import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type Alert,
  AlertDispatcher,
  AlertPolicyEngine,
  WebhookSink,
  loadAlertPolicy,
  parseAlertPolicy,
} from '@argus/alerting';
import { CATEGORIES, FindingSchema, SEVERITIES } from '@argus/contracts';
import {
  ArgusProcess,
  KafkaTestClient,
  WebhookReceiver,
  createTestTls,
  freePort,
  makeFinding,
  testBrokers,
} from '@argus/testing';
import { type Distribution, distribution, round, sleep } from './stats';

export type AlertPolicyBenchResult = {
  findings: number;
  groups: number;
  alertsRaised: number;
  /** Policy + grouping (AlertPolicyEngine.evaluate) only, one thread. */
  findingsPerSecond: number;
  /** The alerter's whole per-finding CPU path: UTF-8 bytes → JSON.parse → FindingSchema → evaluate. */
  findingsPerSecondWithDecode: number;
  evaluateMicroseconds: Distribution;
  /** Dispatcher → WebhookSink → a local HTTPS receiver (keep-alive, 8 in flight). */
  webhookAlertsPerSecond: number;
  webhookAlerts: number;
};

const FINDINGS = Number(process.env.BENCH_ALERT_FINDINGS ?? 200_000);
const INCIDENTS = 2000;
const WEBHOOK_ALERTS = Number(process.env.BENCH_WEBHOOK_ALERTS ?? 3000);

/**
 * Findings of INCIDENTS incidents (tenants, apps, categories, users, conversations), interleaved as a
 * busy topic would carry them, with timestamps one millisecond apart.
 */
function syntheticFindings(count: number) {
  const start = Date.parse('2026-03-02T10:00:00Z');
  return Array.from({ length: count }, (_, index) => {
    const incident = index % INCIDENTS;
    const category = CATEGORIES[incident % CATEGORIES.length];
    return makeFinding({
      finding_id: `bench-f${index}`,
      event_id: `bench-e${index}`,
      tenant_id: `tenant-${incident % 20}`,
      app_id: `app-${incident % 7}`,
      category,
      severity: SEVERITIES[2 + (incident % 3)],
      score: 0.5 + (incident % 50) / 100,
      user_id: `user-${incident}`,
      conversation_id: `conversation-${incident}`,
      timestamp: new Date(start + index).toISOString(),
    });
  });
}

/** The shipped rules plus a few mute windows, so every stage of the policy is exercised. */
function benchPolicy() {
  const shipped = loadAlertPolicy();
  const extra = parseAlertPolicy(`
version: 1
rules:
  - { name: drop-test, match: { apps: [test-*] }, action: drop }
  - { name: cards, match: { categories: [pii], entities: [CREDIT_CARD], min_score: 0.8 }, severity: critical }
  - { name: leaks, match: { categories: [system_prompt_leak, secret, cross_tenant_leak] }, severity: critical }
  - { name: default, match: {} }
mute:
  - { name: maintenance, tenants: [tenant-99], from: 2026-03-02T00:00:00Z, until: 2026-03-03T00:00:00Z }
  - { name: nightly, apps: [batch-*], recurring: { start: '22:00', end: '06:00', timezone: Europe/Paris } }
`);
  return { shipped, extra };
}

export function runAlertPolicyThroughput(): Omit<
  AlertPolicyBenchResult,
  'webhookAlertsPerSecond' | 'webhookAlerts'
> {
  const findings = syntheticFindings(FINDINGS);
  const { extra } = benchPolicy();
  const options = { minSeverity: 'info' as const, configuredSinks: ['webhook', 'slack', 'splunk-hec'] };
  const now = Date.parse('2026-03-02T10:00:00Z');

  // Warm-up on a separate engine: JIT, regexes, per-severity sink caches.
  const warm = new AlertPolicyEngine(extra, options);
  for (const finding of findings.slice(0, 20_000)) warm.evaluate(finding, now);

  // Throughput without per-call timing (hrtime costs about as much as a fold), then latency apart.
  const engine = new AlertPolicyEngine(extra, options);
  let alerts = 0;
  const started = process.hrtime.bigint();
  for (let index = 0; index < findings.length; index++) {
    if (engine.evaluate(findings[index], now + index).alert !== undefined) alerts++;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const groups = engine.openGroups;

  const timed = new AlertPolicyEngine(extra, options);
  const micros = new Float64Array(findings.length);
  for (let index = 0; index < findings.length; index++) {
    const before = process.hrtime.bigint();
    timed.evaluate(findings[index], now + index);
    micros[index] = Number(process.hrtime.bigint() - before) / 1000;
  }

  const records = findings.map((finding) => Buffer.from(JSON.stringify(finding), 'utf8'));
  const decoding = new AlertPolicyEngine(extra, options);
  const decodeStarted = process.hrtime.bigint();
  for (let index = 0; index < records.length; index++) {
    const parsed = FindingSchema.safeParse(JSON.parse(records[index].toString('utf8')));
    if (parsed.success) decoding.evaluate(parsed.data, now + index);
  }
  const decodeSeconds = Number(process.hrtime.bigint() - decodeStarted) / 1e9;

  return {
    findings: findings.length,
    groups,
    alertsRaised: alerts,
    findingsPerSecond: round(findings.length / seconds, 0),
    findingsPerSecondWithDecode: round(findings.length / decodeSeconds, 0),
    evaluateMicroseconds: distribution(micros),
  };
}

/** Alerts/s through the dispatcher to a webhook over HTTPS on loopback (the receiver shares this CPU). */
export async function runWebhookThroughput(): Promise<{ alerts: number; alertsPerSecond: number }> {
  const tls = createTestTls();
  const receiver = new WebhookReceiver(tls, 'bench-webhook-secret-0123456789');
  const url = await receiver.start();
  const sink = new WebhookSink({
    url,
    secret: 'bench-webhook-secret-0123456789',
    ca: tls.ca,
    timeoutMs: 10_000,
  });
  let delivered = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const dispatcher = new AlertDispatcher({
    sinks: [sink],
    limitsFor: () => ({ rateLimit: undefined, circuitBreaker: { failures: 5, cooldownMs: 30_000 } }),
    retry: { maxAttempts: 3, baseDelayMs: 100 },
    concurrency: 8,
    recordAttempt: () => {
      if (++delivered === WEBHOOK_ALERTS) done();
      return Promise.resolve();
    },
    park: () => Promise.resolve(),
  });
  const base = makeFinding();
  const alerts: Alert[] = Array.from({ length: WEBHOOK_ALERTS }, (_, index) => ({
    ...base,
    alert_id: `bench-alert-${index}`,
    dedup_key: `bench|${index}`,
    created_at: new Date().toISOString(),
    title: 'Bench alert',
    summary: base.message,
    finding_ids: [base.finding_id],
    event_ids: [base.event_id],
    first_seen: base.timestamp,
    last_seen: base.timestamp,
    occurrences: 1,
  }));
  // Warm-up: TLS sessions of the keep-alive pool.
  await Promise.all(alerts.slice(0, 16).map((alert) => sink.deliver(alert)));
  receiver.calls.length = 0;
  const started = process.hrtime.bigint();
  for (const alert of alerts) dispatcher.enqueue(alert, ['webhook']);
  await finished;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await sink.close();
  await receiver.stop();
  return { alerts: receiver.calls.length, alertsPerSecond: round(WEBHOOK_ALERTS / seconds, 0) };
}

export async function runAlertPolicyBench(): Promise<AlertPolicyBenchResult> {
  const policy = runAlertPolicyThroughput();
  const webhook = await runWebhookThroughput();
  return { ...policy, webhookAlerts: webhook.alerts, webhookAlertsPerSecond: webhook.alertsPerSecond };
}

export function formatAlertPolicyBench(result: AlertPolicyBenchResult): string {
  const us = result.evaluateMicroseconds;
  return [
    `alert policy: ${result.findings} findings, ${result.groups} open groups, ${result.alertsRaised} alerts raised`,
    `  policy + grouping: ${result.findingsPerSecond} findings/s on one core (target >= 20000); per finding p50 ${round(us.p50, 2)} µs, p99 ${round(us.p99, 2)} µs, max ${round(us.max, 1)} µs`,
    `  with decode (JSON.parse + FindingSchema): ${result.findingsPerSecondWithDecode} findings/s`,
    `  webhook sink: ${result.webhookAlertsPerSecond} alerts/s over HTTPS to a local receiver (${result.webhookAlerts} received; target >= 1000)`,
  ].join('\n');
}

export type AlertLatencyBenchResult = {
  alerts: number;
  ratePerSecond: number;
  /** From the finding produced on Kafka to the alert accepted by the webhook, milliseconds. */
  latencyMs: Distribution;
};

/**
 * End to end at a steady rate: findings of distinct incidents produced on `ai.findings.v1` at
 * BENCH_ALERT_RATE/s (default 100) for BENCH_ALERT_SECONDS (default 20), Argus (alerter + api, the built
 * dist, embedded ClickHouse) records each alert and delivers it to a local HTTPS webhook; the latency is
 * arrival time minus produce time (the finding's timestamp). Needs KAFKA_BROKERS and `npm run build`.
 */
export async function runAlertLatencyBench(
  log: (line: string) => void = () => undefined,
): Promise<AlertLatencyBenchResult> {
  const rate = Number(process.env.BENCH_ALERT_RATE ?? 100);
  const seconds = Number(process.env.BENCH_ALERT_SECONDS ?? 20);
  const runId = randomUUID().slice(0, 8);
  const dataDir = mkdtempSync(join(tmpdir(), 'argus-bench-alerts-'));
  const tls = createTestTls();
  const receiver = new WebhookReceiver(tls);
  const arrivals = new Map<string, number>();
  const push = receiver.calls.push.bind(receiver.calls);
  receiver.calls.push = (...calls) => {
    for (const call of calls) arrivals.set((call.json as Alert).alert_id, Date.now());
    return push(...calls);
  };
  const url = await receiver.start();
  const kafka = await new KafkaTestClient().connect();
  const topic = `bench.alerts.${runId}.findings`;
  const argus = new ArgusProcess({
    ARGUS_APPS: 'alerter,api',
    KAFKA_BROKERS: testBrokers(),
    KAFKA_TOPIC_TELEMETRY: `bench.alerts.${runId}.telemetry`,
    KAFKA_TOPIC_TELEMETRY_DLQ: `bench.alerts.${runId}.telemetry.dlq`,
    KAFKA_TOPIC_FINDINGS: topic,
    KAFKA_TOPIC_ALERTS: `bench.alerts.${runId}.alerts`,
    KAFKA_TOPIC_ALERTS_DLQ: `bench.alerts.${runId}.alerts.dlq`,
    KAFKA_ALERTER_GROUP_ID: `bench-alerts-${runId}`,
    ARGUS_DATA_DIR: dataDir,
    API_PORT: String(await freePort()),
    ALERT_MIN_SEVERITY: 'info',
    ALERT_WEBHOOK_URL: url,
    ALERT_WEBHOOK_CA_FILE: tls.caFile,
    LOG_LEVEL: 'warn',
  }).start();
  try {
    await argus.waitUntilReady();
    log(`alert latency: producing ${rate} findings/s for ${seconds} s`);
    const total = rate * seconds;
    const perTick = Math.max(1, Math.round(rate / 10));
    const started = Date.now();
    for (let sent = 0; sent < total; sent += perTick) {
      const due = started + (sent / rate) * 1000;
      if (due > Date.now()) await sleep(due - Date.now());
      const timestamp = new Date().toISOString();
      const findings = Array.from({ length: Math.min(perTick, total - sent) }, (_, index) =>
        makeFinding({
          finding_id: `lat-${runId}-${sent + index}`,
          event_id: `lat-e-${sent + index}`,
          conversation_id: `lat-conv-${sent + index}`,
          timestamp,
        }),
      );
      await kafka.produce(
        topic,
        findings.map((finding) => ({ key: finding.conversation_id, value: JSON.stringify(finding) })),
      );
    }
    const deadline = Date.now() + 60_000;
    while (arrivals.size < total && Date.now() < deadline) await sleep(100);
    const latencies = receiver.calls.map((call) => {
      const alert = call.json as Alert;
      return arrivals.get(alert.alert_id)! - Date.parse(alert.first_seen);
    });
    return { alerts: arrivals.size, ratePerSecond: rate, latencyMs: distribution(latencies) };
  } finally {
    await argus.stop();
    await kafka.disconnect();
    await receiver.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function formatAlertLatencyBench(result: AlertLatencyBenchResult): string {
  const ms = result.latencyMs;
  return `alert latency at ${result.ratePerSecond} alerts/s: ${result.alerts} delivered; finding on Kafka → webhook p50 ${round(ms.p50, 0)} ms, p90 ${round(ms.p90, 0)} ms, p99 ${round(ms.p99, 0)} ms, max ${round(ms.max, 0)} ms`;
}

if (require.main === module) {
  (async () => {
    process.stdout.write(`${formatAlertPolicyBench(await runAlertPolicyBench())}\n`);
    if (process.env.KAFKA_BROKERS) {
      const log = (line: string) => process.stdout.write(`${line}\n`);
      log(formatAlertLatencyBench(await runAlertLatencyBench(log)));
    }
  })().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
