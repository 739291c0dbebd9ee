import { type TelemetryEvent, type TelemetryEventInputShape, TelemetryEventSchema } from '@argus/contracts';

/**
 * Test events with overrides: `makeEvent({ input: 'hello', output: 'hi' })` is a valid raw telemetry v1
 * event (what a producer sends). Shorthands build the message arrays; any raw field can be overridden
 * as it is, and wins over the shorthands.
 */
export type RetrievedDocumentOverride = {
  document_id?: string;
  content: string;
  source?: string;
  tenant_id?: string;
  classification?: string;
  score?: number;
};

export type EventOverrides = Omit<Partial<TelemetryEventInputShape>, 'retrieval'> & {
  /** User message text(s), one message each. */
  input?: string | string[];
  /** Assistant answer text. */
  output?: string;
  /** System prompt text. */
  system?: string;
  /** Retrieved documents: a string is the content of a document of the event's tenant; ids default to doc-N. */
  retrieval?: Array<string | RetrievedDocumentOverride>;
  /** Tool results, one `tool`-role input message each (`response` kept as given: string or object). */
  toolResults?: unknown[];
};

let sequence = 0;

export function makeEvent(overrides: EventOverrides = {}): TelemetryEventInputShape {
  const { input, output, system, retrieval, toolResults, ...raw } = overrides;
  sequence += 1;
  const event: TelemetryEventInputShape = {
    schema_version: '1',
    event_id: `evt-${String(sequence).padStart(6, '0')}`,
    timestamp: '2025-06-02T09:30:00.000Z',
    tenant_id: 'acme-bank',
    app_id: 'support-chat',
    environment: 'test',
    conversation_id: 'conv-1',
    user: { id: 'user-1', session_id: 'session-1' },
    operation: 'chat',
    provider: 'openai',
    request_model: 'gpt-4o',
  };
  if (system !== undefined) event.system_instructions = [{ type: 'text', content: system }];
  const inputMessages: NonNullable<TelemetryEventInputShape['input_messages']> = [];
  for (const text of input === undefined ? [] : Array.isArray(input) ? input : [input]) {
    inputMessages.push({ role: 'user', parts: [{ type: 'text', content: text }] });
  }
  for (const [index, response] of (toolResults ?? []).entries()) {
    inputMessages.push({
      role: 'tool',
      parts: [{ type: 'tool_call_response', id: `call-${index + 1}`, response }],
    });
  }
  if (inputMessages.length > 0) event.input_messages = inputMessages;
  if (output !== undefined) {
    event.output_messages = [
      { role: 'assistant', parts: [{ type: 'text', content: output }], finish_reason: 'stop' },
    ];
  }
  if (retrieval !== undefined) {
    const tenantId = typeof raw.tenant_id === 'string' ? raw.tenant_id : event.tenant_id;
    event.retrieval = retrieval.map((document, index) =>
      typeof document === 'string'
        ? { document_id: `doc-${index + 1}`, content: document, tenant_id: tenantId }
        : { ...document, document_id: document.document_id ?? `doc-${index + 1}` },
    );
  }
  return { ...event, ...raw };
}

export function makeEventJson(overrides: EventOverrides = {}): string {
  return JSON.stringify(makeEvent(overrides));
}

/** The parsed event (aliases resolved, unknown fields in `attributes`) that detectors receive. */
export function makeTelemetryEvent(overrides: EventOverrides = {}): TelemetryEvent {
  return TelemetryEventSchema.parse(makeEvent(overrides));
}
