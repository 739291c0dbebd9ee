import { type Alert } from '../alert';

/** A destination for alerts. `deliver` resolves once the receiver has accepted the alert. */
export type AlertSink = {
  readonly name: string;
  deliver(alert: Alert): Promise<void>;
  close?(): Promise<void>;
};

/**
 * Thrown by a sink when retrying cannot help (the receiver rejected the alert as malformed, or the
 * credentials are wrong). The delivery loop parks the alert at once instead of burning attempts.
 */
export class PermanentDeliveryError extends Error {
  readonly code = 'permanent_delivery_failure';
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

export class TransientDeliveryError extends Error {
  readonly code = 'transient_delivery_failure';
  readonly retryable = true;
  constructor(
    message: string,
    /** Receiver-requested delay (HTTP Retry-After), if any. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'TransientDeliveryError';
  }
}
