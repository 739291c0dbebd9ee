import { z } from 'zod';

/**
 * Telemetry event, schema v1 (ARCHITECTURE.md §2), the input contract of topic `llm.telemetry.v1`.
 * Field names follow the OpenTelemetry GenAI semantic conventions, flattened. Rules for evolving it:
 * new fields are optional (producers and consumers roll independently), unknown top-level fields are
 * kept in `attributes`, never rejected.
 */

const boundedText = z.string();
const AttributeValue = z.union([z.string(), z.number(), z.boolean()]);

export const TextPart = z.object({ type: z.literal('text'), content: boundedText });
export const ReasoningPart = z.object({ type: z.literal('reasoning'), content: boundedText });
export const ToolCallPart = z.object({
  type: z.literal('tool_call'),
  id: z.string().optional(),
  name: z.string().min(1),
  arguments: z.unknown().optional(),
});
/** OTel calls the payload `response`; some instrumentations emit `result`. Both are accepted, `response` is kept. */
export const ToolCallResponsePart = z
  .union([
    z.object({ type: z.literal('tool_call_response'), id: z.string().optional(), response: z.unknown() }),
    z.object({ type: z.literal('tool_call_response'), id: z.string().optional(), result: z.unknown() }),
  ])
  .transform((part) => ({
    type: part.type,
    ...(part.id !== undefined ? { id: part.id } : {}),
    response: 'response' in part ? part.response : part.result,
  }));
export const UriPart = z.object({ type: z.literal('uri'), modality: z.string(), uri: z.string() });
export const BlobPart = z.object({
  type: z.literal('blob'),
  modality: z.string(),
  mime_type: z.string().optional(),
  content: z.string(),
});

export const KNOWN_PART_TYPES = [
  'text',
  'reasoning',
  'tool_call',
  'tool_call_response',
  'uri',
  'blob',
] as const;
/** Any other part type is kept as it is, so new OTel part kinds do not send events to the DLQ. */
export const OtherPart = z.looseObject({
  type: z.string().refine((type) => !(KNOWN_PART_TYPES as readonly string[]).includes(type), {
    error: (issue) =>
      `part of type "${String(issue.input)}" lacks a required field or has a field of the wrong type`,
  }),
});

export const Part = z.union([
  TextPart,
  ReasoningPart,
  ToolCallPart,
  ToolCallResponsePart,
  UriPart,
  BlobPart,
  OtherPart,
]);

export const ChatMessage = z.object({
  role: z.string().min(1),
  name: z.string().optional(),
  parts: z.array(Part),
});
export const OutputMessage = ChatMessage.extend({ finish_reason: z.string().optional() });

export const RetrievedDocument = z.object({
  document_id: z.string().min(1),
  content: z.string(),
  source: z.string().optional(),
  tenant_id: z.string().optional(),
  classification: z.string().optional(),
  score: z.number().optional(),
});

const nonNegativeInt = z.number().int().nonnegative();

/**
 * Legacy `gen_ai.system` values mapped to the current `gen_ai.provider.name` values, so a platform on
 * an older instrumentation still lands in the same dashboards.
 */
export const LEGACY_PROVIDER_NAMES: Readonly<Record<string, string>> = {
  'az.ai.openai': 'azure.ai.openai',
  'az.ai.inference': 'azure.ai.inference',
  azure_openai: 'azure.ai.openai',
  vertex_ai: 'gcp.vertex_ai',
  gemini: 'gcp.gemini',
  bedrock: 'aws.bedrock',
  watsonx: 'ibm.watsonx.ai',
  mistral: 'mistral_ai',
};

export function canonicalProviderName(name: string): string {
  const lower = name.trim().toLowerCase();
  return LEGACY_PROVIDER_NAMES[lower] ?? lower;
}

const KNOWN_FIELDS = {
  schema_version: z.literal('1'),
  event_id: z.string().min(1).max(128),
  timestamp: z.iso.datetime({ offset: true }),
  tenant_id: z.string().min(1).max(256),
  app_id: z.string().min(1).max(256),
  environment: z.string().max(64).optional(),
  conversation_id: z.string().max(256).optional(),
  trace_id: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, 'a W3C trace id: 32 hex digits')
    .optional(),
  span_id: z
    .string()
    .regex(/^[0-9a-fA-F]{16}$/, 'a W3C span id: 16 hex digits')
    .optional(),
  user: z
    .object({
      id: z.string().optional(),
      session_id: z.string().optional(),
      ip: z.string().optional(),
      roles: z.array(z.string()).optional(),
    })
    .optional(),
  operation: z.string().optional(),
  provider: z.string().optional(),
  /** Legacy OTel attribute names, accepted for `provider`. */
  'gen_ai.provider.name': z.string().optional(),
  'gen_ai.system': z.string().optional(),
  request_model: z.string().optional(),
  response_model: z.string().optional(),
  agent: z
    .object({ id: z.string().optional(), name: z.string().optional(), version: z.string().optional() })
    .optional(),
  system_instructions: z.array(Part).optional(),
  input_messages: z.array(ChatMessage).optional(),
  output_messages: z.array(OutputMessage).optional(),
  tool_definitions: z.array(z.record(z.string(), z.unknown())).optional(),
  retrieval: z.array(RetrievedDocument).optional(),
  usage: z
    .object({
      input_tokens: nonNegativeInt.optional(),
      output_tokens: nonNegativeInt.optional(),
      cache_read_input_tokens: nonNegativeInt.optional(),
      reasoning_output_tokens: nonNegativeInt.optional(),
    })
    .optional(),
  latency_ms: z.number().nonnegative().optional(),
  time_to_first_token_ms: z.number().nonnegative().optional(),
  error: z.object({ type: z.string(), message: z.string().optional() }).optional(),
  embeddings: z
    .object({
      model: z.string(),
      input: z.array(z.number()).optional(),
      output: z.array(z.number()).optional(),
    })
    .optional(),
  attributes: z.record(z.string(), AttributeValue).optional(),
};

const KNOWN_FIELD_NAMES = new Set(Object.keys(KNOWN_FIELDS));

function toAttributeValue(value: unknown): string | number | boolean {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value) ?? 'null';
}

/** What producers send (the JSON Schema in docs/schema is generated from this side). */
export const TelemetryEventInput = z.looseObject(KNOWN_FIELDS);

/** What the rest of Argus works with: aliases resolved, unknown fields folded into `attributes`. */
export const TelemetryEventSchema = TelemetryEventInput.transform((raw) => {
  const attributes: Record<string, string | number | boolean> = { ...(raw.attributes ?? {}) };
  for (const [key, value] of Object.entries(raw)) {
    if (!KNOWN_FIELD_NAMES.has(key) && value !== undefined) attributes[key] = toAttributeValue(value);
  }
  const providerName = raw.provider ?? raw['gen_ai.provider.name'] ?? raw['gen_ai.system'];
  return {
    schema_version: raw.schema_version,
    event_id: raw.event_id,
    timestamp: raw.timestamp,
    tenant_id: raw.tenant_id,
    app_id: raw.app_id,
    environment: raw.environment,
    conversation_id: raw.conversation_id,
    trace_id: raw.trace_id,
    span_id: raw.span_id,
    user: raw.user,
    operation: raw.operation,
    provider: providerName === undefined ? undefined : canonicalProviderName(providerName),
    request_model: raw.request_model,
    response_model: raw.response_model,
    agent: raw.agent,
    system_instructions: raw.system_instructions,
    input_messages: raw.input_messages,
    output_messages: raw.output_messages,
    tool_definitions: raw.tool_definitions,
    retrieval: raw.retrieval,
    usage: raw.usage,
    latency_ms: raw.latency_ms,
    time_to_first_token_ms: raw.time_to_first_token_ms,
    error: raw.error,
    embeddings: raw.embeddings,
    attributes,
  };
});

export type TelemetryEvent = z.output<typeof TelemetryEventSchema>;
export type TelemetryEventInputShape = z.input<typeof TelemetryEventInput>;
export type MessagePart = z.output<typeof Part>;
export type ChatMessageShape = z.output<typeof ChatMessage>;
export type OutputMessageShape = z.output<typeof OutputMessage>;
export type RetrievedDocumentShape = z.output<typeof RetrievedDocument>;
