import { type Server, type Socket, createServer } from 'node:net';
import { type AddressInfo } from 'node:net';
import { makeFinding } from '@argus/testing';
import { alertFromFinding } from '../alert';
import { TransientDeliveryError } from './alert-sink';
import { SyslogSink } from './syslog.sink';

describe('SyslogSink over TCP against a collector that stops reading', () => {
  const sockets: Socket[] = [];
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((socket) => {
      sockets.push(socket);
      socket.pause(); // accepts the connection, never reads: the buffers fill up
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('fails the stuck writes as transient after the timeout instead of hanging', async () => {
    const sink = new SyslogSink({
      transport: 'tcp',
      host: '127.0.0.1',
      port,
      timeoutMs: 2000,
      facility: 16,
      hostname: 'h',
      appName: 'argus',
      productVersion: '0',
    });
    const alert = alertFromFinding(
      makeFinding({ message: 'm'.repeat(1000), evidence: 'e'.repeat(1000) }),
      new Date('2026-01-01T00:00:00Z'),
    );
    await sink.deliver(alert); // connected, and the collector took the first message
    const outcomes = await Promise.allSettled(Array.from({ length: 10_000 }, () => sink.deliver(alert)));
    const failures = outcomes.filter((outcome) => outcome.status === 'rejected');
    expect(failures.length).toBeGreaterThan(0);
    for (const failure of failures) expect(failure.reason).toBeInstanceOf(TransientDeliveryError);
    expect(String(failures[0].reason)).toMatch(/not flushed within 2000 ms/);
    await sink.close();
  }, 30_000);
});
