import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configProblems } from '@argus/testing';
import { describeEnvironment, loadConfig } from './argus-config';
import { ENV_SCHEMA } from './env.schema';

describe('loadConfig', () => {
  it('runs on defaults: local Kafka, embedded ClickHouse, all apps', () => {
    const config = loadConfig({}, '/srv');
    expect(config.apps).toEqual(['ingest', 'alerter', 'api']);
    expect(config.kafka.brokers).toEqual(['127.0.0.1:9092']);
    expect(config.kafka.topics.telemetry).toBe('llm.telemetry.v1');
    expect(config.clickhouse.url).toBeUndefined();
    expect(config.clickhouse.embeddedDataDir).toBe('/srv/.argus/data/chdb');
    expect(config.ingest.maxEventBytes).toBe(1024 * 1024);
    expect(config.alerting.webhook).toBeUndefined();
  });

  it('coerces numbers, booleans and lists', () => {
    const config = loadConfig(
      { KAFKA_BROKERS: 'a:9092, b:9093', API_PORT: '9000', KAFKA_FROM_BEGINNING: 'no', ARGUS_APPS: 'ingest' },
      '/srv',
    );
    expect(config.kafka.brokers).toEqual(['a:9092', 'b:9093']);
    expect(config.api.port).toBe(9000);
    expect(config.kafka.fromBeginning).toBe(false);
    expect(config.apps).toEqual(['ingest']);
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ CLICKHOUSE_URL: '' }, '/srv').clickhouse.url).toBeUndefined();
  });

  it('names every bad variable with the reason and the value it got', () => {
    const problems = configProblems({
      API_PORT: 'eighty',
      KAFKA_BROKERS: 'nohost',
      ARGUS_APPS: 'ingest,mailer',
      CLICKHOUSE_URL: 'ftp://x',
    });
    const byVariable = Object.fromEntries(problems.map((problem) => [problem.variable, problem.message]));
    expect(Object.keys(byVariable).sort()).toEqual([
      'API_PORT',
      'ARGUS_APPS',
      'CLICKHOUSE_URL',
      'KAFKA_BROKERS',
    ]);
    expect(byVariable.API_PORT).toContain('"eighty"');
    expect(byVariable.KAFKA_BROKERS).toContain('host:port');
    expect(byVariable.ARGUS_APPS).toContain('ingest, alerter, api');
    expect(byVariable.CLICKHOUSE_URL).toContain('http://');
  });

  it('checks variables that only make sense together', () => {
    const problems = configProblems({ KAFKA_SASL_MECHANISM: 'plain', ALERT_WEBHOOK_SECRET: 'x'.repeat(20) });
    expect(problems.map((problem) => problem.variable).sort()).toEqual([
      'ALERT_WEBHOOK_URL',
      'KAFKA_SASL_PASSWORD',
      'KAFKA_SASL_USERNAME',
    ]);
  });

  it('refuses files that do not exist and reads PEM files that do', () => {
    expect(configProblems({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: 'missing-ca.pem' })).toEqual([
      { variable: 'KAFKA_SSL_CA_FILE', message: 'file not found: /srv/missing-ca.pem' },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'argus-config-'));
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----');
    const config = loadConfig({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: 'ca.pem' }, dir);
    expect(config.kafka.ssl?.ca).toBe('-----BEGIN CERTIFICATE-----');
  });

  it('keeps the behaviour baseline within the events retention', () => {
    expect(configProblems({ RETENTION_EVENTS_DAYS: '14' })).toEqual([
      {
        variable: 'BEHAVIOUR_BASELINE_DAYS',
        message: 'must not exceed RETENTION_EVENTS_DAYS (14): the hourly aggregates are kept that long',
      },
    ]);
    expect(() =>
      loadConfig({ RETENTION_EVENTS_DAYS: '14', BEHAVIOUR_BASELINE_DAYS: '14' }, '/srv'),
    ).not.toThrow();
  });

  it('names the variable of a model directory that does not exist', () => {
    const problems = configProblems({
      INJECTION_CLASSIFIER_PATH: 'models/classifier',
      NER_MODEL_PATH: 'models/ner',
      EMBEDDINGS_MODEL_PATH: 'models/minilm',
    });
    expect(problems).toEqual([
      { variable: 'INJECTION_CLASSIFIER_PATH', message: 'file not found: /srv/models/classifier' },
      { variable: 'NER_MODEL_PATH', message: 'file not found: /srv/models/ner' },
      { variable: 'EMBEDDINGS_MODEL_PATH', message: 'file not found: /srv/models/minilm' },
    ]);
  });

  it('formats a message an operator can act on', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud' }, '/srv')).toThrow(/LOG_LEVEL: .*"loud"/);
  });
});

describe('describeEnvironment', () => {
  it('documents every variable with a description and finds defaults behind pipes', () => {
    const rows = describeEnvironment();
    expect(rows.every((row) => row.description.length > 0)).toBe(true);
    expect(rows.find((row) => row.variable === 'ARGUS_APPS')?.default).toBe('ingest,alerter,api');
    expect(rows.find((row) => row.variable === 'API_PORT')?.default).toBe('8080');
  });
});

describe('alert sink settings', () => {
  it('enables each Slack/SIEM sink by its URL and keeps credentials in masked `…Secret` fields', () => {
    const dir = mkdtempSync(join(tmpdir(), 'argus-config-sinks-'));
    writeFileSync(join(dir, 'syslog-ca.pem'), 'SYSLOG CA');
    const { sinks } = loadConfig(
      {
        ALERT_SLACK_WEBHOOK_URL: 'https://hooks.example/services/T/B/x',
        ALERT_SPLUNK_HEC_URL: 'https://splunk.example:8088',
        ALERT_SPLUNK_HEC_TOKEN: 'hec-token',
        ALERT_SPLUNK_HEC_ACK: 'true',
        ALERT_ELASTIC_URL: 'https://es.example:9200',
        ALERT_SYSLOG_URL: 'tls://collector.example:6514',
        ALERT_SYSLOG_CA_FILE: 'syslog-ca.pem',
        ALERT_OCSF_KAFKA: 'true',
        ALERT_PAGERDUTY_ROUTING_KEY: 'R0UT1NGKEY0123456789ABCDEFGHIJKL',
      },
      dir,
    ).alerting;
    expect(sinks.slack).toEqual({
      webhookUrlSecret: 'https://hooks.example/services/T/B/x',
      minIntervalMs: 1000,
    });
    expect(sinks.splunkHec).toMatchObject({
      tokenSecret: 'hec-token',
      sourcetype: 'argus:alert',
      ack: { timeoutMs: 30000 },
    });
    expect(sinks.elastic).toMatchObject({ index: 'argus-alerts', apiKeySecret: undefined });
    expect(sinks.syslog).toMatchObject({
      transport: 'tls',
      host: 'collector.example',
      port: 6514,
      ca: 'SYSLOG CA',
    });
    expect(sinks.ocsfKafka).toBe(true);
    expect(sinks.pagerDuty).toEqual({
      url: 'https://events.pagerduty.com/v2/enqueue',
      routingKeySecret: 'R0UT1NGKEY0123456789ABCDEFGHIJKL',
    });
    expect(
      loadConfig({ ALERT_SYSLOG_URL: 'udp://127.0.0.1:514' }, '/srv').alerting.sinks.syslog,
    ).toMatchObject({
      transport: 'udp',
      host: '127.0.0.1',
      port: 514,
    });
    expect(loadConfig({}, '/srv').alerting.sinks).toMatchObject({
      slack: undefined,
      splunkHec: undefined,
      elastic: undefined,
      syslog: undefined,
      ocsfWebhook: undefined,
      ocsfKafka: false,
    });
  });

  it('names bad sink variables without echoing credentials', () => {
    const problems = configProblems({
      ALERT_SLACK_WEBHOOK_URL: 'http://hooks.example/services/T/B/plain-http-secret',
      ALERT_SPLUNK_HEC_TOKEN: 'orphan-token',
      ALERT_SYSLOG_URL: 'syslog.example:514',
      ALERT_SYSLOG_CA_FILE: 'ca.pem',
      ALERT_OCSF_WEBHOOK_SECRET: 'x'.repeat(20),
      ALERT_PAGERDUTY_ROUTING_KEY: 'short-routing-secret',
    });
    const byVariable = Object.fromEntries(problems.map((problem) => [problem.variable, problem.message]));
    expect(Object.keys(byVariable).sort()).toEqual([
      'ALERT_OCSF_WEBHOOK_URL',
      'ALERT_PAGERDUTY_ROUTING_KEY',
      'ALERT_SLACK_WEBHOOK_URL',
      'ALERT_SPLUNK_HEC_URL',
      'ALERT_SYSLOG_URL',
    ]);
    expect(byVariable.ALERT_SLACK_WEBHOOK_URL).toContain('(value hidden)');
    expect(JSON.stringify(problems)).not.toContain('plain-http-secret');
    expect(JSON.stringify(problems)).not.toContain('short-routing-secret');
    expect(
      problems
        .filter((problem) => problem.variable === 'ALERT_SYSLOG_URL')
        .map((p) => p.message)
        .join(' '),
    ).toContain('udp://host:port');
  });
});

describe('embedding settings', () => {
  it('parses the embedding variables with their defaults', () => {
    const env = ENV_SCHEMA.parse({
      EMBEDDINGS_APP_SAMPLE_RATES: 'chat=0.1, rag-bot=1',
      EMBEDDINGS_QUEUE_FULL: 'reject',
    });
    expect(env).toMatchObject({
      EMBEDDINGS_WORKERS: 1,
      EMBEDDINGS_BATCH_SIZE: 32,
      EMBEDDINGS_BATCH_WAIT_MS: 10,
      EMBEDDINGS_MAX_QUEUE: 4096,
      EMBEDDINGS_QUEUE_FULL: 'reject',
      EMBEDDINGS_CACHE_SIZE: 10_000,
      EMBEDDINGS_SAMPLE_RATE: 1,
      EMBEDDINGS_APP_SAMPLE_RATES: { chat: 0.1, 'rag-bot': 1 },
    });
    expect(env.EMBEDDINGS_MODEL_PATH).toBeUndefined();
  });

  it('names each bad embedding variable', () => {
    const problems = configProblems({
      EMBEDDINGS_SAMPLE_RATE: '1.5',
      EMBEDDINGS_APP_SAMPLE_RATES: 'chat=2',
      EMBEDDINGS_QUEUE_FULL: 'drop',
      EMBEDDINGS_DTYPE: 'fp16',
      EMBEDDINGS_WORKERS: '-1',
    });
    const byVariable = Object.fromEntries(problems.map((problem) => [problem.variable, problem.message]));
    expect(Object.keys(byVariable).sort()).toEqual([
      'EMBEDDINGS_APP_SAMPLE_RATES',
      'EMBEDDINGS_DTYPE',
      'EMBEDDINGS_QUEUE_FULL',
      'EMBEDDINGS_SAMPLE_RATE',
      'EMBEDDINGS_WORKERS',
    ]);
    expect(byVariable.EMBEDDINGS_APP_SAMPLE_RATES).toContain('"chat=2"');
  });
});

describe('alert policy settings', () => {
  it('resolves ALERT_POLICY_FILE against the working directory and refuses a missing one', () => {
    expect(configProblems({ ALERT_POLICY_FILE: 'policy/alerts.yaml' })).toEqual([
      { variable: 'ALERT_POLICY_FILE', message: 'file not found: /srv/policy/alerts.yaml' },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'argus-alert-policy-'));
    writeFileSync(join(dir, 'alerts.yaml'), 'version: 1\n');
    const config = loadConfig({ ALERT_POLICY_FILE: 'alerts.yaml' }, dir);
    expect(config.alerting.policyFile).toBe(join(dir, 'alerts.yaml'));
    expect(loadConfig({}, dir).alerting.policyFile).toBeUndefined();
  });

  it('keeps the test-only crash hook off unless set to a true value', () => {
    expect(loadConfig({}, '/srv').alerting.testCrashAfterRecord).toBe(false);
    expect(
      loadConfig({ ARGUS_TEST_CRASH_AFTER_ALERT_RECORD: 'true' }, '/srv').alerting.testCrashAfterRecord,
    ).toBe(true);
    expect(configProblems({ ARGUS_TEST_CRASH_AFTER_ALERT_RECORD: 'sometimes' })[0].variable).toBe(
      'ARGUS_TEST_CRASH_AFTER_ALERT_RECORD',
    );
  });
});
