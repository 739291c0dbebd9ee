import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATEGORY_MAPPING, type Finding } from '@argus/contracts';
import {
  ArgusProcess,
  createTestTls,
  expectedFindings,
  freePort,
  KafkaTestClient,
  launchChromium,
  syntheticEvents,
  testBrokers,
  testTopics,
  waitFor,
  WebhookReceiver,
} from '@argus/testing';
import { printLogTailOnFailure } from '../support/e2e-hooks';

/**
 * The whole flow with real components: a real Kafka broker, Argus as a process (ingest + alerter + api,
 * embedded ClickHouse), a local HTTPS webhook that checks the signature. Good and bad records go in;
 * events, findings, DLQ records and alerts must come out, each exactly where the contracts say.
 */
describe('Argus end to end', () => {
  const suffix = randomUUID().slice(0, 8);
  const topics = testTopics('e2e', suffix);
  const tls = createTestTls();
  const webhookSecret = 'e2e-webhook-secret-0123456789';
  const receiver = new WebhookReceiver(tls, webhookSecret);
  const dataDir = mkdtempSync(join(tmpdir(), 'argus-e2e-'));
  const kafka = new KafkaTestClient();
  let argus: ArgusProcess;

  beforeAll(async () => {
    const webhookUrl = await receiver.start();
    await kafka.connect();
    argus = new ArgusProcess({
      ...topics,
      ARGUS_APPS: 'ingest,alerter,api',
      KAFKA_BROKERS: testBrokers(),
      KAFKA_INGEST_GROUP_ID: `e2e-ingest-${suffix}`,
      KAFKA_ALERTER_GROUP_ID: `e2e-alerter-${suffix}`,
      ARGUS_DATA_DIR: dataDir,
      API_PORT: String(await freePort()),
      API_QUERY_ENABLED: 'true',
      ALERT_MIN_SEVERITY: 'high',
      ALERT_WEBHOOK_URL: webhookUrl,
      ALERT_WEBHOOK_SECRET: webhookSecret,
      ALERT_WEBHOOK_CA_FILE: tls.caFile,
      ALERT_RETRY_BASE_MS: '100',
      CLICKHOUSE_WRITER_FLUSH_MS: '200',
      LOG_LEVEL: 'info',
    }).start();
    await argus.waitUntilReady();
  });

  afterAll(async () => {
    await argus?.stop();
    await kafka.disconnect();
    await receiver.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  afterEach(() => printLogTailOnFailure(argus));

  it('stores every valid event once, dead-letters bad input with a reason, produces findings and delivers alerts', async () => {
    const events = syntheticEvents(400, `e2e-${suffix}`);
    const expected = expectedFindings(events);
    const expectedAlerted = expected.filter(
      (finding) => finding.severity === 'high' || finding.severity === 'critical',
    );
    expect(expectedAlerted.length).toBeGreaterThan(0); // the generated traffic does contain canary leaks

    const valid = events.map((event) => ({
      key: `${event.tenant_id}:${event.conversation_id}`,
      value: JSON.stringify(event),
    }));
    const oversized = JSON.stringify({
      ...events[0],
      event_id: `too-big-${suffix}`,
      padding: 'x'.repeat(1_200_000),
    });
    const bad = [
      { value: '{"schema_version": "1", "event_id": ', code: 'invalid_json' },
      { value: 'not json at all', code: 'invalid_json' },
      { value: JSON.stringify({ ...events[1], event_id: undefined }), code: 'schema_violation' },
      { value: JSON.stringify({ ...events[2], timestamp: 'yesterday' }), code: 'schema_violation' },
      { value: oversized, code: 'too_large' },
    ];
    // Interleave bad records with good ones: a poison record must not hold up its partition.
    const records = [
      ...valid.slice(0, 100),
      ...bad.map((record) => ({ key: 'bad', value: record.value })),
      ...valid.slice(100),
    ];
    // Replaying a slice duplicates records on the topic, as an at-least-once producer would.
    await kafka.produce(topics.KAFKA_TOPIC_TELEMETRY, [...records, ...valid.slice(0, 50)]);

    const eventCount = () => argus.count('SELECT count() AS n FROM events FINAL');
    await waitFor('all valid events in ClickHouse', async () => (await eventCount()) >= events.length, {
      timeoutMs: 120_000,
    });
    expect(await eventCount()).toBe(events.length);
    expect(await argus.count('SELECT uniqExact(event_id) AS n FROM events')).toBe(events.length);

    const deadLetters = await kafka.readAll(topics.KAFKA_TOPIC_TELEMETRY_DLQ, bad.length);
    expect(deadLetters).toHaveLength(bad.length);
    const deadByValue = new Map(deadLetters.map((record) => [record.value?.toString('utf8'), record]));
    for (const record of bad) {
      const dead = deadByValue.get(record.value);
      expect(dead).toBeDefined(); // the original bytes, unchanged
      expect(dead!.headers['argus-error']).toBe(record.code);
      expect(dead!.headers['argus-error-reason']).not.toHaveLength(0);
      expect(dead!.headers['argus-source-topic']).toBe(topics.KAFKA_TOPIC_TELEMETRY);
      expect(Number(dead!.headers['argus-source-offset'])).toBeGreaterThanOrEqual(0);
    }
    expect(deadByValue.get(oversized)!.headers['argus-error-reason']).toMatch(/INGEST_MAX_EVENT_BYTES/);

    const expectedIds = new Set(expected.map((finding) => finding.finding_id));
    await waitFor(
      'findings in ClickHouse',
      async () => (await argus.count('SELECT count() AS n FROM findings FINAL')) >= expectedIds.size,
    );
    const storedIds = (
      await argus.query<{ finding_id: string }>('SELECT finding_id FROM findings FINAL')
    ).map((row) => row.finding_id);
    expect(new Set(storedIds)).toEqual(expectedIds);

    const produced = await kafka.readAll(topics.KAFKA_TOPIC_FINDINGS, expectedIds.size);
    const producedFindings = produced.map((record) => JSON.parse(record.value!.toString('utf8')) as Finding);
    expect(new Set(producedFindings.map((finding) => finding.finding_id))).toEqual(expectedIds);
    for (const finding of producedFindings) {
      expect(finding.owasp).toBe(CATEGORY_MAPPING[finding.category].owasp);
      expect(finding.atlas).toEqual(CATEGORY_MAPPING[finding.category].atlas);
    }

    // One alert per alert-worthy finding reaches the webhook; a replayed finding reuses its alert id.
    const expectedAlertFindings = new Set(expectedAlerted.map((finding) => finding.finding_id));
    await waitFor('alerts at the webhook', () => {
      const alerted = new Set(
        receiver.calls.flatMap((call) => (call.json as { finding_ids: string[] }).finding_ids),
      );
      return Promise.resolve(alerted.size >= expectedAlertFindings.size);
    });
    const alertedFindings = new Set(
      receiver.calls.flatMap((call) => (call.json as { finding_ids: string[] }).finding_ids),
    );
    expect(alertedFindings).toEqual(expectedAlertFindings);
    expect(receiver.rejected).toEqual([]);
    await waitFor(
      'alerts recorded',
      async () => (await argus.count('SELECT count() AS n FROM alerts FINAL')) === expectedAlertFindings.size,
    );
    expect(
      await argus.count("SELECT count() AS n FROM alert_deliveries WHERE status = 'delivered'"),
    ).toBeGreaterThanOrEqual(expectedAlertFindings.size);
  });

  it('retries alert delivery while the webhook fails, then delivers', async () => {
    const before = receiver.calls.length;
    receiver.failNext(3, 503);
    const events = syntheticEvents(200, `e2e-retry-${suffix}`, 0.5);
    const alertWorthy = expectedFindings(events).filter(
      (finding) => finding.severity === 'critical' || finding.severity === 'high',
    );
    expect(alertWorthy.length).toBeGreaterThan(0);
    await kafka.produce(
      topics.KAFKA_TOPIC_TELEMETRY,
      events.map((event) => ({ value: JSON.stringify(event) })),
    );
    await waitFor('alerts delivered after the outage', () => {
      const alerted = new Set(
        receiver.calls.slice(before).flatMap((call) => (call.json as { finding_ids: string[] }).finding_ids),
      );
      return Promise.resolve(alertWorthy.every((finding) => alerted.has(finding.finding_id)));
    });
    expect(receiver.rejected.filter((rejection) => rejection.status === 503)).toHaveLength(3);
    expect(await argus.count("SELECT count() AS n FROM alert_deliveries WHERE status = 'failed'")).toBe(3);
  });

  it('serves a dashboard that a real browser renders with the stored numbers and alerts', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${argus.apiUrl}/`);
      const storedEvents = await argus.count('SELECT count() AS n FROM events FINAL');
      // Polled from here, not with page.waitForFunction: a string predicate is eval'd inside the page
      // when its first check fails, and the dashboard's Content-Security-Policy (no 'unsafe-eval')
      // rightly refuses that. The dashboard refreshes itself; wait until it shows the stored count.
      const deadline = Date.now() + 15_000;
      let shown = await page.locator('#events').textContent();
      while (shown !== String(storedEvents) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        shown = await page.locator('#events').textContent();
      }
      expect(shown).toBe(String(storedEvents));
      expect(await page.locator('#recent tr').count()).toBeGreaterThan(0);
      expect(await page.locator('#categories').textContent()).toContain('system_prompt_leak');
      await page.screenshot({ path: join(dataDir, '..', `argus-dashboard-${suffix}.png`), fullPage: true });
      expect(pageErrors).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('reports readiness, liveness and Prometheus metrics', async () => {
    expect((await fetch(`${argus.apiUrl}/healthz`)).status).toBe(200);
    const ready = (await (await fetch(`${argus.apiUrl}/readyz`)).json()) as {
      checks: Record<string, { ok: boolean }>;
    };
    expect(Object.keys(ready.checks).sort()).toEqual([
      'alerter.kafka-consumer',
      'clickhouse',
      'ingest.kafka-consumer',
    ]);
    const metrics = await (await fetch(`${argus.apiUrl}/metrics`)).text();
    expect(metrics).toMatch(/argus_events_ingested_total \d+/);
    expect(metrics).toMatch(/argus_dead_lettered_total\{topic="[^"]+",code="too_large"\} 1/);
    expect(metrics).toMatch(/argus_batch_duration_seconds_bucket/);
  });
});
