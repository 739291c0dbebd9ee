export type ClickHouseStorageErrorCode =
  | 'CLICKHOUSE_INVALID_OPTIONS'
  | 'CLICKHOUSE_UNREACHABLE'
  | 'CLICKHOUSE_AUTHENTICATION_FAILED'
  | 'CLICKHOUSE_DATABASE_SETUP_FAILED'
  | 'CHDB_UNAVAILABLE'
  | 'CHDB_DATA_DIR_CONFLICT'
  | 'INVALID_SQL'
  | 'INVALID_DATE_TIME'
  | 'INVALID_RETENTION'
  | 'MIGRATION_DATABASE_MISMATCH'
  | 'MIGRATION_CHECKSUM_MISMATCH'
  | 'MIGRATION_FAILED'
  | 'RETENTION_UPDATE_FAILED'
  | 'WRITE_FAILED'
  | 'WRITE_REJECTED'
  | 'ROW_TOO_LARGE'
  | 'WRITER_CLOSED';

export type ClickHouseStorageErrorContext = {
  cause?: unknown;
  table?: string;
  rows?: number;
  attempts?: number;
};

/**
 * Every failure this library reports. `retryable` tells a caller (the Kafka consumer) whether trying the
 * same work again later can succeed; the non-retryable subclass marks bad input or bad configuration.
 */
export class ClickHouseStorageError extends Error {
  readonly code: ClickHouseStorageErrorCode;
  readonly retryable: boolean = true;
  readonly table?: string;
  readonly rows?: number;
  readonly attempts?: number;

  constructor(
    code: ClickHouseStorageErrorCode,
    message: string,
    context: ClickHouseStorageErrorContext = {},
  ) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = new.target.name;
    this.code = code;
    this.table = context.table;
    this.rows = context.rows;
    this.attempts = context.attempts;
  }
}

export class NonRetryableClickHouseStorageError extends ClickHouseStorageError {
  override readonly retryable: boolean = false;
}

/** The message of an unknown thrown value, for wrapping it in a typed error. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    return error.message || error.name;
  }
  return String(error);
}
