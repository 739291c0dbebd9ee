import { makeFinding, parseCef, parseSyslog5424 } from '@argus/testing';
import { alertFromFinding } from '../alert';
import { type RenderableAlert } from './alert-view';
import { escapeCefExtension, escapeCefHeader, toCef } from './cef.format';
import { toElasticBulkBody, toEcsDocument } from './elastic-ecs.format';
import { toOcsfDetectionFinding } from './ocsf.format';
import { toSplunkHecBatch, toSplunkHecEnvelope } from './splunk-hec.format';
import { frameOctetCounted, toSyslog5424 } from './syslog.format';

const alert: RenderableAlert = {
  ...alertFromFinding(
    makeFinding({
      category: 'prompt_injection',
      severity: 'high',
      user_id: 'u-1',
      timestamp: '2026-01-01T00:00:00.000Z',
    }),
    new Date('2026-01-01T00:00:05.250Z'),
  ),
  last_seen: '2026-01-01T00:00:04.000Z',
  occurrences: 7,
};

describe('Splunk HEC envelope', () => {
  const options = { host: 'argus-1', source: 'argus', sourcetype: 'argus:alert', index: 'security' };

  it('carries time in epoch seconds, host, source, sourcetype, index and the alert as event', () => {
    const envelope = toSplunkHecEnvelope(alert, options);
    expect(envelope).toMatchObject({ time: 1767225605.25, ...options });
    expect(envelope.event).toMatchObject({
      alert_id: alert.alert_id,
      occurrences: 7,
      evidence: alert.evidence,
    });
    expect(envelope.fields.tenant_id).toBe('acme-bank');
  });

  it('leaves index out when unset and concatenates a batch of envelopes', () => {
    expect('index' in toSplunkHecEnvelope(alert, { ...options, index: undefined })).toBe(false);
    const lines = toSplunkHecBatch([alert, { ...alert, alert_id: 'b' }], options).split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { event: { alert_id: string } }).event.alert_id)).toEqual(
      [alert.alert_id, 'b'],
    );
  });
});

describe('Elastic ECS documents and _bulk body', () => {
  it('maps the alert to ECS: event.kind alert, risk score, rule, ATLAS threat, tenant labels', () => {
    const document = toEcsDocument(alert);
    expect(document).toMatchObject({
      '@timestamp': '2026-01-01T00:00:05.250Z',
      event: { kind: 'alert', category: ['intrusion_detection'], severity: 4, risk_score: 75 },
      rule: { id: 'canary.output', name: 'Prompt injection', category: 'prompt_injection' },
      threat: {
        framework: 'MITRE ATLAS',
        technique: { id: ['AML.T0051.000'], name: ['LLM Prompt Injection: Direct'] },
      },
      labels: { tenant_id: 'acme-bank', app_id: 'support-chat' },
      organization: { id: 'acme-bank' },
      user: { id: 'u-1' },
      argus: { occurrences: 7 },
    });
  });

  it('writes create actions keyed by alert id, one JSON per line, newline-terminated', () => {
    const body = toElasticBulkBody([alert, { ...alert, alert_id: 'second' }], 'argus-alerts');
    expect(body.endsWith('\n')).toBe(true);
    const lines = body
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toEqual({ create: { _index: 'argus-alerts', _id: alert.alert_id } });
    expect(lines[2]).toEqual({ create: { _index: 'argus-alerts', _id: 'second' } });
  });
});

describe('OCSF Detection Finding', () => {
  it('is class 2004 / category 2 with type_uid, severity_id, finding_info, analytic and ATLAS attacks', () => {
    const finding = toOcsfDetectionFinding(alert, { productVersion: '0.1.0' });
    expect(finding).toMatchObject({
      class_uid: 2004,
      category_uid: 2,
      activity_id: 1,
      type_uid: 200401,
      severity_id: 4,
      time: Date.parse('2026-01-01T00:00:05.250Z'),
      count: 7,
      metadata: { version: '1.3.0', product: { name: 'Argus', vendor_name: 'Argus', version: '0.1.0' } },
      finding_info: {
        uid: alert.alert_id,
        title: alert.title,
        desc: alert.summary,
        first_seen_time: Date.parse('2026-01-01T00:00:00.000Z'),
        last_seen_time: Date.parse('2026-01-01T00:00:04.000Z'),
        types: ['prompt_injection', 'Prompt injection'],
        analytic: { uid: 'canary.output', type_id: 1 },
        attacks: [{ technique: { uid: 'AML.T0051.000', name: 'LLM Prompt Injection: Direct' } }],
      },
    });
  });

  it('marks an escalation or summary of a group as an Update of the incident, type_uid 200402', () => {
    const group = { id: 'g-1', window_start: '2026-01-01T00:00:00Z', window_end: '2026-01-01T00:05:00Z' };
    const first = toOcsfDetectionFinding(
      { ...alert, group: { ...group, kind: 'first' } },
      { productVersion: '1' },
    );
    expect(first).toMatchObject({ activity_id: 1, metadata: { correlation_uid: 'g-1' } });
    const summary = { ...alert, group: { ...group, kind: 'summary' as const } };
    expect(toOcsfDetectionFinding(summary, { productVersion: '1' })).toMatchObject({ type_uid: 200402 });
  });

  it('marks a re-raised (escalated) group as an Update, type_uid 200402', () => {
    expect(toOcsfDetectionFinding({ ...alert, escalation: 1 }, { productVersion: '0.1.0' })).toMatchObject({
      activity_id: 2,
      type_uid: 200402,
    });
  });
});

describe('CEF over RFC 5424 syslog', () => {
  it('escapes backslash and pipe in the header, backslash, = and line breaks in extensions', () => {
    expect(escapeCefHeader('a|b\\c\nd')).toBe('a\\|b\\\\c d');
    expect(escapeCefExtension('k=v\\x\r\ny\rz|')).toBe('k\\=v\\\\x\\ny\\rz|');
  });

  it('round-trips hostile text through an independent CEF parser', () => {
    const hostile: RenderableAlert = {
      ...alert,
      title: 'Pipe | back\\slash',
      summary: 'line one\nline two cs1=forged msg=x \\',
      evidence: 'a=b | c\\d',
      conversation_id: 'conv=1',
    };
    const parsed = parseCef(toCef(hostile, { productVersion: '0.1.0' }));
    expect(parsed).toMatchObject({
      version: '0',
      vendor: 'Argus',
      product: 'Argus',
      productVersion: '0.1.0',
      signatureId: 'canary.output',
      name: 'Pipe | back\\slash',
      severity: '8',
    });
    expect(parsed.extension).toMatchObject({
      msg: 'line one\nline two cs1=forged msg=x \\',
      cs1Label: 'tenant',
      cs1: 'acme-bank',
      cs5: 'a=b | c\\d',
      cs6: 'conv=1',
      cnt: '7',
      suser: 'u-1',
      externalId: alert.alert_id,
      rt: String(Date.parse('2026-01-01T00:00:05.250Z')),
    });
    expect(parsed.extension.cn1Label).toBeUndefined();
  });

  it('maps severities onto the CEF 0–10 and syslog 0–7 scales', () => {
    const severity = (value: RenderableAlert['severity']) => ({
      cef: parseCef(toCef({ ...alert, severity: value }, { productVersion: '1' })).severity,
      syslog: parseSyslog5424(
        toSyslog5424({ ...alert, severity: value }, 'x', {
          facility: 16,
          hostname: 'h',
          appName: 'a',
          procId: '1',
        }),
      ).severity,
    });
    expect(severity('critical')).toEqual({ cef: '10', syslog: 2 });
    expect(severity('high')).toEqual({ cef: '8', syslog: 3 });
    expect(severity('medium')).toEqual({ cef: '5', syslog: 4 });
    expect(severity('info')).toEqual({ cef: '1', syslog: 6 });
  });

  it('writes the RFC 5424 header: PRI, version 1, UTC timestamp, sanitised names, MSGID, nil SD', () => {
    const line = toSyslog5424(alert, 'CEF:0|x', {
      facility: 16,
      hostname: 'my host',
      appName: 'argus',
      procId: '4242',
    });
    expect(parseSyslog5424(line)).toEqual({
      pri: 16 * 8 + 3,
      facility: 16,
      severity: 3,
      version: 1,
      timestamp: '2026-01-01T00:00:05.250Z',
      hostname: 'my_host',
      appName: 'argus',
      procId: '4242',
      msgId: 'prompt_injection',
      structuredData: '-',
      message: 'CEF:0|x',
    });
  });

  it('frames a message with its byte length for TCP/TLS octet counting', () => {
    expect(frameOctetCounted('hé').toString('utf8')).toBe('3 hé');
  });
});
