import { CEF_SEVERITY, type RenderableAlert, categoryTitle, epochMs, occurrencesOf } from './alert-view';

export type CefFormatOptions = { productVersion: string; vendor?: string; product?: string };

/** CEF header fields: a backslash and a pipe are escaped; line breaks are not allowed, so they become spaces. */
export function escapeCefHeader(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, ' ');
}

/** CEF extension values: backslash, equals sign and line breaks (as `\n` / `\r`) are escaped. */
export function escapeCefExtension(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/=/g, '\\=')
    .replace(/\r\n|\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

/** Longest value of the free-text extensions, so one alert stays well inside a syslog datagram. */
const MAX_TEXT = 1023;

function clip(value: string): string {
  return value.length <= MAX_TEXT ? value : `${value.slice(0, MAX_TEXT - 1)}…`;
}

/**
 * `CEF:0|Vendor|Product|Version|SignatureID|Name|Severity|key=value …`: the signature is the rule id, the
 * name the alert title, the severity 0–10. Extension keys are the standard CEF dictionary (`rt`, `start`,
 * `end`, `cnt`, `msg`, `cat`, `externalId`, `suser`, `act`) plus labelled custom strings.
 */
export function toCef(alert: RenderableAlert, options: CefFormatOptions): string {
  const header = [
    'CEF:0',
    options.vendor ?? 'Argus',
    options.product ?? 'Argus',
    options.productVersion,
    alert.rule_id,
    alert.title,
    String(CEF_SEVERITY[alert.severity]),
  ]
    .map((field, index) => (index === 0 ? field : escapeCefHeader(field)))
    .join('|');
  const extension: [string, string | number | undefined][] = [
    ['rt', epochMs(alert.created_at)],
    ['start', epochMs(alert.first_seen)],
    ['end', epochMs(alert.last_seen)],
    ['cnt', occurrencesOf(alert)],
    ['externalId', alert.alert_id],
    ['cat', alert.category],
    ['msg', clip(alert.summary)],
    ['suser', alert.user_id],
    ['cs1Label', 'tenant'],
    ['cs1', alert.tenant_id],
    ['cs2Label', 'app'],
    ['cs2', alert.app_id],
    ['cs3Label', 'owasp'],
    ['cs3', alert.owasp],
    ['cs4Label', 'atlas'],
    ['cs4', alert.atlas.join(',')],
    ['cs5Label', 'evidence'],
    ['cs5', clip(alert.evidence)],
    ['cs6Label', 'conversation'],
    ['cs6', alert.conversation_id],
    ['flexString1Label', 'detector'],
    ['flexString1', alert.detector],
    ['flexString2Label', 'category name'],
    ['flexString2', categoryTitle(alert)],
    ['cn1Label', 'escalation'],
    ['cn1', alert.escalation],
  ];
  const pairs = extension
    .filter((pair): pair is [string, string | number] => pair[1] !== undefined && pair[1] !== '')
    .map(([key, value]) => `${key}=${escapeCefExtension(String(value))}`);
  // A label without its value says nothing: drop it with the value.
  const present = new Set(pairs.map((pair) => pair.slice(0, pair.indexOf('='))));
  const kept = pairs.filter((pair) => {
    const key = pair.slice(0, pair.indexOf('='));
    return !key.endsWith('Label') || present.has(key.slice(0, -'Label'.length));
  });
  return `${header}|${kept.join(' ')}`;
}
