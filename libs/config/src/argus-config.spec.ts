import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, describeEnvironment, loadConfig } from './argus-config';

function problemsOf(env: Record<string, string>): ConfigError['problems'] {
  try {
    loadConfig(env, '/srv');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

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
    const problems = problemsOf({
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
    const problems = problemsOf({ KAFKA_SASL_MECHANISM: 'plain', ALERT_WEBHOOK_SECRET: 'x'.repeat(20) });
    expect(problems.map((problem) => problem.variable).sort()).toEqual([
      'ALERT_WEBHOOK_URL',
      'KAFKA_SASL_PASSWORD',
      'KAFKA_SASL_USERNAME',
    ]);
  });

  it('refuses files that do not exist and reads PEM files that do', () => {
    expect(problemsOf({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: 'missing-ca.pem' })).toEqual([
      { variable: 'KAFKA_SSL_CA_FILE', message: 'file not found: /srv/missing-ca.pem' },
    ]);
    const dir = mkdtempSync(join(tmpdir(), 'argus-config-'));
    writeFileSync(join(dir, 'ca.pem'), '-----BEGIN CERTIFICATE-----');
    const config = loadConfig({ KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: 'ca.pem' }, dir);
    expect(config.kafka.ssl?.ca).toBe('-----BEGIN CERTIFICATE-----');
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
