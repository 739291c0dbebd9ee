import { type IncomingHttpHeaders, Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { PermanentDeliveryError, TransientDeliveryError } from './alert-sink';

export type HttpClientOptions = {
  /** Extra CA certificate(s) to trust, PEM (self-hosted receivers with a private CA). */
  ca?: string;
  timeoutMs: number;
  maxSockets?: number;
};

export type HttpResponse = { status: number; headers: IncomingHttpHeaders; body: string };

/**
 * The one HTTP client of the sinks: kept-alive connections (a new TLS handshake per alert would dominate
 * the cost of a call), a timeout per request, and network errors turned into transient delivery errors.
 * It does not judge statuses: each sink knows what its receiver's answers mean.
 */
export class SinkHttpClient {
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;

  constructor(
    private readonly service: string,
    private readonly options: HttpClientOptions,
  ) {
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 16 };
    this.httpAgent = new HttpAgent(agentOptions);
    this.httpsAgent = new HttpsAgent({ ...agentOptions, ...(options.ca ? { ca: options.ca } : {}) });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  post(url: URL, body: string, headers: Record<string, string>): Promise<HttpResponse> {
    const https = url.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    return new Promise<HttpResponse>((resolve, reject) => {
      const request = send(
        url,
        {
          method: 'POST',
          headers: {
            'user-agent': 'argus-alerter',
            'content-length': String(Buffer.byteLength(body)),
            ...headers,
          },
          timeout: this.options.timeoutMs,
          agent: https ? this.httpsAgent : this.httpAgent,
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          // Receivers answer with short JSON; a huge body (an HTML error page) is cut, not buffered.
          response.on('data', (chunk: string) => {
            if (text.length < 1_000_000) text += chunk;
          });
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
          );
          response.on('error', (error) =>
            reject(new TransientDeliveryError(`${this.service} response broken: ${error.message}`)),
          );
        },
      );
      request.on('timeout', () =>
        request.destroy(
          new TransientDeliveryError(`${this.service} timed out after ${this.options.timeoutMs} ms`),
        ),
      );
      request.on('error', (error) =>
        reject(
          error instanceof TransientDeliveryError
            ? error
            : new TransientDeliveryError(`${this.service} unreachable: ${error.message}`),
        ),
      );
      request.end(body);
    });
  }
}

/** HTTP `Retry-After` (seconds or an HTTP date) in milliseconds. */
export function parseRetryAfter(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * The usual reading of a failed HTTP answer: 408, 429 and 5xx are worth retrying (honouring Retry-After);
 * any other status means the request itself is wrong (payload, credentials) and retrying cannot help.
 */
export function httpFailure(service: string, response: HttpResponse): Error {
  const message = `${service} answered HTTP ${response.status}: ${response.body.slice(0, 200)}`;
  if (response.status === 408 || response.status === 429 || response.status >= 500)
    return new TransientDeliveryError(message, parseRetryAfter(response.headers['retry-after']));
  return new PermanentDeliveryError(message);
}

export function isSuccess(status: number): boolean {
  return status >= 200 && status < 300;
}
