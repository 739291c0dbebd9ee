import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Alert } from '@argus/alerting';
import {
  ARGUS_MAIN,
  ArgusProcess,
  createTestTls,
  freePort,
  KafkaTestClient,
  makeFinding,
  REPO_ROOT,
  testBrokers,
  testTopics,
  waitFor,
  WebhookReceiver,
} from '@argus/testing';
import { printLogTailOnFailure } from '../support/e2e-hooks';

/**
 * The alerter as a process (alerter + api, embedded ClickHouse) fed findings straight on its topic, with
 * a local HTTPS webhook. Proves what a SOC relies on: a flood of one incident is one grouped alert per
 * window, not thousands of messages; an outage of the sink ends with every alert delivered once; a
 * crash between recording an alert and sending it still delivers it, once.
 */
const POLICY = `
version: 1
grouping: { window: 20s, escalation_factor: 0 }
sinks:
  '*': { circuit_breaker: { failures: 3, cooldown: 1s } }
rules:
  - name: all
    match: {}
`;

function environment(
  suffix: string,
  dataDir: string,
  webhookUrl: string,
  caFile: string,
  policyFile: string,
) {
  return {
    ARGUS_APPS: 'alerter,api',
    KAFKA_BROKERS: testBrokers(),
    ...testTopics('e2e.alerting', suffix),
    KAFKA_ALERTER_GROUP_ID: `e2e-alerting-${suffix}`,
    ARGUS_DATA_DIR: dataDir,
    API_QUERY_ENABLED: 'true',
    ALERT_POLICY_FILE: policyFile,
    ALERT_MIN_SEVERITY: 'info',
    ALERT_WEBHOOK_URL: webhookUrl,
    ALERT_WEBHOOK_CA_FILE: caFile,
    ALERT_RETRY_BASE_MS: '100',
    CLICKHOUSE_WRITER_FLUSH_MS: '100',
    LOG_LEVEL: 'warn',
  };
}

/** Findings of one incident (same tenant, app, rule, user, conversation), each with its own id. */
function incident(name: string, count: number) {
  const now = Date.now();
  return Array.from({ length: count }, (_, index) =>
    makeFinding({
      finding_id: `${name}-f${index}`,
      event_id: `${name}-e${index}`,
      user_id: `user-${name}`,
      conversation_id: `conv-${name}`,
      timestamp: new Date(now + index).toISOString(),
    }),
  );
}

const records = (findings: ReturnType<typeof makeFinding>[]) =>
  findings.map((finding) => ({
    key: `${finding.tenant_id}:${finding.conversation_id}`,
    value: JSON.stringify(finding),
  }));

const alertsOf = (receiver: WebhookReceiver, prefix: string) =>
  receiver.calls
    .map((call) => call.json as Alert)
    .filter((alert) => alert.conversation_id?.startsWith(`conv-${prefix}`));

describe('alert policy end to end', () => {
  const suffix = randomUUID().slice(0, 8);
  const tls = createTestTls();
  const receiver = new WebhookReceiver(tls);
  const dir = mkdtempSync(join(tmpdir(), 'argus-alerting-'));
  const policyFile = join(dir, 'alert-policy.yaml');
  const kafka = new KafkaTestClient();
  let webhookUrl: string;
  let argus: ArgusProcess | undefined;

  beforeAll(async () => {
    writeFileSync(policyFile, POLICY);
    webhookUrl = await receiver.start();
    await kafka.connect();
  });

  afterAll(async () => {
    await argus?.stop();
    await kafka.disconnect();
    await receiver.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => printLogTailOnFailure(argus));

  describe('one alerter process', () => {
    const topicSuffix = `${suffix}-a`;
    let findingsTopic: string;
    let env: Record<string, string>;

    beforeAll(async () => {
      env = {
        ...environment(topicSuffix, join(dir, 'data-a'), webhookUrl, tls.caFile, policyFile),
        API_PORT: String(await freePort()),
      };
      findingsTopic = env.KAFKA_TOPIC_FINDINGS;
      argus = new ArgusProcess(env).start();
      await argus.waitUntilReady();
    });

    afterAll(async () => {
      await argus?.stop();
      argus = undefined;
    });

    it('turns a flood of 10,000 findings of one incident into one alert per window plus its summary', async () => {
      const flood = incident('flood', 10_000);
      await kafka.produce(findingsTopic, records(flood));
      const process = argus!;

      // Wait for the summaries: every finding is accounted for in the last alert of its window.
      const covered = () => {
        const byGroup = new Map<string, number>();
        for (const alert of alertsOf(receiver, 'flood'))
          byGroup.set(alert.group!.id, Math.max(byGroup.get(alert.group!.id) ?? 0, alert.occurrences));
        return [...byGroup.values()].reduce((sum, count) => sum + count, 0);
      };
      await waitFor('summaries covering all 10,000 findings', () => Promise.resolve(covered() >= 10_000), {
        timeoutMs: 90_000,
      });
      await new Promise((resolve) => setTimeout(resolve, 1500)); // nothing more may arrive
      const alerts = alertsOf(receiver, 'flood');
      const groups = new Set(alerts.map((alert) => alert.group!.id));
      // The flood is consumed in a few seconds: one window, or two if it straddles a window's end.
      expect(groups.size).toBeLessThanOrEqual(2);
      expect(alerts.length).toBeLessThanOrEqual(2 * groups.size);
      for (const group of groups) {
        const kinds = alerts.filter((alert) => alert.group!.id === group).map((alert) => alert.group!.kind);
        expect(kinds.filter((kind) => kind === 'first')).toHaveLength(1);
        expect(kinds.filter((kind) => kind === 'summary').length).toBeLessThanOrEqual(1);
      }
      expect(covered()).toBe(10_000);
      const summary = alerts.find((alert) => alert.group!.kind === 'summary')!;
      expect(summary.finding_ids.length).toBeLessThanOrEqual(100);
      expect(summary.first_seen <= summary.last_seen).toBe(true);

      const metrics = await (await fetch(`${process.apiUrl}/metrics`)).text();
      const folded = Number(/argus_alert_findings_total\{outcome="folded"\} (\d+)/.exec(metrics)?.[1]);
      expect(folded).toBe(10_000 - groups.size);
      expect(await process.count('SELECT count() AS n FROM alerts FINAL')).toBe(alerts.length);
    });

    it('delivers every alert once per de-duplication key after the sink was down for a while', async () => {
      // 12 refusals: the first failures open the circuit, probes spend the rest, then it closes.
      receiver.failNext(12, 503);
      const incidents = Array.from({ length: 20 }, (_, index) => incident(`outage${index}`, 3)).flat();
      await kafka.produce(findingsTopic, records(incidents));
      const process = argus!;
      await waitFor(
        '20 alerts after the outage',
        () =>
          Promise.resolve(new Set(alertsOf(receiver, 'outage').map((alert) => alert.dedup_key)).size >= 20),
        { timeoutMs: 90_000 },
      );
      const rejectedDuringOutage = receiver.rejected.filter((rejection) => rejection.status === 503).length;
      expect(rejectedDuringOutage).toBe(12);
      const firsts = alertsOf(receiver, 'outage').filter((alert) => alert.group!.kind === 'first');
      expect(firsts).toHaveLength(20);
      expect(new Set(firsts.map((alert) => alert.dedup_key)).size).toBe(20); // once per key
      expect(new Set(firsts.map((alert) => alert.alert_id)).size).toBe(20);

      const metrics = await (await fetch(`${process.apiUrl}/metrics`)).text();
      expect(metrics).toMatch(
        /argus_alert_deliveries_deferred_total\{sink="webhook",reason="circuit_open"\} [1-9]/,
      );
      expect(metrics).toMatch(/argus_alert_sink_circuit_state\{sink="webhook"\} 0/);
      expect(await process.count("SELECT count() AS n FROM alert_deliveries WHERE status = 'parked'")).toBe(
        0,
      );
      const ready = (await (await fetch(`${process.apiUrl}/readyz`)).json()) as {
        checks: Record<string, { detail?: string }>;
      };
      expect(ready.checks['alerter.kafka-consumer'].detail).toMatch(/webhook closed/);
    });

    it('parks an alert the sink rejects for good: alerts DLQ, a parked row and a metric', async () => {
      receiver.failNext(1, 422); // a permanent refusal: no retry can help
      await kafka.produce(findingsTopic, records(incident('rejected', 1)));
      const dead = await kafka.readAll(env.KAFKA_TOPIC_ALERTS_DLQ, 1);
      expect(dead).toHaveLength(1);
      const parked = JSON.parse(dead[0].value!.toString('utf8')) as Alert;
      expect(parked.conversation_id).toBe('conv-rejected');
      expect(dead[0].headers['argus-error']).toBe('delivery_failed');
      expect(dead[0].headers['argus-sink']).toBe('webhook');
      expect(dead[0].headers['argus-error-reason']).toMatch(/422/);
      const process = argus!;
      await waitFor(
        'the parked row',
        async () =>
          (await process.count(
            `SELECT count() AS n FROM alert_deliveries WHERE alert_id = '${parked.alert_id}' AND status = 'parked'`,
          )) === 1,
      );
      const metrics = await (await fetch(`${process.apiUrl}/metrics`)).text();
      expect(metrics).toMatch(/argus_alerts_undelivered\{sink="webhook"\} 1/);
    });

    it("keeps a group's count across a SIGKILL: the summary after the restart counts every finding", async () => {
      await kafka.produce(findingsTopic, records(incident('restart', 30)));
      const first = argus!;
      const stored = () =>
        first.count(
          "SELECT max(JSONExtractUInt(state, 'occurrences')) AS n FROM alert_groups FINAL WHERE dedup_key LIKE '%conv-restart%'",
        );
      await waitFor('the group state of 30 findings stored', async () => (await stored()) === 30);
      const [opened] = alertsOf(receiver, 'restart');
      expect(alertsOf(receiver, 'restart').map((alert) => alert.group!.kind)).toEqual(['first']);
      // Its `delivered` row too (else the restart re-sends it, same id: at least once, not this test's point).
      await waitFor(
        'the first alert recorded as delivered',
        async () =>
          (await first.count(
            `SELECT count() AS n FROM alert_deliveries WHERE alert_id = '${opened.alert_id}' AND status = 'delivered'`,
          )) === 1,
      );
      await first.kill();

      argus = new ArgusProcess(env).start();
      await argus.waitUntilReady();
      await waitFor(
        'the summary after the restart',
        () => Promise.resolve(alertsOf(receiver, 'restart').some((alert) => alert.group!.kind === 'summary')),
        { timeoutMs: 150_000 },
      );
      const alerts = alertsOf(receiver, 'restart');
      expect(alerts.map((alert) => [alert.group!.kind, alert.occurrences])).toEqual([
        ['first', 1],
        ['summary', 30],
      ]);
      expect(new Set(alerts.map((alert) => alert.group!.id)).size).toBe(1);
    });
  });

  it('delivers, once, an alert recorded just before a SIGKILL', async () => {
    const env = {
      ...environment(`${suffix}-c`, join(dir, 'data-c'), webhookUrl, tls.caFile, policyFile),
      API_PORT: String(await freePort()),
    };
    const crashing = new ArgusProcess({ ...env, ARGUS_TEST_CRASH_AFTER_ALERT_RECORD: 'true' }).start();
    argus = crashing;
    await crashing.waitUntilReady();
    // One finding per incident: no summary is due, so every alert seen here is a first alert.
    const findings = [incident('crash0', 1), incident('crash1', 1), incident('crash2', 1)].flat();
    await kafka.produce(env.KAFKA_TOPIC_FINDINGS, records(findings));
    await waitFor('the crash hook to kill the alerter', () => Promise.resolve(crashing.exitCode !== null), {
      timeoutMs: 60_000,
    });
    expect(alertsOf(receiver, 'crash')).toEqual([]); // recorded, never sent

    argus = new ArgusProcess(env).start();
    const restarted = argus;
    await restarted.waitUntilReady();
    // Findings the killed process had not recorded are consumed again only once the group has dropped
    // the dead member (session timeout 30 s) and rebalanced: under a loaded CI box that can pass 60 s.
    await waitFor(
      'the three alerts after the restart',
      () => Promise.resolve(new Set(alertsOf(receiver, 'crash').map((alert) => alert.dedup_key)).size >= 3),
      { timeoutMs: 150_000 },
    );
    // Replayed findings fold into the groups rebuilt from storage: no second alert for any of them.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const firsts = alertsOf(receiver, 'crash').filter((alert) => alert.group!.kind === 'first');
    expect(firsts).toHaveLength(3);
    expect(new Set(firsts.map((alert) => alert.alert_id)).size).toBe(3);
    expect(await restarted.count('SELECT count() AS n FROM alerts FINAL')).toBe(3);
    expect(
      await restarted.count("SELECT count() AS n FROM alert_deliveries WHERE status = 'delivered'"),
    ).toBe(3);
    const metrics = await (await fetch(`${restarted.apiUrl}/metrics`)).text();
    expect(metrics).toMatch(/argus_alert_deliveries_resumed_total\{sink="webhook"\} [1-3]/);
  });
});

describe('start-up with a bad alert policy', () => {
  const dir = mkdtempSync(join(tmpdir(), 'argus-bad-alert-policy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const start = (policy: string, extra: Record<string, string> = {}) => {
    const file = join(dir, `policy-${randomUUID().slice(0, 6)}.yaml`);
    writeFileSync(file, policy);
    const result = spawnSync(process.execPath, [ARGUS_MAIN], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH, ARGUS_APPS: 'alerter', ALERT_POLICY_FILE: file, ...extra },
      encoding: 'utf8',
      timeout: 30_000,
    });
    return { ...result, file };
  };

  it('exits 2 before connecting, naming ALERT_POLICY_FILE, the file and each bad path', () => {
    const result = start(
      'version: 1\ngrouping: { window: soon }\nrules: [{ name: a, match: { min_score: 3 } }]\n',
    );
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('ALERT_POLICY_FILE');
    expect(result.stderr).toContain(result.file);
    expect(result.stderr).toMatch(/grouping\.window: a duration like 30s, 5m, 1h/);
    expect(result.stderr).toMatch(/rules\.0\.match\.min_score/);
  });
});
