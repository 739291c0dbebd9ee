import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import addFormats from 'ajv-formats';
import {
  TELEMETRY_JSON_SCHEMA_FILE,
  buildTelemetryJsonSchema,
  renderTelemetryJsonSchema,
} from './telemetry.json-schema';
import { TelemetryEventSchema } from './telemetry.schema';

// ajv's draft 2020-12 build is only reachable by subpath; its types come along with the require.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Ajv2020 = (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default;

const repositoryRoot = join(__dirname, '..', '..', '..');

const base = {
  schema_version: '1',
  event_id: 'evt-1',
  timestamp: '2025-06-02T09:30:00Z',
  tenant_id: 'acme-bank',
  app_id: 'support-chat',
};
const inputWith = (parts: unknown[], role = 'user') => ({ ...base, input_messages: [{ role, parts }] });

const validSamples: Array<[string, unknown]> = [
  ['minimal', base],
  ['offset and fractional seconds', { ...base, timestamp: '2025-06-02T11:30:00.123456+02:00' }],
  ['legacy gen_ai.system', { ...base, 'gen_ai.system': 'az.ai.openai' }],
  ['unknown top-level fields', { ...base, 'gen_ai.request.temperature': 0.3, deployment: { ring: 1 } }],
  [
    'text and reasoning parts',
    inputWith([
      { type: 'text', content: 'hi' },
      { type: 'reasoning', content: 'x' },
    ]),
  ],
  [
    'tool call with string arguments',
    inputWith([{ type: 'tool_call', name: 'f', arguments: '{"a":1}' }], 'assistant'),
  ],
  ['tool response', inputWith([{ type: 'tool_call_response', id: 'c', response: { ok: true } }], 'tool')],
  ['tool response with result alias', inputWith([{ type: 'tool_call_response', result: null }], 'tool')],
  [
    'uri and blob',
    inputWith([
      { type: 'uri', modality: 'image', uri: 'u' },
      { type: 'blob', modality: 'a', content: '' },
    ]),
  ],
  ['unknown part type', inputWith([{ type: 'audio_transcript', anything: [1, 2] }])],
  [
    'output, retrieval, usage, trace',
    {
      ...base,
      trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
      span_id: '00f067aa0ba902b7',
      output_messages: [
        { role: 'assistant', parts: [{ type: 'text', content: 'ok' }], finish_reason: 'stop' },
      ],
      retrieval: [{ document_id: 'd', content: 'c', tenant_id: 't', score: 0.4 }],
      usage: { input_tokens: 0, output_tokens: 12 },
      attributes: { a: 'b', n: 1, f: false },
      user: { id: 'u', roles: [] },
    },
  ],
];

const invalidSamples: Array<[string, unknown]> = [
  ['missing event_id', { ...base, event_id: undefined }],
  ['empty event_id', { ...base, event_id: '' }],
  ['event_id over 128 characters', { ...base, event_id: 'e'.repeat(129) }],
  ['missing tenant_id', { ...base, tenant_id: undefined }],
  ['schema_version as a number', { ...base, schema_version: 1 }],
  ['schema_version 2', { ...base, schema_version: '2' }],
  ['free-text timestamp', { ...base, timestamp: 'yesterday' }],
  ['timestamp without time zone', { ...base, timestamp: '2025-06-02T09:30:00' }],
  ['date-only timestamp', { ...base, timestamp: '2025-06-02' }],
  ['impossible date', { ...base, timestamp: '2025-02-30T09:30:00Z' }],
  ['text part without content', inputWith([{ type: 'text' }])],
  ['text part with numeric content', inputWith([{ type: 'text', content: 42 }])],
  ['tool call without name', inputWith([{ type: 'tool_call', arguments: {} }], 'assistant')],
  ['tool response without response', inputWith([{ type: 'tool_call_response', id: 'c' }], 'tool')],
  ['uri part without uri', inputWith([{ type: 'uri', modality: 'image' }])],
  ['part without type', inputWith([{ content: 'x' }])],
  ['message without role', { ...base, input_messages: [{ parts: [] }] }],
  ['negative tokens', { ...base, usage: { input_tokens: -1 } }],
  ['fractional tokens', { ...base, usage: { input_tokens: 1.5 } }],
  ['negative latency', { ...base, latency_ms: -5 }],
  ['bad trace id', { ...base, trace_id: 'abc' }],
  ['bad span id', { ...base, span_id: 'zzzzzzzzzzzzzzzz' }],
  ['nested attribute', { ...base, attributes: { a: { b: 1 } } }],
  ['retrieved document without content', { ...base, retrieval: [{ document_id: 'd' }] }],
  ['roles that are not a list', { ...base, user: { roles: 'admin' } }],
  ['not an object', ['an', 'array']],
];

describe('telemetry v1 JSON Schema', () => {
  const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  const validate = ajv.compile(buildTelemetryJsonSchema());

  it('is the committed docs/schema/telemetry-v1.schema.json (regenerate with `bin/argus schema --out …`)', () => {
    const committed = readFileSync(join(repositoryRoot, TELEMETRY_JSON_SCHEMA_FILE), 'utf8');
    expect(committed).toBe(renderTelemetryJsonSchema());
  });

  it('is a draft 2020-12 schema with an id, a title, a description and field descriptions', () => {
    const schema = buildTelemetryJsonSchema();
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: expect.stringMatching(/telemetry:v1$/),
      title: expect.any(String),
      description: expect.any(String),
      required: ['schema_version', 'event_id', 'timestamp', 'tenant_id', 'app_id'],
    });
    const properties = schema.properties as Record<string, { description?: string }>;
    expect(Object.entries(properties).filter(([, property]) => !property.description)).toEqual([]);
  });

  it.each(validSamples)('accepts in ajv and zod alike: %s', (_name, sample) => {
    const json: unknown = JSON.parse(JSON.stringify(sample));
    expect({ ajv: validate(json), errors: validate.errors ?? null }).toEqual({ ajv: true, errors: null });
    expect(TelemetryEventSchema.safeParse(json).success).toBe(true);
  });

  it.each(invalidSamples)('rejects in ajv and zod alike: %s', (_name, sample) => {
    const json: unknown = JSON.parse(JSON.stringify(sample));
    expect(validate(json)).toBe(false);
    expect(TelemetryEventSchema.safeParse(json).success).toBe(false);
  });
});
