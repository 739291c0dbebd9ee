import {
  KafkaJSConnectionError,
  KafkaJSNumberOfRetriesExceeded,
  KafkaJSProtocolError,
  KafkaJSSASLAuthenticationError,
} from 'kafkajs';
import { KafkaError, KafkaUnavailableError, NonRetryableKafkaError } from '../kafka.errors';
import { toKafkaError } from './kafkajs-errors.mapper';

/** A protocol error as kafkajs builds it from a broker error code. */
function protocolError(type: string, retriable: boolean): Error {
  return new KafkaJSProtocolError(Object.assign(new Error(type), { type, code: 1, retriable }));
}

describe('toKafkaError', () => {
  it('reports an unreachable broker, even wrapped in retries, as unavailable and retryable', () => {
    const connection = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    const error = toKafkaError(
      new KafkaJSNumberOfRetriesExceeded(connection, { retryCount: 5, retryTime: 1000 }),
      'KAFKA_PRODUCE_FAILED',
      'producing',
    );
    expect(error).toBeInstanceOf(KafkaUnavailableError);
    expect(error.code).toBe('KAFKA_UNAVAILABLE');
    expect(error.retryable).toBe(true);
    expect(error.message).toMatch(/^producing: /);
  });

  it('makes failed authentication final', () => {
    // The typings declare no constructor argument; kafkajs passes the broker's message.
    const SaslError = KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
    const error = toKafkaError(new SaslError('bad password'), 'KAFKA_ADMIN_FAILED', 'connecting');
    expect(error).toBeInstanceOf(NonRetryableKafkaError);
    expect(error.code).toBe('KAFKA_AUTHENTICATION_FAILED');
  });

  it('keeps the code and follows the retriable flag of protocol errors', () => {
    const final = toKafkaError(
      protocolError('TOPIC_AUTHORIZATION_FAILED', false),
      'KAFKA_PRODUCE_FAILED',
      'p',
    );
    expect(final).toBeInstanceOf(NonRetryableKafkaError);
    expect(final.code).toBe('KAFKA_PRODUCE_FAILED');
    const transient = toKafkaError(protocolError('LEADER_NOT_AVAILABLE', true), 'KAFKA_PRODUCE_FAILED', 'p');
    expect(transient.retryable).toBe(true);
    expect(transient).not.toBeInstanceOf(NonRetryableKafkaError);
  });

  it('passes our own errors through and wraps unknown values', () => {
    const ours = new KafkaUnavailableError('down');
    expect(toKafkaError(ours, 'KAFKA_ADMIN_FAILED', 'x')).toBe(ours);
    const wrapped = toKafkaError('boom', 'KAFKA_ADMIN_FAILED', 'creating topics');
    expect(wrapped).toBeInstanceOf(KafkaError);
    expect(wrapped.message).toBe('creating topics: boom');
  });
});
