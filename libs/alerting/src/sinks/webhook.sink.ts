import { createHmac } from 'node:crypto';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type Alert } from '../alert';
import { type AlertSink, PermanentDeliveryError, TransientDeliveryError } from './alert-sink';

export type WebhookSinkOptions = {
  url: string;
  /** HMAC-SHA256 key; when set, every call carries `x-argus-signature: sha256=<hex>` over `<timestamp>.<body>`. */
  secret?: string;
  /** Extra CA certificate(s) to trust, PEM (self-hosted receivers with a private CA). */
  ca?: string;
  timeoutMs: number;
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
  readonly name = 'webhook';
  private readonly url: URL;
  /** Kept-alive connections: a new TLS handshake per alert would dominate the cost of a call. */
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(private readonly options: WebhookSinkOptions) {
    this.url = new URL(options.url);
    const agentOptions = { keepAlive: true, maxSockets: 16 };
    this.agent =
      this.url.protocol === 'https:'
        ? new HttpsAgent({ ...agentOptions, ...(options.ca ? { ca: options.ca } : {}) })
        : new HttpAgent(agentOptions);
  }

  close(): Promise<void> {
    this.agent.destroy();
    return Promise.resolve();
  }

  deliver(alert: Alert): Promise<void> {
    const body = JSON.stringify(alert);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'user-agent': 'argus-alerter',
      'x-argus-alert-id': alert.alert_id,
      'x-argus-timestamp': timestamp,
    };
    if (this.options.secret !== undefined)
      headers['x-argus-signature'] = signWebhookBody(this.options.secret, timestamp, body);
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<void>((resolve, reject) => {
      const request = send(
        this.url,
        {
          method: 'POST',
          headers,
          timeout: this.options.timeoutMs,
          agent: this.agent,
        },
        (response) => {
          const status = response.statusCode ?? 0;
          let responseText = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => {
            if (responseText.length < 500) responseText += chunk;
          });
          response.on('end', () => {
            if (status >= 200 && status < 300) return resolve();
            const message = `webhook answered HTTP ${status}: ${responseText.slice(0, 200)}`;
            if (status === 408 || status === 429 || status >= 500) {
              return reject(
                new TransientDeliveryError(message, parseRetryAfter(response.headers['retry-after'])),
              );
            }
            reject(new PermanentDeliveryError(message));
          });
        },
      );
      request.on('timeout', () =>
        request.destroy(new TransientDeliveryError(`webhook timed out after ${this.options.timeoutMs} ms`)),
      );
      request.on('error', (error) =>
        reject(
          error instanceof TransientDeliveryError
            ? error
            : new TransientDeliveryError(`webhook unreachable: ${error.message}`),
        ),
      );
      request.end(body);
    });
  }
}

function parseRetryAfter(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
