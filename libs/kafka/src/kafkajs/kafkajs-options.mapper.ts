import { type ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { type KafkaConfig, type LogEntry, logLevel, type SASLOptions } from 'kafkajs';
import { KafkaConfigurationError } from '../kafka.errors';
import { type KafkaConnectionOptions, type KafkaLogger, type KafkaLogLevel } from '../kafka.port';

const BROKER_ADDRESS = /^[^\s:]+:\d{1,5}$/;

const KAFKAJS_LEVEL: Record<KafkaLogLevel, logLevel> = {
  error: logLevel.ERROR,
  warn: logLevel.WARN,
  info: logLevel.INFO,
  debug: logLevel.DEBUG,
};

/**
 * Warnings about choices this adapter makes on purpose, logged at debug instead. The producer bounds
 * its retries so that an outage reaches the caller (which backs off and redelivers the batch) rather
 * than hanging `send` forever; kafkajs warns about that at every producer creation.
 */
const EXPECTED_WARNINGS = ['Limiting retries for the idempotent producer'];

/** kafkajs' client configuration for our connection options. Throws on options Kafka would refuse. */
export function toKafkaJsConfig(options: KafkaConnectionOptions): KafkaConfig {
  if (options.brokers.length === 0) throw new KafkaConfigurationError('no Kafka broker given');
  const badBroker = options.brokers.find((broker) => !BROKER_ADDRESS.test(broker));
  if (badBroker !== undefined) {
    throw new KafkaConfigurationError(`Kafka broker "${badBroker}" is not host:port`);
  }
  if (options.clientId.trim() === '') throw new KafkaConfigurationError('the Kafka client id is empty');
  return {
    brokers: options.brokers,
    clientId: options.clientId,
    ssl: toKafkaJsSsl(options.ssl),
    sasl: toKafkaJsSasl(options.sasl),
    connectionTimeout: options.connectionTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    logLevel: options.logger === undefined ? logLevel.NOTHING : KAFKAJS_LEVEL[options.logLevel ?? 'info'],
    logCreator: () => (entry) => forwardLogEntry(options.logger, options.logLevel ?? 'info', entry),
  };
}

export function toKafkaJsSsl(ssl: KafkaConnectionOptions['ssl']): TlsConnectionOptions | boolean | undefined {
  if (ssl === undefined || ssl === false) return undefined;
  if (ssl === true) return true;
  if ((ssl.cert === undefined) !== (ssl.key === undefined)) {
    throw new KafkaConfigurationError('a TLS client certificate needs its key, and a key its certificate');
  }
  const tls: TlsConnectionOptions = { rejectUnauthorized: ssl.rejectUnauthorized ?? true };
  if (ssl.ca !== undefined) tls.ca = [ssl.ca];
  if (ssl.cert !== undefined) tls.cert = ssl.cert;
  if (ssl.key !== undefined) tls.key = ssl.key;
  return tls;
}

export function toKafkaJsSasl(sasl: KafkaConnectionOptions['sasl']): SASLOptions | undefined {
  if (sasl === undefined) return undefined;
  if (sasl.username === '' || sasl.password === '') {
    throw new KafkaConfigurationError(`SASL ${sasl.mechanism} needs a user name and a password`);
  }
  switch (sasl.mechanism) {
    case 'plain':
      return { mechanism: 'plain', username: sasl.username, password: sasl.password };
    case 'scram-sha-256':
      return { mechanism: 'scram-sha-256', username: sasl.username, password: sasl.password };
    case 'scram-sha-512':
      return { mechanism: 'scram-sha-512', username: sasl.username, password: sasl.password };
  }
}

const LEVEL_RANK: Record<KafkaLogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/** `logger` restricted to `minimumLevel` and above, for the adapters' own log lines. */
export function levelFilteredLogger(
  logger: KafkaLogger | undefined,
  minimumLevel: KafkaLogLevel = 'info',
): KafkaLogger | undefined {
  if (logger === undefined) return undefined;
  return (level, message, extra) => {
    if (LEVEL_RANK[level] <= LEVEL_RANK[minimumLevel]) logger(level, message, extra);
  };
}

export function forwardLogEntry(
  logger: KafkaLogger | undefined,
  minimumLevel: KafkaLogLevel,
  entry: LogEntry,
): void {
  if (logger === undefined) return;
  const { message, timestamp: _timestamp, logger: _source, ...fields } = entry.log;
  const level = adjustedLevel(entry.namespace, message, toLevelName(entry.level));
  if (LEVEL_RANK[level] > LEVEL_RANK[minimumLevel]) return;
  logger(level, message, { namespace: entry.namespace, ...fields });
}

function adjustedLevel(namespace: string, message: string, level: KafkaLogLevel): KafkaLogLevel {
  if (EXPECTED_WARNINGS.some((prefix) => message.startsWith(prefix))) return 'debug';
  // kafkajs logs every error response of a broker at error level, including the transient ones it
  // retries (coordinator loading, leader election). What does fail for good reaches the caller as a
  // thrown error, so the response itself is only a warning.
  if (level === 'error' && namespace === 'Connection' && message.startsWith('Response ')) return 'warn';
  return level;
}

function toLevelName(level: logLevel): KafkaLogLevel {
  switch (level) {
    case logLevel.ERROR:
    case logLevel.NOTHING:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    case logLevel.DEBUG:
      return 'debug';
  }
}
