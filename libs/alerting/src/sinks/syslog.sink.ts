import { type Socket as UdpSocket, createSocket } from 'node:dgram';
import { isIP, type Socket, connect as tcpConnect } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { type Alert } from '../alert';
import { toCef } from '../format/cef.format';
import { frameOctetCounted, toSyslog5424 } from '../format/syslog.format';
import { type AlertSink, TransientDeliveryError } from './alert-sink';

export type SyslogTransport = 'udp' | 'tcp' | 'tls';

export type SyslogSinkOptions = {
  transport: SyslogTransport;
  host: string;
  port: number;
  /** CA (PEM) that signed the collector's certificate; TLS verifies the certificate and the host name. */
  ca?: string;
  timeoutMs: number;
  facility: number;
  hostname: string;
  appName: string;
  productVersion: string;
};

/**
 * Syslog (RFC 5424) with a CEF payload, to a collector over UDP (RFC 5426, one message per datagram),
 * TCP with octet counting (RFC 6587) or TLS (RFC 5425). Syslog has no application acknowledgement: a
 * delivery resolves when the datagram is sent or the frame is written to the socket; a broken connection
 * fails the alert as transient and the next delivery reconnects.
 */
export class SyslogSink implements AlertSink {
  readonly name = 'syslog';
  private udp: UdpSocket | undefined;
  private stream: Promise<Socket> | undefined;

  constructor(private readonly options: SyslogSinkOptions) {}

  /** The exact line sent for an alert (without the TCP/TLS length prefix). */
  render(alert: Alert): string {
    const cef = toCef(alert, { productVersion: this.options.productVersion });
    return toSyslog5424(alert, cef, {
      facility: this.options.facility,
      hostname: this.options.hostname,
      appName: this.options.appName,
      procId: String(process.pid),
    });
  }

  async deliver(alert: Alert): Promise<void> {
    const line = this.render(alert);
    if (this.options.transport === 'udp') return this.sendDatagram(Buffer.from(line, 'utf8'));
    const socket = await this.connected();
    await new Promise<void>((resolve, reject) => {
      // A collector that stops reading fills the socket buffers and the write never completes: give up
      // on this connection after the timeout rather than wait for ever.
      const timer = setTimeout(() => {
        this.drop(socket);
        reject(
          new TransientDeliveryError(
            `syslog ${this.options.transport} write not flushed within ${this.options.timeoutMs} ms`,
          ),
        );
      }, this.options.timeoutMs);
      socket.write(frameOctetCounted(line), (error) => {
        clearTimeout(timer);
        if (!error) return resolve();
        this.drop(socket);
        reject(new TransientDeliveryError(`syslog ${this.options.transport} write failed: ${error.message}`));
      });
    });
  }

  async close(): Promise<void> {
    this.udp?.close();
    this.udp = undefined;
    const stream = this.stream;
    this.stream = undefined;
    const socket = await stream?.catch(() => undefined);
    if (socket !== undefined) await new Promise<void>((resolve) => socket.end(resolve));
  }

  private sendDatagram(payload: Buffer): Promise<void> {
    if (this.udp === undefined) {
      this.udp = createSocket(isIP(this.options.host) === 6 ? 'udp6' : 'udp4');
      this.udp.unref();
      // An ICMP "port unreachable" from an earlier datagram surfaces here; the next send still works.
      this.udp.on('error', () => undefined);
    }
    const udp = this.udp;
    return new Promise<void>((resolve, reject) =>
      udp.send(payload, this.options.port, this.options.host, (error) =>
        error ? reject(new TransientDeliveryError(`syslog udp send failed: ${error.message}`)) : resolve(),
      ),
    );
  }

  /** One shared connection; concurrent deliveries wait for the same connect. */
  private connected(): Promise<Socket> {
    this.stream ??= this.open().catch((error: unknown) => {
      this.stream = undefined;
      throw error;
    });
    return this.stream;
  }

  private open(): Promise<Socket> {
    const { host, port, transport, timeoutMs } = this.options;
    return new Promise<Socket>((resolve, reject) => {
      const socket =
        transport === 'tls'
          ? tlsConnect({
              host,
              port,
              ...(this.options.ca !== undefined ? { ca: this.options.ca } : {}),
              ...(isIP(host) === 0 ? { servername: host } : {}),
            })
          : tcpConnect({ host, port });
      const ready = transport === 'tls' ? 'secureConnect' : 'connect';
      const timer = setTimeout(
        () => socket.destroy(new Error(`no connection within ${timeoutMs} ms`)),
        timeoutMs,
      );
      socket.once(ready, () => {
        clearTimeout(timer);
        socket.setKeepAlive(true);
        resolve(socket);
      });
      socket.on('error', (error: Error) => {
        clearTimeout(timer);
        this.drop(socket);
        reject(new TransientDeliveryError(`syslog ${transport} ${host}:${port}: ${error.message}`));
      });
      // The collector closing the connection (restart, idle timeout) is noticed here, before the next write.
      socket.on('close', () => this.drop(socket));
      // Collectors do not talk back; reading keeps a half-closed connection from lingering unnoticed.
      socket.on('data', () => undefined);
    });
  }

  private drop(socket: Socket): void {
    socket.destroy();
    const current = this.stream;
    if (current === undefined) return;
    void current.then(
      (open) => {
        if (open === socket && this.stream === current) this.stream = undefined;
      },
      () => undefined,
    );
  }
}
