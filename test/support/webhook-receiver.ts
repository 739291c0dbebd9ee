import { type IncomingHttpHeaders } from 'node:http';
import { createServer, type Server } from 'node:https';
import { type AddressInfo } from 'node:net';
import { signWebhookBody } from '@argus/alerting';
import { type TestTls } from './test-tls';

export type ReceivedCall = { headers: IncomingHttpHeaders; body: string; json: unknown };

/**
 * A local HTTPS receiver that enforces the webhook contract (POST, JSON body, valid HMAC signature when a
 * secret is given) and can be told to fail: `failNext(n, status)` answers the next n calls with `status`.
 */
export class WebhookReceiver {
  readonly calls: ReceivedCall[] = [];
  readonly rejected: { status: number; reason: string }[] = [];
  private failures: { remaining: number; status: number; retryAfter?: string } = {
    remaining: 0,
    status: 503,
  };
  private server: Server | undefined;

  constructor(
    private readonly tls: TestTls,
    private readonly secret?: string,
  ) {}

  async start(): Promise<string> {
    this.server = createServer({ cert: this.tls.cert, key: this.tls.key }, (request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        const reject = (status: number, reason: string) => {
          this.rejected.push({ status, reason });
          response.writeHead(status, { 'content-type': 'text/plain' }).end(reason);
        };
        if (request.method !== 'POST') return reject(405, 'POST only');
        if (!String(request.headers['content-type']).startsWith('application/json'))
          return reject(415, 'JSON only');
        if (this.secret !== undefined) {
          const expected = signWebhookBody(this.secret, String(request.headers['x-argus-timestamp']), body);
          if (request.headers['x-argus-signature'] !== expected) return reject(401, 'bad signature');
        }
        if (this.failures.remaining > 0) {
          this.failures.remaining--;
          if (this.failures.retryAfter !== undefined)
            response.setHeader('retry-after', this.failures.retryAfter);
          return reject(this.failures.status, 'failing on command');
        }
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          return reject(400, 'invalid JSON');
        }
        this.calls.push({ headers: request.headers, body, json });
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `https://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/argus`;
  }

  failNext(count: number, status = 503, retryAfter?: string): void {
    this.failures = { remaining: count, status, retryAfter };
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
