export type ErasureErrorCode =
  | 'ERASURE_INVALID_REQUEST'
  | 'ERASURE_NOT_CONFIGURED'
  | 'ERASURE_REQUEST_NOT_FOUND'
  | 'ERASURE_REQUEST_MISMATCH'
  | 'ERASURE_AUDIT_FAILED'
  | 'ERASURE_DRY_RUN_FAILED';

/**
 * A failure around an erasure that is not the erasure's own outcome (that one is recorded as a `failed`
 * request and returned). Messages never contain the subject's id. `retryable`: trying again later can
 * succeed (ClickHouse unreachable); the non-retryable subclass marks a request or a setup to fix first.
 */
export class ErasureError extends Error {
  readonly code: ErasureErrorCode;
  readonly retryable: boolean = true;

  constructor(code: ErasureErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

export class NonRetryableErasureError extends ErasureError {
  override readonly retryable: boolean = false;
}
