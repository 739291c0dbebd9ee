import { SYSLOG_SEVERITY, type RenderableAlert } from './alert-view';

export type SyslogHeaderOptions = {
  /** RFC 5424 facility 0–23 (4 security/auth, 13 log audit, 16–23 local0–local7). */
  facility: number;
  hostname: string;
  appName: string;
  procId: string;
};

/** RFC 5424 header fields are PRINTUSASCII (33–126) with a maximum length; `-` is the nil value. */
function headerField(value: string, maxLength: number): string {
  const printable = value.replace(/[^\x21-\x7e]/g, '_').slice(0, maxLength);
  return printable === '' ? '-' : printable;
}

/**
 * `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID - MSG` (RFC 5424): PRI = facility * 8 + severity, the
 * timestamp is the alert's creation time (RFC 3339, UTC), MSGID the alert category, no structured data.
 */
export function toSyslog5424(alert: RenderableAlert, message: string, options: SyslogHeaderOptions): string {
  const pri = options.facility * 8 + SYSLOG_SEVERITY[alert.severity];
  return [
    `<${pri}>1`,
    new Date(alert.created_at).toISOString(),
    headerField(options.hostname, 255),
    headerField(options.appName, 48),
    headerField(options.procId, 128),
    headerField(alert.category, 32),
    '-',
    message,
  ].join(' ');
}

/** RFC 6587 octet counting (TCP) and RFC 5425 (TLS): `<byte length> SP <message>`. */
export function frameOctetCounted(message: string): Buffer {
  const payload = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${payload.length} `, 'ascii'), payload]);
}
