export type KafkaErrorCode =
  | 'KAFKA_INVALID_OPTIONS'
  | 'KAFKA_UNAVAILABLE'
  | 'KAFKA_AUTHENTICATION_FAILED'
  | 'KAFKA_PRODUCE_FAILED'
  | 'KAFKA_COMMIT_FAILED'
  | 'KAFKA_ADMIN_FAILED'
  | 'KAFKA_CONSUMER_FAILED';

/**
 * Every failure this library reports. `retryable` tells the caller whether the same work can succeed
 * later (a broker restart, a leader election); the non-retryable subclass marks bad configuration or
 * a request Kafka will refuse again.
 */
export class KafkaError extends Error {
  readonly code: KafkaErrorCode;
  readonly retryable: boolean = true;

  constructor(code: KafkaErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
  }
}

export class NonRetryableKafkaError extends KafkaError {
  override readonly retryable: boolean = false;
}

/** No broker could be reached, or none answered in time. */
export class KafkaUnavailableError extends KafkaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('KAFKA_UNAVAILABLE', message, options);
  }
}

export class KafkaConfigurationError extends NonRetryableKafkaError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('KAFKA_INVALID_OPTIONS', message, options);
  }
}

/** The message of an unknown thrown value, for wrapping it in a typed error. */
export function describeKafkaError(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
