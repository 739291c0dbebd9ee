import { makeEvent } from '@argus/testing';
import { type GuardRequestDeps, parseGuardRequest } from './guard-request';

const deps: GuardRequestDeps = {
  maxTextPartBytes: 1024,
  newEventId: () => 'generated-id',
  now: () => new Date('2025-06-02T10:00:00.000Z'),
};
const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('parseGuardRequest', () => {
  it('takes a full telemetry event as it is', () => {
    const event = makeEvent({ event_id: 'evt-given', input: 'What is my balance?' });
    const parsed = parseGuardRequest(body(event), deps);
    expect(parsed).toMatchObject({ ok: true, event: { event_id: 'evt-given', timestamp: event.timestamp } });
  });

  it('fills in event_id, timestamp and schema_version when the caller leaves them out', () => {
    const {
      event_id: _id,
      timestamp: _time,
      schema_version: _version,
      ...inline
    } = makeEvent({ input: 'hi' });
    const parsed = parseGuardRequest(body(inline), deps);
    expect(parsed).toMatchObject({
      ok: true,
      event: { event_id: 'generated-id', timestamp: '2025-06-02T10:00:00.000Z', schema_version: '1' },
    });
  });

  it('generates a UUID by default', () => {
    const { event_id: _id, ...inline } = makeEvent({ input: 'hi' });
    const parsed = parseGuardRequest(body(inline), { maxTextPartBytes: 1024 });
    if (!parsed.ok) throw new Error(parsed.problem.message);
    expect(parsed.event.event_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('keeps the contract for everything else: a wrong schema_version or a null event_id is an error', () => {
    const wrongVersion = parseGuardRequest(body({ ...makeEvent(), schema_version: '2' }), deps);
    expect(wrongVersion).toMatchObject({ ok: false, problem: { status: 400, code: 'schema_violation' } });
    const { timestamp: _time, ...withoutTimestamp } = makeEvent();
    const nullId = parseGuardRequest(body({ ...withoutTimestamp, event_id: null }), deps);
    expect(nullId).toMatchObject({ ok: false, problem: { issues: [{ path: 'event_id' }] } });
  });

  it('answers malformed JSON with 400 and the parser message', () => {
    const parsed = parseGuardRequest(body('{"tenant_id": "acme-bank",'), deps);
    expect(parsed).toMatchObject({ ok: false, problem: { status: 400, code: 'invalid_json' } });
    if (parsed.ok) return;
    expect(parsed.problem.message).toMatch(/^the body is not valid JSON: /);
  });

  it('answers an empty body, invalid UTF-8 and a JSON value that is not an object with 400', () => {
    expect(parseGuardRequest(Buffer.alloc(0), deps)).toMatchObject({
      ok: false,
      problem: { status: 400, code: 'empty_message' },
    });
    expect(parseGuardRequest(Buffer.from([0x7b, 0xff, 0x7d]), deps)).toMatchObject({
      ok: false,
      problem: { status: 400, code: 'invalid_json', message: 'the body is not valid UTF-8' },
    });
    for (const value of ['[]', '"event"', '42', 'null']) {
      expect(parseGuardRequest(body(value), deps)).toMatchObject({
        ok: false,
        problem: { status: 400, code: 'schema_violation', message: expect.stringMatching(/JSON object/) },
      });
    }
  });

  it('lists every bad field with its zod path', () => {
    const event = {
      ...makeEvent(),
      tenant_id: undefined,
      app_id: 42,
      input_messages: [{ role: 'user', parts: [{ type: 'text' }] }],
      trace_id: 'not-hex',
    };
    const parsed = parseGuardRequest(body(event), deps);
    if (parsed.ok) throw new Error('expected a schema violation');
    expect(parsed.problem.status).toBe(400);
    const paths = (parsed.problem.issues ?? []).map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['tenant_id', 'app_id', 'trace_id']));
    expect(paths.some((path) => path.startsWith('input_messages.0.parts.0'))).toBe(true);
    expect(parsed.problem.message).toMatch(/tenant_id: /);
    expect(parsed.problem.message).toMatch(/app_id: /);
  });

  it("applies ingest's per-part limit: 413", () => {
    const parsed = parseGuardRequest(body(makeEvent({ input: 'x'.repeat(1025) })), deps);
    expect(parsed).toMatchObject({
      ok: false,
      problem: {
        status: 413,
        code: 'too_large',
        message: expect.stringMatching(/INGEST_MAX_TEXT_PART_BYTES/),
      },
    });
  });

  it('refuses a timestamp ClickHouse could not hold, as ingest does', () => {
    const parsed = parseGuardRequest(body(makeEvent({ timestamp: '2400-01-01T00:00:00Z' })), deps);
    expect(parsed).toMatchObject({
      ok: false,
      problem: { status: 400, code: 'schema_violation', message: expect.stringMatching(/^timestamp: /) },
    });
  });
});
