import { createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { makeFinding } from '@argus/testing';
import { alertFromFinding } from '../alert';
import { SlackSink } from './slack.sink';

describe('SlackSink pacing', () => {
  const arrivals: number[] = [];
  let status = 200;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      arrivals.push(Date.now());
      if (status === 429) response.writeHead(429, { 'retry-after': '2' }).end('rate_limited');
      else response.writeHead(status).end('ok');
    });
  });
  let url: string;
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T/B/x`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const alert = alertFromFinding(makeFinding(), new Date('2026-01-01T00:00:00Z'));

  it('reserves one slot per message, in order, and pushes later slots past a 429 Retry-After', async () => {
    let clock = 1_000_000;
    const waits: number[] = [];
    const sink = new SlackSink(
      { webhookUrl: url, timeoutMs: 2000, minIntervalMs: 1000 },
      {
        now: () => clock,
        sleep: (ms) => {
          waits.push(ms);
          return Promise.resolve();
        },
      },
    );
    await Promise.all([sink.deliver(alert), sink.deliver(alert), sink.deliver(alert)]);
    expect(waits).toEqual([1000, 2000]);

    status = 429;
    clock += 3000; // the three slots have passed
    await expect(sink.deliver(alert)).rejects.toMatchObject({ retryAfterMs: 2000 });
    status = 200;
    await sink.deliver(alert);
    expect(waits.at(-1)).toBe(2000);
    await sink.close();
  });
});
