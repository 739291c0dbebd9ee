import { type Alert, SyslogSink, type SyslogTransport, alertFromFinding } from '@argus/alerting';
import {
  RsyslogServer,
  createTestTls,
  findRsyslogd,
  makeFinding,
  parseCef,
  parseSyslog5424,
} from '@argus/testing';

/**
 * The syslog sink against a real rsyslog (Debian's package, started here on loopback with a generated
 * config): each transport's messages are read back from rsyslog's output file, and both rsyslog's own
 * RFC 5424 parse and an independent parse of the raw line (5424 header + CEF) must match the alert.
 */
const rsyslogd = findRsyslogd();
if (rsyslogd === undefined && process.env.CI) {
  throw new Error('rsyslogd is missing in CI: run deploy/scripts/ensure-rsyslog.sh (make test does)');
}
const describeWithRsyslog = rsyslogd === undefined ? describe.skip : describe;
if (rsyslogd === undefined) {
  console.warn(
    'SKIPPED syslog sink tests: rsyslogd not installed (run deploy/scripts/ensure-rsyslog.sh as root)',
  );
}

describeWithRsyslog('syslog sink (RFC 5424 + CEF) against a real rsyslog', () => {
  const tls = createTestTls();
  const server = new RsyslogServer(rsyslogd ?? '', tls);
  beforeAll(() => server.start(), 60_000);
  afterAll(() => server.stop());

  const sinkFor = (transport: SyslogTransport, overrides: { ca?: string } = { ca: tls.ca }) =>
    new SyslogSink({
      transport,
      host: '127.0.0.1',
      port: server.ports[transport],
      timeoutMs: 3000,
      facility: 16,
      hostname: 'argus-test-host',
      appName: 'argus',
      productVersion: '0.0.0-test',
      ...overrides,
    });

  const hostileAlert = (transport: string, index: number): Alert => ({
    ...alertFromFinding(
      makeFinding({
        finding_id: `f-syslog-${transport}-${index}`,
        category: 'secret',
        severity: 'high',
        message: `Secret | leaked\nsecond line with key=value and a \\ backslash (${transport} #${index})`,
        evidence: 'AKIA…[REDACTED] = x',
        user_id: 'user=7',
      }),
      new Date('2026-02-03T04:05:06.789Z'),
    ),
    title: `Pipe | in title \\ ${transport}`,
  });

  it.each(['udp', 'tcp', 'tls'] as const)(
    'delivers over %s: rsyslog reads a well-formed RFC 5424 message with a CEF payload',
    async (transport) => {
      const sink = sinkFor(transport);
      const alerts = [0, 1, 2].map((index) => hostileAlert(transport, index));
      for (const alert of alerts) await sink.deliver(alert);
      await sink.close();
      const records = await server.waitForRecords(transport, alerts.length);
      expect(records).toHaveLength(alerts.length);
      for (const [index, record] of records.entries()) {
        const alert = alerts[index];
        // rsyslog's own parse of the header: it recognised RFC 5424 (version 1) and every field.
        expect(record).toMatchObject({
          version: '1',
          facility: '16',
          severity: '3',
          hostname: 'argus-test-host',
          appName: 'argus',
          procId: String(process.pid),
          msgId: 'secret',
          structuredData: '-',
        });
        // The raw line, parsed independently: a 5424 header, then CEF whose escaping survived the trip.
        const header = parseSyslog5424(record.raw);
        expect(header).toMatchObject({ pri: 16 * 8 + 3, version: 1, timestamp: '2026-02-03T04:05:06.789Z' });
        const cef = parseCef(header.message);
        expect(cef).toMatchObject({
          vendor: 'Argus',
          product: 'Argus',
          productVersion: '0.0.0-test',
          signatureId: alert.rule_id,
          name: alert.title,
          severity: '8',
        });
        expect(cef.extension).toMatchObject({
          msg: alert.summary,
          externalId: alert.alert_id,
          cs5: alert.evidence,
          suser: 'user=7',
          cs1: alert.tenant_id,
          cat: 'secret',
          cnt: '1',
        });
      }
    },
  );

  it('refuses a TLS collector whose certificate it cannot verify', async () => {
    const sink = sinkFor('tls', {});
    await expect(sink.deliver(hostileAlert('tls-unverified', 0))).rejects.toThrow(/syslog tls/);
    await sink.close();
  });

  it('reconnects after the TCP collector went away and came back', async () => {
    const sink = sinkFor('tcp');
    await sink.deliver(hostileAlert('reconnect', 0));
    await server.waitForRecords('tcp', 4);
    await server.stop();
    // The first write after the restart may still go to the dead socket; the retry reconnects.
    await server.start();
    let delivered = false;
    for (let attempt = 0; attempt < 5 && !delivered; attempt++) {
      delivered = await sink.deliver(hostileAlert('reconnect', 1)).then(
        () => true,
        () => false,
      );
    }
    expect(delivered).toBe(true);
    await sink.close();
    const records = await server.waitForRecords('tcp', 5);
    expect(records.some((record) => record.msg.includes('(reconnect #1)'))).toBe(true);
  });
});
