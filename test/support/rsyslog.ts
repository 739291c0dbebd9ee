import { type ChildProcess, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestTls } from './test-tls';
import { waitFor } from './argus-process';

/** What rsyslog wrote for one received message: the raw message and its own RFC 5424 parse of it. */
export type RsyslogRecord = {
  raw: string;
  version: string;
  facility: string;
  severity: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  structuredData: string;
  msg: string;
};

export type RsyslogTransport = 'udp' | 'tcp' | 'tls';

const RSYSLOGD_CANDIDATES = ['/usr/sbin/rsyslogd', '/sbin/rsyslogd', '/usr/bin/rsyslogd'];

/** Path of rsyslogd, or undefined when not installed (deploy/scripts/ensure-rsyslog.sh installs it). */
export function findRsyslogd(): string | undefined {
  return RSYSLOGD_CANDIDATES.find((path) => existsSync(path));
}

async function freePort(kind: 'tcp' | 'udp'): Promise<number> {
  if (kind === 'udp') {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    const { port } = socket.address();
    await new Promise<void>((resolve) => socket.close(() => resolve()));
    return port;
  }
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

/**
 * A real rsyslogd for tests: its own generated config (no system config, no /dev/log), listening on
 * loopback only — UDP, TCP (octet-counted framing accepted, as imtcp does by default) and TLS (gtls
 * driver, the certificate of `tls`) — and writing every message it receives, per transport, as one JSON
 * line holding the raw message and rsyslog's own parse of the RFC 5424 header.
 */
export class RsyslogServer {
  readonly dir = mkdtempSync(join(tmpdir(), 'argus-rsyslog-'));
  ports: Record<RsyslogTransport, number> = { udp: 0, tcp: 0, tls: 0 };
  private process: ChildProcess | undefined;
  private stderr = '';

  constructor(
    private readonly binary: string,
    private readonly tls: TestTls,
  ) {}

  file(transport: RsyslogTransport): string {
    return join(this.dir, `${transport}.jsonl`);
  }

  async start(): Promise<void> {
    // A restart keeps its ports, so a sink configured for the first run finds the second.
    if (this.ports.tcp === 0)
      this.ports = { udp: await freePort('udp'), tcp: await freePort('tcp'), tls: await freePort('tcp') };
    mkdirSync(join(this.dir, 'work'), { recursive: true });
    const configFile = join(this.dir, 'rsyslog.conf');
    writeFileSync(configFile, this.config());
    this.process = spawn(this.binary, ['-n', '-f', configFile, '-i', join(this.dir, 'rsyslogd.pid')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.process.stderr?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.process.stdout?.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    const exited = new Promise<never>((_, reject) =>
      this.process!.once('exit', (code) =>
        reject(new Error(`rsyslogd exited with ${code}: ${this.stderr.slice(0, 2000)}`)),
      ),
    );
    exited.catch(() => undefined);
    await Promise.race([
      waitFor('rsyslogd listening on TCP and TLS', () => this.listening(), { timeoutMs: 15_000 }),
      exited,
    ]);
    await Promise.race([this.waitForUdp(), exited]);
  }

  async stop(): Promise<void> {
    const child = this.process;
    this.process = undefined;
    if (child === undefined || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }

  /** The records rsyslog wrote for one transport, without the start-up probes. */
  records(transport: RsyslogTransport): RsyslogRecord[] {
    if (!existsSync(this.file(transport))) return [];
    return readFileSync(this.file(transport), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as RsyslogRecord)
      .filter((record) => record.msgId !== 'argus-probe');
  }

  async waitForRecords(
    transport: RsyslogTransport,
    count: number,
    timeoutMs = 15_000,
  ): Promise<RsyslogRecord[]> {
    await waitFor(
      `${count} ${transport} messages in rsyslog's output`,
      () => Promise.resolve(this.records(transport).length >= count),
      { timeoutMs },
    );
    return this.records(transport);
  }

  private async listening(): Promise<boolean> {
    const accepts = (port: number) =>
      new Promise<boolean>((resolve) => {
        const socket = connect({ host: '127.0.0.1', port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
    return (await accepts(this.ports.tcp)) && (await accepts(this.ports.tls));
  }

  /** UDP has no handshake: probe datagrams go out until one shows up in the output file. */
  private async waitForUdp(): Promise<void> {
    const socket = createSocket('udp4');
    const probe = Buffer.from('<13>1 2026-01-01T00:00:00Z probe argus-test - argus-probe - ready');
    try {
      await waitFor(
        'rsyslogd listening on UDP',
        async () => {
          await new Promise<void>((resolve) =>
            socket.send(probe, this.ports.udp, '127.0.0.1', () => resolve()),
          );
          await new Promise((resolve) => setTimeout(resolve, 100));
          return (
            existsSync(this.file('udp')) && readFileSync(this.file('udp'), 'utf8').includes('argus-probe')
          );
        },
        { timeoutMs: 15_000 },
      );
    } finally {
      socket.close();
    }
  }

  private config(): string {
    const quote = (text: string) => JSON.stringify(text);
    const certFile = join(this.tls.dir, 'server.pem');
    const keyFile = join(this.tls.dir, 'server.key');
    const fields = [
      ['raw', 'rawmsg'],
      ['version', 'protocol-version'],
      ['facility', 'syslogfacility'],
      ['severity', 'syslogseverity'],
      ['hostname', 'hostname'],
      ['appName', 'app-name'],
      ['procId', 'procid'],
      ['msgId', 'msgid'],
      ['structuredData', 'structured-data'],
      ['msg', 'msg'],
    ];
    const rulesets = (['udp', 'tcp', 'tls'] as const)
      .map(
        (transport) =>
          `ruleset(name="${transport}") { action(type="omfile" file=${quote(this.file(transport))} template="argus_json") }`,
      )
      .join('\n');
    return `# Generated by test/support/rsyslog.ts for one test run.
global(
  workDirectory=${quote(join(this.dir, 'work'))}
  maxMessageSize="64k"
  defaultNetstreamDriverCAFile=${quote(this.tls.caFile)}
  defaultNetstreamDriverCertFile=${quote(certFile)}
  defaultNetstreamDriverKeyFile=${quote(keyFile)}
)
module(load="imudp")
module(load="imtcp" maxSessions="50")
template(name="argus_json" type="list" option.jsonf="on") {
${fields.map(([out, name]) => `  property(outname="${out}" name="${name}" format="jsonf")`).join('\n')}
}
${rulesets}
input(type="imudp" address="127.0.0.1" port="${this.ports.udp}" ruleset="udp")
input(type="imtcp" address="127.0.0.1" port="${this.ports.tcp}" ruleset="tcp")
input(type="imtcp" address="127.0.0.1" port="${this.ports.tls}" ruleset="tls"
  streamDriver.name="gtls" streamDriver.mode="1" streamDriver.authMode="anon")
`;
  }
}
