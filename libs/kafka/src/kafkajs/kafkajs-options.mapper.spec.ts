import { type LogEntry, logLevel } from 'kafkajs';
import { KafkaConfigurationError } from '../kafka.errors';
import { type KafkaLogger } from '../kafka.port';
import {
  forwardLogEntry,
  levelFilteredLogger,
  toKafkaJsConfig,
  toKafkaJsSasl,
  toKafkaJsSsl,
} from './kafkajs-options.mapper';

const base = { brokers: ['kafka-1:9092', 'kafka-2:9092'], clientId: 'argus' };

function entry(level: logLevel, message: string, fields: Record<string, unknown> = {}): LogEntry {
  return {
    namespace: 'Consumer',
    level,
    label: 'INFO',
    log: { timestamp: 'now', message, logger: 'kafkajs', ...fields },
  };
}

describe('toKafkaJsConfig', () => {
  it('maps brokers, client id and timeouts', () => {
    const config = toKafkaJsConfig({ ...base, connectionTimeoutMs: 3000, requestTimeoutMs: 20000 });
    expect(config).toMatchObject({
      brokers: ['kafka-1:9092', 'kafka-2:9092'],
      clientId: 'argus',
      connectionTimeout: 3000,
      requestTimeout: 20000,
      ssl: undefined,
      sasl: undefined,
    });
  });

  it('logs nothing without a logger, and at the chosen level with one', () => {
    expect(toKafkaJsConfig(base).logLevel).toBe(logLevel.NOTHING);
    expect(toKafkaJsConfig({ ...base, logger: () => undefined }).logLevel).toBe(logLevel.INFO);
    expect(toKafkaJsConfig({ ...base, logger: () => undefined, logLevel: 'warn' }).logLevel).toBe(
      logLevel.WARN,
    );
  });

  it.each([[[]], [['kafka-1']], [['kafka 1:9092']], [['http://kafka:9092']]])(
    'rejects brokers %j',
    (brokers) => {
      expect(() => toKafkaJsConfig({ ...base, brokers })).toThrow(KafkaConfigurationError);
    },
  );

  it('rejects an empty client id', () => {
    expect(() => toKafkaJsConfig({ ...base, clientId: ' ' })).toThrow(/client id/);
  });
});

describe('toKafkaJsSsl', () => {
  it('is off when absent or false, the system trust store when true', () => {
    expect(toKafkaJsSsl(undefined)).toBeUndefined();
    expect(toKafkaJsSsl(false)).toBeUndefined();
    expect(toKafkaJsSsl(true)).toBe(true);
  });

  it('passes the CA, the client certificate and key, and verifies by default', () => {
    expect(toKafkaJsSsl({ ca: 'CA PEM', cert: 'CERT PEM', key: 'KEY PEM' })).toEqual({
      ca: ['CA PEM'],
      cert: 'CERT PEM',
      key: 'KEY PEM',
      rejectUnauthorized: true,
    });
    expect(toKafkaJsSsl({ rejectUnauthorized: false })).toEqual({ rejectUnauthorized: false });
  });

  it('rejects a certificate without its key', () => {
    expect(() => toKafkaJsSsl({ cert: 'CERT PEM' })).toThrow(KafkaConfigurationError);
    expect(() => toKafkaJsSsl({ key: 'KEY PEM' })).toThrow(KafkaConfigurationError);
  });
});

describe('toKafkaJsSasl', () => {
  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)('maps %s', (mechanism) => {
    expect(toKafkaJsSasl({ mechanism, username: 'argus', password: 'secret' })).toEqual({
      mechanism,
      username: 'argus',
      password: 'secret',
    });
  });

  it('is absent without options and rejects empty credentials', () => {
    expect(toKafkaJsSasl(undefined)).toBeUndefined();
    expect(() => toKafkaJsSasl({ mechanism: 'plain', username: 'argus', password: '' })).toThrow(
      KafkaConfigurationError,
    );
  });
});

describe('kafkajs log forwarding', () => {
  it('passes level, message and fields, without the timestamp and logger name', () => {
    const logger = jest.fn<void, Parameters<KafkaLogger>>();
    forwardLogEntry(logger, 'info', entry(logLevel.WARN, 'The group is rebalancing', { groupId: 'g' }));
    expect(logger).toHaveBeenCalledWith('warn', 'The group is rebalancing', {
      namespace: 'Consumer',
      groupId: 'g',
    });
  });

  it('demotes the warning about bounded idempotent retries to debug', () => {
    const logger = jest.fn<void, Parameters<KafkaLogger>>();
    const warning = entry(
      logLevel.WARN,
      'Limiting retries for the idempotent producer may invalidate EoS guarantees',
    );
    forwardLogEntry(logger, 'info', warning);
    expect(logger).not.toHaveBeenCalled();
    forwardLogEntry(logger, 'debug', warning);
    expect(logger).toHaveBeenCalledWith(
      'debug',
      expect.stringContaining('Limiting retries'),
      expect.any(Object),
    );
  });

  it('demotes error responses kafkajs retries to warnings', () => {
    const logger = jest.fn<void, Parameters<KafkaLogger>>();
    const response = entry(logLevel.ERROR, 'Response GroupCoordinator(key: 10, version: 2)', {
      error: 'The group coordinator is not available',
    });
    forwardLogEntry(logger, 'info', { ...response, namespace: 'Connection' });
    forwardLogEntry(logger, 'info', entry(logLevel.ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded'));
    expect(logger.mock.calls.map(([level, message]) => [level, message])).toEqual([
      ['warn', 'Response GroupCoordinator(key: 10, version: 2)'],
      ['error', 'Crash: KafkaJSNumberOfRetriesExceeded'],
    ]);
  });

  it('filters the adapters own lines by level', () => {
    const logger = jest.fn<void, Parameters<KafkaLogger>>();
    const filtered = levelFilteredLogger(logger, 'warn');
    filtered?.('info', 'joined', {});
    filtered?.('error', 'failed', {});
    expect(logger.mock.calls).toEqual([['error', 'failed', {}]]);
    expect(levelFilteredLogger(undefined)).toBeUndefined();
  });
});
