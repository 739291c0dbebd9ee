import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { type Server, createServer, request as httpRequest } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { HttpException } from '@nestjs/common';
import { type GuardRejection } from './guard-request';
import { type GuardHttpRequest, guardRequestMiddleware } from './guard-request.middleware';

const TOKEN = 'middleware-test-token-0123456789abcdef';
const LIMIT = 64 * 1024;
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A real HTTP server with the middleware in front of a handler that echoes what it was given. */
describe('guardRequestMiddleware (over HTTP)', () => {
  let server: Server;
  let url: string;
  let port: number;
  const rejected: GuardRejection[] = [];
  const handled: { method: string; body: unknown }[] = [];

  beforeAll(async () => {
    const middleware = guardRequestMiddleware({
      token: TOKEN,
      maxBodyBytes: LIMIT,
      onRejected: (reason) => rejected.push(reason),
    });
    server = createServer((request: GuardHttpRequest, response) => {
      middleware(request, response, (error) => {
        if (error instanceof HttpException) {
          response.writeHead(error.getStatus(), { 'content-type': 'application/json' });
          response.end(JSON.stringify(error.getResponse()));
          return;
        }
        if (error !== undefined) {
          response.writeHead(500).end();
          return;
        }
        handled.push({ method: request.method ?? '', body: request.body });
        const body = request.body;
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify(Buffer.isBuffer(body) ? { bytes: body.length, sha: sha(body) } : { bytes: null }),
        );
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
    url = `http://127.0.0.1:${port}/`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    rejected.length = 0;
    handled.length = 0;
  });

  const post = (body: Buffer | string, headers: Record<string, string> = {}) =>
    fetch(url, { method: 'POST', body, headers: { authorization: `Bearer ${TOKEN}`, ...headers } });

  it('hands an authenticated body to the handler as the exact bytes sent', async () => {
    const body = Buffer.from(JSON.stringify({ text: 'é'.repeat(1000) }));
    const response = await post(body, { 'content-type': 'application/json' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ bytes: body.length, sha: sha(body) });
  });

  it('accepts a body of exactly the limit', async () => {
    const body = Buffer.alloc(LIMIT, 0x61);
    const response = await post(body);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ bytes: LIMIT, sha: sha(body) });
  });

  it('answers 401 with a Bearer challenge without a token or with a wrong one', async () => {
    const missing = await fetch(url, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect(((await missing.json()) as { message: string }).message).toMatch(/bearer token/);
    const wrong = await post('{}', { authorization: `Bearer ${TOKEN.slice(0, -1)}0` });
    expect(wrong.status).toBe(401);
    expect(rejected).toEqual(['unauthorized', 'unauthorized']);
    expect(handled).toHaveLength(0);
  });

  it('refuses before reading the body: the 401 comes while the body is still unsent', async () => {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('POST / HTTP/1.1\r\nhost: localhost\r\ncontent-length: 1000\r\nconnection: close\r\n\r\n');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    for (let waited = 0; !answer.includes('\r\n\r\n') && waited < 5000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    socket.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
  });

  it('answers 413 to a declared length over the limit, and the caller still sending gets it', async () => {
    const response = await post(Buffer.alloc(LIMIT * 4, 0x61));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { message: string }).message).toMatch(/INGEST_MAX_EVENT_BYTES/);
    expect(rejected).toEqual(['too_large']);
    expect(handled).toHaveLength(0);
  });

  it('answers 413 to a chunked body that grows past the limit, and keeps serving', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const request = httpRequest(url, {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'transfer-encoding': 'chunked' },
      });
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      request.on('error', reject);
      for (let sent = 0; sent <= LIMIT; sent += 8192) request.write(Buffer.alloc(8192, 0x62));
      request.end();
    });
    expect(status).toBe(413);
    expect(rejected).toEqual(['too_large']);
    expect((await post('{}')).status).toBe(200);
  });

  it('answers 415 to a compressed body', async () => {
    const response = await post('{}', { 'content-encoding': 'gzip' });
    expect(response.status).toBe(415);
    expect(rejected).toEqual(['unsupported_encoding']);
  });

  it('leaves other methods to the router, body untouched', async () => {
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ bytes: null });
    expect(rejected).toHaveLength(0);
  });

  it('reports a body cut short by the caller, and keeps serving', async () => {
    const socket = connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write(
      `POST / HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer ${TOKEN}\r\ncontent-length: 1000\r\n\r\n{"partial":`,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    for (let waited = 0; rejected.length === 0 && waited < 5000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(rejected).toEqual(['incomplete_body']);
    expect(handled).toHaveLength(0);
    expect((await post('{}')).status).toBe(200);
  });
});
