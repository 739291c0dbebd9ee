import {
  type Alert,
  ElasticBulkSink,
  PagerDutySink,
  PermanentDeliveryError,
  SlackSink,
  SplunkHecSink,
  TransientDeliveryError,
  WebhookSink,
  alertFromFinding,
  deliverWithRetry,
  toOcsfDetectionFinding,
} from '@argus/alerting';
import {
  ElasticReceiver,
  PagerDutyReceiver,
  SlackReceiver,
  SplunkHecReceiver,
  WebhookReceiver,
  createTestTls,
  makeFinding,
} from '@argus/testing';

/**
 * The HTTP sinks against local receivers that enforce each vendor's documented request contract and
 * fail on command: what reaches the receiver, and how each failure is classified and retried.
 */
let sequence = 0;
function alert(overrides: Partial<Alert> = {}): Alert {
  sequence++;
  return {
    ...alertFromFinding(
      makeFinding({ finding_id: `f-sink-${sequence}`, user_id: 'u-9' }),
      new Date('2026-03-01T10:00:00Z'),
    ),
    ...overrides,
  };
}
const retry = { maxAttempts: 4, baseDelayMs: 20 };

describe('Slack sink against a Block Kit contract receiver', () => {
  // One sink per webhook, as in the alerter: its pacing spans every test of this block.
  // The receiver rate-limits messages closer than 150 ms; the sink spaces them by 300 ms, so event-loop
  // jitter on a loaded machine cannot turn correct pacing into a 429.
  const receiver = new SlackReceiver(150);
  let url: string;
  let sink: SlackSink;
  beforeAll(async () => {
    url = await receiver.start();
    sink = new SlackSink({
      webhookUrl: url,
      timeoutMs: 2000,
      minIntervalMs: 300,
      dashboardUrl: 'https://argus.example/dashboard',
    });
  });
  afterAll(async () => {
    await sink.close();
    await receiver.stop();
  });

  it('posts a Block Kit message within the limits, escaped, with the dashboard button', async () => {
    const hostile = alert({
      summary: 'Ping <!channel> & see <https://evil.example|here>',
      title: 'X'.repeat(300),
    });
    await sink.deliver(hostile);
    const message = receiver.messages.at(-1)!;
    expect(message.blocks[0]).toMatchObject({ type: 'header' });
    expect(JSON.stringify(message.blocks)).toContain(
      '&lt;!channel&gt; &amp; see &lt;https://evil.example|here&gt;',
    );
    expect(JSON.stringify(message.blocks)).toContain(`alert_id=${hostile.alert_id}`);
    expect(receiver.rejected).toEqual([]);
  });

  it('paces a burst to one message per interval, so the webhook never rate-limits it', async () => {
    const before = receiver.accepted.length;
    await Promise.all([alert(), alert(), alert()].map((item) => sink.deliver(item)));
    const arrivals = receiver.accepted.slice(before).map((request) => request.at);
    expect(arrivals).toHaveLength(3);
    // Unpaced, three concurrent posts arrive within a few milliseconds of each other.
    expect(arrivals[1] - arrivals[0]).toBeGreaterThanOrEqual(150);
    expect(arrivals[2] - arrivals[1]).toBeGreaterThanOrEqual(150);
    expect(receiver.rejected).toEqual([]);
  });

  it('honours 429 Retry-After, retries 5xx and parks a 404 (wrong webhook) at once', async () => {
    receiver.failNext(1, 429, '1');
    const limited = await deliverWithRetry(sink, alert(), retry);
    expect(limited.delivered).toBe(true);
    expect(limited.attempts.map((attempt) => attempt.status)).toEqual(['failed', 'delivered']);
    expect(limited.attempts[1].at.getTime() - limited.attempts[0].at.getTime()).toBeGreaterThanOrEqual(950);

    receiver.failNext(2, 500);
    expect((await deliverWithRetry(sink, alert(), retry)).attempts).toHaveLength(3);

    const wrong = new SlackSink({ webhookUrl: `${url}-revoked`, timeoutMs: 2000, minIntervalMs: 0 });
    const parked = await deliverWithRetry(wrong, alert(), retry);
    expect(parked.delivered).toBe(false);
    expect(parked.attempts).toHaveLength(1);
    expect(parked.attempts[0].error).toContain('no_service');
    await wrong.close();
  });

  it('turns a receiver that never answers into a transient timeout', async () => {
    const impatient = new SlackSink({ webhookUrl: url, timeoutMs: 300, minIntervalMs: 0 });
    receiver.hangNext(1);
    await expect(impatient.deliver(alert())).rejects.toBeInstanceOf(TransientDeliveryError);
    await impatient.close();
  });
});

describe('Splunk HEC sink against an HEC contract receiver', () => {
  const token = '6f1c9a2e-0b8d-4c55-9d61-3b1f2a7e8c90';
  const receiver = new SplunkHecReceiver(token);
  let url: string;
  beforeAll(async () => (url = await receiver.start()));
  afterAll(() => receiver.stop());
  const options = (overrides: Partial<ConstructorParameters<typeof SplunkHecSink>[0]> = {}) => ({
    url,
    token,
    host: 'argus-test',
    source: 'argus',
    sourcetype: 'argus:alert',
    index: 'ai_security',
    timeoutMs: 2000,
    batchMaxAlerts: 10,
    batchMaxWaitMs: 30,
    ...overrides,
  });

  it('batches concurrent alerts into one request of well-formed envelopes, each alert resolved', async () => {
    const sink = new SplunkHecSink(options());
    const before = receiver.accepted.length;
    const alerts = [alert(), alert(), alert(), alert(), alert()];
    await Promise.all(alerts.map((item) => sink.deliver(item)));
    await sink.close();
    const requests = receiver.accepted.slice(before);
    expect(requests).toHaveLength(1);
    expect(requests[0].headers['x-splunk-request-channel']).toBe(sink.channel);
    const events = receiver.events.slice(-5);
    expect(events.map((envelope) => (envelope.event as Alert).alert_id)).toEqual(
      alerts.map((item) => item.alert_id),
    );
    expect(events[0]).toMatchObject({ host: 'argus-test', sourcetype: 'argus:alert', index: 'ai_security' });
  });

  it('treats a wrong token as permanent and a busy server (503) as transient, then delivers', async () => {
    const wrong = new SplunkHecSink(options({ token: 'not-the-token' }));
    await expect(wrong.deliver(alert())).rejects.toBeInstanceOf(PermanentDeliveryError);
    await wrong.close();
    const sink = new SplunkHecSink(options());
    receiver.failNext(2, 503);
    const outcome = await deliverWithRetry(sink, alert(), retry);
    expect(outcome.attempts.map((attempt) => attempt.status)).toEqual(['failed', 'failed', 'delivered']);
    await sink.close();
  });

  it('fails only the envelope HEC names as invalid; the rest of the batch is retried and delivered', async () => {
    const sink = new SplunkHecSink(options());
    const alerts = [alert(), alert(), alert()];
    receiver.rejectEventAt = 1;
    const outcomes = await Promise.all(alerts.map((item) => deliverWithRetry(sink, item, retry)));
    await sink.close();
    expect(outcomes.map((outcome) => outcome.delivered)).toEqual([true, false, true]);
    expect(outcomes[1].attempts).toHaveLength(1);
    expect(outcomes[1].attempts[0].error).toContain('Invalid data format');
    const indexed = receiver.events.map((envelope) => (envelope.event as Alert).alert_id);
    expect(indexed).toContain(alerts[0].alert_id);
    expect(indexed).toContain(alerts[2].alert_id);
  });

  it('waits for indexer acknowledgement, and fails as transient when it never comes', async () => {
    const acking = new SplunkHecReceiver(token, { ack: true, ackAfterPolls: 3 });
    const ackUrl = await acking.start();
    try {
      const sink = new SplunkHecSink(options({ url: ackUrl, ack: { pollMs: 20, timeoutMs: 2000 } }));
      await sink.deliver(alert());
      expect(acking.ackPolls.length).toBeGreaterThanOrEqual(3);
      expect(acking.ackPolls.every((poll) => poll.channel === sink.channel)).toBe(true);
      acking.withholdAcks = true;
      const stuck = new SplunkHecSink(options({ url: ackUrl, ack: { pollMs: 20, timeoutMs: 200 } }));
      await expect(stuck.deliver(alert())).rejects.toThrow(/did not acknowledge/);
      await Promise.all([sink.close(), stuck.close()]);
    } finally {
      await acking.stop();
    }
  });
});

describe('Elastic _bulk sink against a bulk contract receiver', () => {
  const apiKey = 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==';
  const receiver = new ElasticReceiver(apiKey);
  let url: string;
  beforeAll(async () => (url = await receiver.start()));
  afterAll(() => receiver.stop());
  const sinkOptions = {
    index: 'argus-alerts',
    apiKey,
    timeoutMs: 2000,
    batchMaxAlerts: 20,
    batchMaxWaitMs: 30,
  };

  it('indexes ECS documents in one bulk request; a re-delivered alert is a 409, not a duplicate', async () => {
    const sink = new ElasticBulkSink({ url, ...sinkOptions });
    const first = alert();
    await Promise.all([sink.deliver(first), sink.deliver(alert())]);
    await sink.deliver(first);
    await sink.close();
    expect(receiver.documents.get(`argus-alerts/${first.alert_id}`)).toMatchObject({
      event: { kind: 'alert', risk_score: 95 },
      threat: { framework: 'MITRE ATLAS', technique: { id: ['AML.T0056'] } },
      rule: { id: first.rule_id },
      labels: { tenant_id: first.tenant_id },
    });
    expect([...receiver.documents.keys()].filter((key) => key.endsWith(first.alert_id))).toHaveLength(1);
  });

  it('settles each alert by its own bulk item: a 200 with errors is not delivered', async () => {
    const sink = new ElasticBulkSink({ url, ...sinkOptions });
    receiver.failItems(1, { status: 429, type: 'es_rejected_execution_exception', reason: 'queue full' });
    const [rejected, accepted] = await Promise.allSettled([sink.deliver(alert()), sink.deliver(alert())]);
    expect(rejected).toMatchObject({ status: 'rejected', reason: expect.any(TransientDeliveryError) });
    expect(accepted.status).toBe('fulfilled');

    receiver.failItems(1, { status: 400, type: 'document_parsing_exception', reason: 'bad mapping' });
    await expect(sink.deliver(alert())).rejects.toBeInstanceOf(PermanentDeliveryError);

    receiver.failItems(1, {
      status: 503,
      type: 'unavailable_shards_exception',
      reason: 'primary shard down',
    });
    expect((await deliverWithRetry(sink, alert(), retry)).attempts.map((attempt) => attempt.status)).toEqual([
      'failed',
      'delivered',
    ]);
    await sink.close();
  });

  it('refuses a wrong API key for good and retries an HTTP 429 after its Retry-After', async () => {
    const wrong = new ElasticBulkSink({ url, ...sinkOptions, apiKey: 'd3Jvbmc6a2V5' });
    await expect(wrong.deliver(alert())).rejects.toBeInstanceOf(PermanentDeliveryError);
    await wrong.close();
    const sink = new ElasticBulkSink({ url, ...sinkOptions });
    receiver.failNext(1, 429, '2');
    await expect(sink.deliver(alert())).rejects.toMatchObject({ retryAfterMs: 2000 });
    await sink.close();
  });
});

describe('OCSF webhook sink', () => {
  const tls = createTestTls();
  const secret = 'an-ocsf-webhook-secret-0123';
  const receiver = new WebhookReceiver(tls, secret);
  let url: string;
  beforeAll(async () => (url = await receiver.start()));
  afterAll(() => receiver.stop());

  it('posts a signed OCSF Detection Finding', async () => {
    const sink = new WebhookSink({
      url,
      secret,
      ca: tls.ca,
      timeoutMs: 2000,
      name: 'ocsf-webhook',
      render: (item) => toOcsfDetectionFinding(item, { productVersion: '0.0.0-test' }),
    });
    const sent = alert();
    await sink.deliver(sent);
    await sink.close();
    expect(sink.name).toBe('ocsf-webhook');
    expect(receiver.calls.at(-1)?.json).toMatchObject({
      class_uid: 2004,
      type_uid: 200401,
      finding_info: { uid: sent.alert_id },
    });
  });
});

describe('PagerDuty Events v2 sink against an Events API contract receiver', () => {
  const receiver = new PagerDutyReceiver();
  let url: string;
  beforeAll(async () => (url = `${await receiver.start()}/v2/enqueue`));
  afterAll(() => receiver.stop());
  const routingKey = 'R0UT1NGKEY0123456789ABCDEFGHIJKL';

  it('triggers one incident per group: an escalation of the same group updates it', async () => {
    const sink = new PagerDutySink({
      url,
      routingKey,
      source: 'argus-test',
      timeoutMs: 2000,
      dashboardUrl: 'https://argus.example/dashboard',
    });
    const group = {
      id: 'group-42',
      window_start: '2026-03-01T10:00:00Z',
      window_end: '2026-03-01T10:05:00Z',
    };
    await sink.deliver(alert({ group: { ...group, kind: 'first' } }));
    await sink.deliver(alert({ group: { ...group, kind: 'escalation' }, occurrences: 10, escalation: 1 }));
    await sink.close();
    expect(receiver.incidents.get('group-42')).toBe(2);
    expect(receiver.events.at(-1)).toMatchObject({
      event_action: 'trigger',
      payload: { severity: 'critical', source: 'argus-test', custom_details: { occurrences: 10 } },
      links: [{ text: 'Open in Argus' }],
    });
  });

  it('parks an event PagerDuty calls invalid (bad routing key) and retries a throttled one', async () => {
    const wrong = new PagerDutySink({ url, routingKey: 'short', source: 'argus-test', timeoutMs: 2000 });
    const parked = await deliverWithRetry(wrong, alert(), retry);
    expect(parked.attempts).toHaveLength(1);
    expect(parked.attempts[0].error).toContain('routing_key');
    const sink = new PagerDutySink({ url, routingKey, source: 'argus-test', timeoutMs: 2000 });
    receiver.failNext(1, 429);
    expect((await deliverWithRetry(sink, alert(), retry)).delivered).toBe(true);
    await Promise.all([wrong.close(), sink.close()]);
  });
});
