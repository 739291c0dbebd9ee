import {
  describeKafkaError,
  KafkaError,
  type KafkaErrorCode,
  KafkaUnavailableError,
  NonRetryableKafkaError,
} from '../kafka.errors';

/** kafkajs errors that mean no broker could be reached or none answered in time. */
const UNAVAILABLE_ERRORS = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSBrokerNotFound',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSTimeout',
]);

type KafkaJsErrorShape = { name?: unknown; retriable?: unknown; type?: unknown; cause?: unknown };

/** The error and the causes kafkajs wrapped it in (retries exceeded, non-retriable), outermost first. */
function causeChain(error: unknown): KafkaJsErrorShape[] {
  const chain: KafkaJsErrorShape[] = [];
  let current: unknown = error;
  while (typeof current === 'object' && current !== null && chain.length < 8 && !chain.includes(current)) {
    chain.push(current);
    current = (current as KafkaJsErrorShape).cause;
  }
  return chain;
}

/**
 * A kafkajs failure as one of our typed errors. Unreachable brokers become `KafkaUnavailableError`
 * (retryable), failed authentication and protocol errors Kafka flags as final become non-retryable,
 * anything else keeps `code` and stays retryable.
 */
export function toKafkaError(error: unknown, code: KafkaErrorCode, action: string): KafkaError {
  if (error instanceof KafkaError) return error;
  const chain = causeChain(error);
  const names = chain.map((entry) => entry.name);
  const message = `${action}: ${describeKafkaError(error)}`;
  if (names.includes('KafkaJSSASLAuthenticationError')) {
    return new NonRetryableKafkaError('KAFKA_AUTHENTICATION_FAILED', message, { cause: error });
  }
  if (names.some((name) => typeof name === 'string' && UNAVAILABLE_ERRORS.has(name))) {
    return new KafkaUnavailableError(message, { cause: error });
  }
  const protocolError = chain.find((entry) => entry.name === 'KafkaJSProtocolError');
  if (protocolError !== undefined && protocolError.retriable === false) {
    return new NonRetryableKafkaError(code, message, { cause: error });
  }
  return new KafkaError(code, message, { cause: error });
}
