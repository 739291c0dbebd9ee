import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArgusProcess,
  ElasticReceiver,
  KafkaTestClient,
  PagerDutyReceiver,
  RsyslogServer,
  SlackReceiver,
  SplunkHecReceiver,
  createTestTls,
  findRsyslogd,
  freePort,
  makeFinding,
  parseCef,
  parseSyslog5424,
  testBrokers,
  waitFor,
} from '@argus/testing';

/**
 * The built alerter as a process, configured only through its environment, delivering the same alerts to
 * Slack, PagerDuty, Splunk HEC, Elastic, syslog over TLS (a real rsyslog) and OCSF on the alerts topic: proves the sink
 * settings reach the sinks (the provider wiring), not just that each sink works alone.
 */
const POLICY = `
version: 1
grouping: { window: 1m, escalation_factor: 0 }
rules:
  - name: all
    match: {}
`;

describe('alerter process with the SIEM sinks configured', () => {
  const suffix = randomUUID().slice(0, 8);
  const token = randomUUID();
  const tls = createTestTls();
  const dir = mkdtempSync(join(tmpdir(), 'argus-sinks-'));
  const hec = new SplunkHecReceiver(token);
  const elastic = new ElasticReceiver('ZXM6YXBpLWtleQ==');
  const slack = new SlackReceiver();
  const pagerDuty = new PagerDutyReceiver();
  const rsyslogd = findRsyslogd();
  const rsyslog = rsyslogd === undefined ? undefined : new RsyslogServer(rsyslogd, tls);
  const kafka = new KafkaTestClient();
  const alertsTopic = `it.sinks.alerts.${suffix}`;
  const findingsTopic = `it.sinks.findings.${suffix}`;
  let argus: ArgusProcess | undefined;

  beforeAll(async () => {
    const policyFile = join(dir, 'alert-policy.yaml');
    writeFileSync(policyFile, POLICY);
    const [hecUrl, elasticUrl, slackUrl, pagerDutyUrl] = await Promise.all([
      hec.start(),
      elastic.start(),
      slack.start(tls),
      pagerDuty.start(),
      rsyslog?.start(),
    ]);
    await kafka.connect();
    argus = new ArgusProcess({
      ARGUS_APPS: 'alerter,api',
      KAFKA_BROKERS: testBrokers(),
      KAFKA_TOPIC_TELEMETRY: `it.sinks.telemetry.${suffix}`,
      KAFKA_TOPIC_TELEMETRY_DLQ: `it.sinks.telemetry.dlq.${suffix}`,
      KAFKA_TOPIC_FINDINGS: findingsTopic,
      KAFKA_TOPIC_ALERTS: alertsTopic,
      KAFKA_TOPIC_ALERTS_DLQ: `it.sinks.alerts.dlq.${suffix}`,
      KAFKA_ALERTER_GROUP_ID: `it-sinks-${suffix}`,
      ARGUS_DATA_DIR: join(dir, 'data'),
      API_PORT: String(await freePort()),
      ALERT_POLICY_FILE: policyFile,
      ALERT_MIN_SEVERITY: 'info',
      ALERT_RETRY_BASE_MS: '100',
      CLICKHOUSE_WRITER_FLUSH_MS: '100',
      LOG_LEVEL: 'warn',
      ALERT_DASHBOARD_URL: 'https://argus.example/dashboard',
      ALERT_SPLUNK_HEC_URL: hecUrl,
      ALERT_SPLUNK_HEC_TOKEN: token,
      ALERT_SPLUNK_HEC_INDEX: 'ai_security',
      ALERT_ELASTIC_URL: elasticUrl,
      ALERT_ELASTIC_API_KEY: 'ZXM6YXBpLWtleQ==',
      ALERT_SIEM_BATCH_WAIT_MS: '20',
      ALERT_OCSF_KAFKA: 'true',
      // Slack settings accept https only: the process trusts the test CA the way Node allows it.
      NODE_EXTRA_CA_CERTS: tls.caFile,
      ALERT_SLACK_WEBHOOK_URL: slackUrl,
      ALERT_SLACK_MIN_INTERVAL_MS: '100',
      ALERT_PAGERDUTY_URL: `${pagerDutyUrl}/v2/enqueue`,
      ALERT_PAGERDUTY_ROUTING_KEY: 'R0UT1NGKEY0123456789ABCDEFGHIJKL',
      ...(rsyslog !== undefined
        ? { ALERT_SYSLOG_URL: `tls://localhost:${rsyslog.ports.tls}`, ALERT_SYSLOG_CA_FILE: tls.caFile }
        : {}),
    }).start();
    await argus.waitUntilReady();
  });

  afterAll(async () => {
    await argus?.stop();
    await kafka.disconnect();
    await Promise.all([hec.stop(), elastic.stop(), slack.stop(), pagerDuty.stop(), rsyslog?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  afterEach(() => {
    const state = expect.getState();
    if (argus && state.assertionCalls !== state.numPassingAsserts)
      process.stdout.write(`Argus log tail:\n${argus.logTail(60)}\n`);
  });

  it('delivers each alert to Slack, PagerDuty, Splunk HEC, Elastic, syslog TLS and the OCSF topic', async () => {
    const findings = ['a', 'b', 'c'].map((name) =>
      makeFinding({
        finding_id: `sinks-${suffix}-${name}`,
        event_id: `sinks-e-${name}`,
        user_id: `user-${name}`,
        conversation_id: `conv-${name}`,
        category: 'secret',
        severity: 'high',
      }),
    );
    await kafka.produce(
      findingsTopic,
      findings.map((finding) => ({
        key: `${finding.tenant_id}:${finding.conversation_id}`,
        value: JSON.stringify(finding),
      })),
    );
    await waitFor(
      'three alerts in Splunk and Elastic',
      () => Promise.resolve(hec.events.length >= 3 && elastic.documents.size >= 3),
      { timeoutMs: 60_000 },
    );
    expect(hec.events.map((envelope) => envelope.index)).toEqual([
      'ai_security',
      'ai_security',
      'ai_security',
    ]);
    const alertIds = hec.events.map((envelope) => (envelope.event as { alert_id: string }).alert_id).sort();
    expect([...elastic.documents.keys()].map((key) => key.split('/')[1]).sort()).toEqual(alertIds);

    await waitFor(
      'three alerts in Slack and PagerDuty',
      () => Promise.resolve(slack.messages.length >= 3 && pagerDuty.events.length >= 3),
      { timeoutMs: 30_000 },
    );
    expect(slack.rejected).toEqual([]);
    expect(JSON.stringify(slack.messages)).toContain('https://argus.example/dashboard?alert_id=');
    expect(pagerDuty.events.every((event) => event.routing_key === 'R0UT1NGKEY0123456789ABCDEFGHIJKL')).toBe(
      true,
    );

    const ocsf = await kafka.readAll(alertsTopic, 3, 30_000);
    expect(ocsf.map((record) => record.key?.toString('utf8')).sort()).toEqual(alertIds);
    expect(JSON.parse(ocsf[0].value?.toString('utf8') ?? '{}')).toMatchObject({
      class_uid: 2004,
      metadata: { product: { name: 'Argus' } },
      finding_info: { src_url: 'https://argus.example/dashboard' },
    });

    if (rsyslog !== undefined) {
      const records = await rsyslog.waitForRecords('tls', 3);
      const externalIds = records.map(
        (record) => parseCef(parseSyslog5424(record.raw).message).extension.externalId,
      );
      expect(externalIds.sort()).toEqual(alertIds);
      expect(records.every((record) => record.appName === 'argus' && record.facility === '16')).toBe(true);
    } else {
      process.stdout.write(
        'syslog part skipped: rsyslogd not installed (deploy/scripts/ensure-rsyslog.sh)\n',
      );
    }
  });
});
