import { decodeTelemetry } from './telemetry.decoder';

const limits = { maxEventBytes: 4096, maxTextPartBytes: 1024 };
const valid = {
  schema_version: '1',
  event_id: 'evt-1',
  timestamp: '2026-03-01T10:00:00Z',
  tenant_id: 'acme-bank',
  app_id: 'support-chat',
  input_messages: [{ role: 'user', parts: [{ type: 'text', content: 'What is my balance?' }] }],
};
const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('decodeTelemetry', () => {
  it('accepts a valid event', () => {
    const result = decodeTelemetry(bytes(valid), limits);
    expect(result.ok && result.event.event_id).toBe('evt-1');
  });

  it.each([
    ['an empty record', Buffer.alloc(0), 'empty_message', /no value/],
    ['a null record (tombstone)', null, 'empty_message', /no value/],
    ['malformed JSON', bytes('{"schema_version": "1",'), 'invalid_json', /not valid JSON/],
    ['invalid UTF-8', Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), 'invalid_json', /UTF-8/],
    ['a JSON array', bytes([valid]), 'schema_violation', /JSON object/],
    ['a missing event_id', bytes({ ...valid, event_id: undefined }), 'schema_violation', /event_id/],
    [
      'a wrong schema version',
      bytes({ ...valid, schema_version: '2' }),
      'schema_violation',
      /schema_version/,
    ],
    [
      'an oversized event',
      bytes({ ...valid, padding: 'x'.repeat(5000) }),
      'too_large',
      /INGEST_MAX_EVENT_BYTES/,
    ],
    [
      'an oversized text part',
      bytes({
        ...valid,
        input_messages: [{ role: 'user', parts: [{ type: 'text', content: 'é'.repeat(600) }] }],
      }),
      'too_large',
      /input_messages\.0\.parts\.0\.content is 1200 bytes/,
    ],
  ])('rejects %s with a reason', (_name, value, code, reason) => {
    const result = decodeTelemetry(value, limits);
    expect(result).toMatchObject({ ok: false, code });
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('dead-letters a timestamp ClickHouse cannot store instead of blocking the partition', () => {
    const result = decodeTelemetry(bytes({ ...valid, timestamp: '9999-12-31T00:00:00Z' }), limits);
    expect(result).toMatchObject({ ok: false, code: 'schema_violation' });
    expect(!result.ok && result.reason).toMatch(/outside 1900-01-01\.\.2299-12-31/);
  });

  it('dead-letters events older than retention, which the table TTL would silently drop', () => {
    const now = () => Date.parse('2026-03-31T00:00:00Z');
    // The event is 30 days old on that day.
    expect(decodeTelemetry(bytes(valid), { ...limits, maxAgeDays: 40, now }).ok).toBe(true);
    const result = decodeTelemetry(bytes(valid), { ...limits, maxAgeDays: 20, now });
    expect(result).toMatchObject({ ok: false, code: 'out_of_retention' });
    expect(!result.ok && result.reason).toMatch(/older than the 20-day retention/);
  });

  it('survives hostile nesting without throwing', () => {
    const deep = '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000);
    const result = decodeTelemetry(Buffer.from(deep), { maxEventBytes: 10_000_000, maxTextPartBytes: 1024 });
    expect(result.ok).toBe(false);
  });
});
