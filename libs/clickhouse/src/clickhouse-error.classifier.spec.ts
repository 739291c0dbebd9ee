import { ClickHouseError } from '@clickhouse/client';
import { ClickHouseStorageError, NonRetryableClickHouseStorageError } from './clickhouse.errors';
import {
  classifyClickHouseError,
  clickHouseErrorCode,
  isTransientClickHouseError,
} from './clickhouse-error.classifier';

function clickHouseError(code: number, type: string): ClickHouseError {
  return new ClickHouseError({ code: String(code), type, message: `${type} happened` });
}

function nodeError(code: string, message = code): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('classifyClickHouseError', () => {
  it.each([
    [159, 'TIMEOUT_EXCEEDED'],
    [202, 'TOO_MANY_SIMULTANEOUS_QUERIES'],
    [209, 'SOCKET_TIMEOUT'],
    [210, 'NETWORK_ERROR'],
    [241, 'MEMORY_LIMIT_EXCEEDED'],
    [242, 'TABLE_IS_READ_ONLY'],
    [252, 'TOO_MANY_PARTS'],
    [319, 'UNKNOWN_STATUS_OF_INSERT'],
    [425, 'SYSTEM_ERROR'],
    [999, 'KEEPER_EXCEPTION'],
  ])('retries ClickHouse code %i (%s)', (code, type) => {
    expect(classifyClickHouseError(clickHouseError(code, type))).toBe('transient');
  });

  it.each([
    [60, 'UNKNOWN_TABLE'],
    [62, 'SYNTAX_ERROR'],
    [27, 'CANNOT_PARSE_INPUT_ASSERTION_FAILED'],
    [516, 'AUTHENTICATION_FAILED'],
  ])('does not retry ClickHouse code %i (%s)', (code, type) => {
    expect(classifyClickHouseError(clickHouseError(code, type))).toBe('permanent');
  });

  it('splits on ClickHouse "too large" codes', () => {
    expect(classifyClickHouseError(clickHouseError(131, 'TOO_LARGE_STRING_SIZE'))).toBe('too_large');
    expect(classifyClickHouseError(clickHouseError(229, 'QUERY_IS_TOO_LARGE'))).toBe('too_large');
  });

  it('reads the code of an error that only carries the server text', () => {
    const error = new Error(
      'Code: 252. DB::Exception: Too many parts (300). (TOO_MANY_PARTS) (version 24.8.1.1)',
    );
    expect(clickHouseErrorCode(error)).toBe(252);
    expect(classifyClickHouseError(error)).toBe('transient');
  });

  it.each(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN'])(
    'retries network error %s',
    (code) => {
      expect(isTransientClickHouseError(nodeError(code))).toBe(true);
    },
  );

  it('retries the client request timeout and a dropped socket', () => {
    expect(isTransientClickHouseError(new Error('Timeout error.'))).toBe(true);
    expect(isTransientClickHouseError(new Error('socket hang up'))).toBe(true);
  });

  it('looks into AggregateError and cause chains', () => {
    const refused = new AggregateError([nodeError('ECONNREFUSED', 'connect ECONNREFUSED ::1:8123')], '');
    expect(classifyClickHouseError(refused)).toBe('transient');
    const wrapped = new Error('insert failed', { cause: clickHouseError(209, 'SOCKET_TIMEOUT') });
    expect(classifyClickHouseError(wrapped)).toBe('transient');
  });

  it('classifies HTTP statuses given as a property', () => {
    const withStatus = (statusCode: number) => Object.assign(new Error('HTTP error'), { statusCode });
    expect(classifyClickHouseError(withStatus(503))).toBe('transient');
    expect(classifyClickHouseError(withStatus(500))).toBe('transient');
    expect(classifyClickHouseError(withStatus(429))).toBe('transient');
    expect(classifyClickHouseError(withStatus(413))).toBe('too_large');
    expect(classifyClickHouseError(withStatus(400))).toBe('permanent');
  });

  it('classifies proxy error pages the client passes on as text', () => {
    expect(classifyClickHouseError(new Error('<html><title>502 Bad Gateway</title></html>'))).toBe(
      'transient',
    );
    expect(classifyClickHouseError(new Error('<h1>503 Service Temporarily Unavailable</h1>'))).toBe(
      'transient',
    );
    expect(classifyClickHouseError(new Error('<title>413 Request Entity Too Large</title>'))).toBe(
      'too_large',
    );
  });

  it('does not retry unknown failures or non-errors', () => {
    expect(classifyClickHouseError(new TypeError('x is not a function'))).toBe('permanent');
    expect(classifyClickHouseError('boom')).toBe('permanent');
    expect(classifyClickHouseError(undefined)).toBe('permanent');
  });

  it('follows the retryable flag of our own errors', () => {
    expect(classifyClickHouseError(new ClickHouseStorageError('WRITE_FAILED', 'later'))).toBe('transient');
    expect(classifyClickHouseError(new NonRetryableClickHouseStorageError('WRITE_REJECTED', 'never'))).toBe(
      'permanent',
    );
  });
});
