import { describeZodError } from './validation';
import { TelemetryEventSchema, canonicalProviderName } from './telemetry.schema';

const minimal = {
  schema_version: '1',
  event_id: '01J0Z8Y6Q6S5M4D3C2B1A0ZXYW',
  timestamp: '2025-06-02T09:30:00Z',
  tenant_id: 'acme-bank',
  app_id: 'support-chat',
};

const full = {
  ...minimal,
  timestamp: '2025-06-02T11:30:00.123+02:00',
  environment: 'prod',
  conversation_id: 'conv-42',
  trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
  span_id: '00f067aa0ba902b7',
  user: { id: 'u-7f3a', session_id: 's-1', ip: '203.0.113.7', roles: ['customer'] },
  operation: 'chat',
  provider: 'openai',
  request_model: 'gpt-4o',
  response_model: 'gpt-4o-2024-08-06',
  agent: { id: 'agent-1', name: 'support', version: '3' },
  system_instructions: [{ type: 'text', content: 'You are the Acme Bank assistant.' }],
  input_messages: [
    { role: 'user', parts: [{ type: 'text', content: 'What is my balance?' }] },
    {
      role: 'assistant',
      parts: [
        { type: 'reasoning', content: 'Need the balance tool.' },
        { type: 'tool_call', id: 'call-1', name: 'get_balance', arguments: { account: 'checking' } },
      ],
    },
    { role: 'tool', parts: [{ type: 'tool_call_response', id: 'call-1', response: { balance: 1200.5 } }] },
    {
      role: 'user',
      name: 'customer',
      parts: [
        { type: 'uri', modality: 'image', uri: 'https://example.com/statement.png' },
        { type: 'blob', modality: 'image', mime_type: 'image/png', content: 'iVBORw0KGgo=' },
      ],
    },
  ],
  output_messages: [
    {
      role: 'assistant',
      parts: [{ type: 'text', content: 'Your balance is $1,200.50.' }],
      finish_reason: 'stop',
    },
  ],
  tool_definitions: [{ type: 'function', name: 'get_balance' }],
  retrieval: [
    {
      document_id: 'kb-12',
      content: 'Balances update nightly.',
      source: 'kb',
      tenant_id: 'acme-bank',
      classification: 'internal',
      score: 0.82,
    },
  ],
  usage: { input_tokens: 120, output_tokens: 14, cache_read_input_tokens: 0, reasoning_output_tokens: 8 },
  latency_ms: 812.5,
  time_to_first_token_ms: 140,
  error: { type: 'timeout', message: 'retried' },
  embeddings: { model: 'text-embedding-3-small', input: [0.1, 0.2], output: [0.3, 0.4] },
  attributes: { region: 'eu-west-1', retries: 1, streamed: true },
};

function parse(input: unknown) {
  return TelemetryEventSchema.safeParse(input);
}

function errorOf(input: unknown): string {
  const result = parse(input);
  if (result.success) throw new Error('expected the event to be rejected');
  return describeZodError(result.error);
}

describe('TelemetryEventSchema (telemetry v1)', () => {
  describe('valid events', () => {
    it('accepts a minimal event and gives it empty attributes', () => {
      const result = parse(minimal);
      expect(result.success).toBe(true);
      expect(result.data).toMatchObject({ ...minimal, attributes: {} });
      expect(result.data?.provider).toBeUndefined();
    });

    it('accepts a full event with every part type and keeps every field', () => {
      const result = parse(full);
      expect(result.success).toBe(true);
      const event = result.data!;
      expect(event.input_messages?.flatMap((message) => message.parts.map((part) => part.type))).toEqual([
        'text',
        'reasoning',
        'tool_call',
        'tool_call_response',
        'uri',
        'blob',
      ]);
      expect(event.retrieval?.[0]).toEqual(full.retrieval[0]);
      expect(event.usage).toEqual(full.usage);
      expect(event.trace_id).toBe(full.trace_id);
      expect(event.attributes).toEqual(full.attributes);
    });

    it('maps the legacy gen_ai.system value az.ai.openai to provider azure.ai.openai', () => {
      const result = parse({ ...minimal, 'gen_ai.system': 'az.ai.openai' });
      expect(result.data?.provider).toBe('azure.ai.openai');
      expect(result.data?.attributes).toEqual({});
    });

    it('prefers provider over gen_ai.provider.name over gen_ai.system', () => {
      expect(parse({ ...minimal, provider: 'anthropic', 'gen_ai.system': 'openai' }).data?.provider).toBe(
        'anthropic',
      );
      expect(
        parse({ ...minimal, 'gen_ai.provider.name': 'gemini', 'gen_ai.system': 'x' }).data?.provider,
      ).toBe('gcp.gemini');
      expect(canonicalProviderName(' OpenAI ')).toBe('openai');
    });

    it('accepts `result` as an alias of a tool_call_response `response`', () => {
      const result = parse({
        ...minimal,
        input_messages: [{ role: 'tool', parts: [{ type: 'tool_call_response', id: 'c1', result: 'ok' }] }],
      });
      expect(result.data?.input_messages?.[0].parts[0]).toEqual({
        type: 'tool_call_response',
        id: 'c1',
        response: 'ok',
      });
    });

    it('folds unknown top-level fields into attributes, JSON-encoding non-scalar values', () => {
      const result = parse({
        ...minimal,
        attributes: { region: 'eu' },
        'gen_ai.request.temperature': 0.2,
        deployment: { ring: 2 },
        canary_release: false,
      });
      expect(result.data?.attributes).toEqual({
        region: 'eu',
        'gen_ai.request.temperature': 0.2,
        deployment: '{"ring":2}',
        canary_release: false,
      });
      expect(result.data).not.toHaveProperty('deployment');
    });

    it('keeps parts of unknown types as they are', () => {
      const part = { type: 'audio_transcript', language: 'en', segments: [{ t: 0, text: 'hi' }] };
      const result = parse({ ...minimal, output_messages: [{ role: 'assistant', parts: [part] }] });
      expect(result.data?.output_messages?.[0].parts[0]).toEqual(part);
    });
  });

  describe('invalid events: the error names the path', () => {
    it.each([
      ['missing event_id', { ...minimal, event_id: undefined }, /^event_id: /],
      ['a timestamp that is not RFC 3339', { ...minimal, timestamp: '02/06/2025 09:30' }, /^timestamp: /],
      ['a timestamp without a time zone', { ...minimal, timestamp: '2025-06-02T09:30:00' }, /^timestamp: /],
      [
        'a text part without content',
        { ...minimal, input_messages: [{ role: 'user', parts: [{ type: 'text' }] }] },
        /^input_messages\.0\.parts\.0\.type: part of type "text" lacks a required field/,
      ],
      ['an event_id over 128 characters', { ...minimal, event_id: 'e'.repeat(129) }, /^event_id: .*128/],
      ['negative token counts', { ...minimal, usage: { output_tokens: -3 } }, /^usage\.output_tokens: /],
      [
        'a trace id that is not 32 hex digits',
        { ...minimal, trace_id: 'not-a-trace' },
        /^trace_id: a W3C trace id/,
      ],
      ['a wrong schema version', { ...minimal, schema_version: '2' }, /^schema_version: /],
      ['a nested attribute value', { ...minimal, attributes: { nested: { a: 1 } } }, /^attributes\.nested: /],
      [
        'a retrieved document without id',
        { ...minimal, retrieval: [{ content: 'x' }] },
        /^retrieval\.0\.document_id: /,
      ],
    ])('rejects %s', (_name, input, expected) => {
      expect(errorOf(input)).toMatch(expected);
    });

    it('rejects a value that is not an object', () => {
      expect(errorOf('hello')).toMatch(/^\(root\): /);
    });

    it('lists at most five issues and counts the rest', () => {
      const message = errorOf({ trace_id: 'x', span_id: 'y' });
      expect(message.split('; ')).toHaveLength(6);
      expect(message).toMatch(/; and 2 more$/);
    });
  });
});
