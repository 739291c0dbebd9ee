import { createHmac } from 'node:crypto';
import { type Alert } from '../alert';
import { type AlertSink } from './alert-sink';
import { SinkHttpClient, httpFailure, isSuccess } from './http-client';

export type WebhookSinkOptions = {
  url: string;
  /** HMAC-SHA256 key; when set, every call carries `x-argus-signature: sha256=<hex>` over `<timestamp>.<body>`. */
  secret?: string;
  /** Extra CA certificate(s) to trust, PEM (self-hosted receivers with a private CA). */
  ca?: string;
  timeoutMs: number;
  /** Sink name in delivery records and policy routes (default `webhook`). */
  name?: string;
  /** Body of the call (default: the alert as JSON); the OCSF webhook posts a Detection Finding instead. */
  render?: (alert: Alert) => unknown;
};

/** Signature a receiver recomputes to check the call came from Argus and was not replayed late. */
export function signWebhookBody(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * Generic HTTPS webhook: POST the alert as JSON. 2xx = delivered; 408, 429 and 5xx and network errors =
 * transient (retried, honouring Retry-After); any other status = permanent (parked at once).
 */
export class WebhookSink implements AlertSink {
  readonly name: string;
  private readonly url: URL;
  private readonly http: SinkHttpClient;

  constructor(private readonly options: WebhookSinkOptions) {
    this.name = options.name ?? 'webhook';
    this.url = new URL(options.url);
    this.http = new SinkHttpClient(this.name, { ca: options.ca, timeoutMs: options.timeoutMs });
  }

  close(): Promise<void> {
    this.http.close();
    return Promise.resolve();
  }

  async deliver(alert: Alert): Promise<void> {
    const body = JSON.stringify(this.options.render ? this.options.render(alert) : alert);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'x-argus-alert-id': alert.alert_id,
      'x-argus-timestamp': timestamp,
    };
    if (this.options.secret !== undefined)
      headers['x-argus-signature'] = signWebhookBody(this.options.secret, timestamp, body);
    const response = await this.http.post(this.url, body, headers);
    if (!isSuccess(response.status)) throw httpFailure(this.name, response);
  }
}
