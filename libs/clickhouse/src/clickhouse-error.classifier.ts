import { ClickHouseStorageError } from './clickhouse.errors';

/**
 * transient: the same request can succeed later (network, overload, replica/keeper hiccups).
 * too_large: the request is too big; the same rows in smaller inserts can succeed.
 * permanent: bad input, schema mismatch, permissions; retrying cannot help.
 */
export type ClickHouseErrorKind = 'transient' | 'too_large' | 'permanent';

/** ClickHouse error codes (src/Common/ErrorCodes.cpp) for which a retry of the same insert is worth it. */
export const TRANSIENT_CLICKHOUSE_CODES: ReadonlySet<number> = new Set([
  159, // TIMEOUT_EXCEEDED
  202, // TOO_MANY_SIMULTANEOUS_QUERIES
  209, // SOCKET_TIMEOUT
  210, // NETWORK_ERROR
  241, // MEMORY_LIMIT_EXCEEDED
  242, // TABLE_IS_READ_ONLY (replica lost its keeper session)
  252, // TOO_MANY_PARTS (merges are behind)
  279, // ALL_CONNECTION_TRIES_FAILED
  285, // TOO_FEW_LIVE_REPLICAS
  319, // UNKNOWN_STATUS_OF_INSERT
  425, // SYSTEM_ERROR
  999, // KEEPER_EXCEPTION
]);

/**
 * Codes that mean "this request is too big". Code 27 is deliberately absent: in current ClickHouse it is
 * CANNOT_PARSE_INPUT_ASSERTION_FAILED, a malformed row, which smaller batches cannot fix.
 */
export const TOO_LARGE_CLICKHOUSE_CODES: ReadonlySet<number> = new Set([
  128, // TOO_LARGE_ARRAY_SIZE
  131, // TOO_LARGE_STRING_SIZE
  229, // QUERY_IS_TOO_LARGE
]);

const TRANSIENT_NODE_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'ESOCKETTIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

// @clickhouse/client turns a non-ClickHouse error body (a proxy's 502 page) into a plain Error carrying
// only that body, so the status survives only as text.
const TRANSIENT_MESSAGE =
  /socket hang up|^Timeout error\.?$|Bad Gateway|Service (Temporarily )?Unavailable|Gateway Time-?out|Too Many Requests/i;
const TOO_LARGE_MESSAGE =
  /Request Entity Too Large|Payload Too Large|Content Too Large|Invalid string length/i;

type ErrorFields = {
  code?: unknown;
  status?: unknown;
  statusCode?: unknown;
  http_status_code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
};

/** The numeric ClickHouse error code of a server or chdb error (both expose it as a digit string). */
export function clickHouseErrorCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const { code, message } = error as ErrorFields;
  if (typeof code === 'number' && Number.isInteger(code)) {
    return code;
  }
  if (typeof code === 'string' && /^\d+$/.test(code)) {
    return Number(code);
  }
  if (typeof message === 'string') {
    const match = /^Code: (\d+)\. /.exec(message);
    return match ? Number(match[1]) : undefined;
  }
  return undefined;
}

function httpStatus(fields: ErrorFields): number | undefined {
  for (const value of [fields.statusCode, fields.status, fields.http_status_code]) {
    if (typeof value === 'number' && value >= 100 && value <= 599) {
      return value;
    }
  }
  return undefined;
}

function classifyOne(error: unknown): ClickHouseErrorKind | undefined {
  if (error instanceof ClickHouseStorageError) {
    return error.retryable ? 'transient' : 'permanent';
  }
  if (typeof error !== 'object' || error === null) {
    return undefined;
  }
  const fields = error as ErrorFields;
  const clickHouseCode = clickHouseErrorCode(error);
  if (clickHouseCode !== undefined) {
    if (TRANSIENT_CLICKHOUSE_CODES.has(clickHouseCode)) {
      return 'transient';
    }
    return TOO_LARGE_CLICKHOUSE_CODES.has(clickHouseCode) ? 'too_large' : 'permanent';
  }
  const status = httpStatus(fields);
  if (status === 413) {
    return 'too_large';
  }
  if (status !== undefined && (status >= 500 || status === 429 || status === 408)) {
    return 'transient';
  }
  if (typeof fields.code === 'string' && TRANSIENT_NODE_CODES.has(fields.code)) {
    return 'transient';
  }
  const message = typeof fields.message === 'string' ? fields.message : '';
  if (TOO_LARGE_MESSAGE.test(message)) {
    return 'too_large';
  }
  if (TRANSIENT_MESSAGE.test(message)) {
    return 'transient';
  }
  return undefined;
}

/**
 * Decides whether a failed ClickHouse call is worth retrying. Looks through `cause` chains and the
 * `errors` of an AggregateError (Node reports a refused dual-stack connection that way).
 * Anything unrecognised is permanent: retrying an unknown failure could hide a bug behind backoff.
 */
export function classifyClickHouseError(error: unknown): ClickHouseErrorKind {
  const queue: unknown[] = [error];
  const seen = new Set<unknown>();
  while (queue.length > 0 && seen.size < 16) {
    const current = queue.shift();
    if (seen.has(current)) {
      continue;
    }
    seen.add(current);
    const kind = classifyOne(current);
    if (kind !== undefined) {
      return kind;
    }
    if (typeof current === 'object' && current !== null) {
      const { cause, errors } = current as ErrorFields;
      if (cause !== undefined) {
        queue.push(cause);
      }
      if (Array.isArray(errors)) {
        queue.push(...(errors as unknown[]));
      }
    }
  }
  return 'permanent';
}

export function isTransientClickHouseError(error: unknown): boolean {
  return classifyClickHouseError(error) === 'transient';
}

export function isTooLargeClickHouseError(error: unknown): boolean {
  return classifyClickHouseError(error) === 'too_large';
}
