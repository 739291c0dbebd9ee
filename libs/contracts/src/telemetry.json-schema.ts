import { z } from 'zod';
import {
  BlobPart,
  ChatMessage,
  KNOWN_PART_TYPES,
  OtherPart,
  OutputMessage,
  Part,
  ReasoningPart,
  RetrievedDocument,
  TelemetryEventInput,
  TextPart,
  ToolCallPart,
  ToolCallResponsePart,
  UriPart,
} from './telemetry.schema';

/**
 * JSON Schema (draft 2020-12) of telemetry v1 for producers, generated from the zod input schema so the
 * two cannot drift: `bin/argus schema --out docs/schema/telemetry-v1.schema.json` writes it and a unit
 * test fails when the committed file differs from a fresh generation.
 */
export const TELEMETRY_JSON_SCHEMA_ID = 'urn:argus:schema:telemetry:v1';
export const TELEMETRY_JSON_SCHEMA_FILE = 'docs/schema/telemetry-v1.schema.json';

type SchemaMetadata = { id?: string; title?: string; description?: string };
type TopLevelField = keyof typeof TelemetryEventInput.shape;

const FIELD_DESCRIPTIONS: Record<TopLevelField, string> = {
  schema_version: 'Always "1" for this schema.',
  event_id: 'Idempotency key of the interaction (UUID or ULID); a replay with the same id is stored once.',
  timestamp: 'Time of the interaction, RFC 3339 with a time zone (Z or ±hh:mm).',
  tenant_id: 'Tenant (customer, business unit) that owns the application.',
  app_id: 'Application (LLM app, agent, RAG service) within the tenant.',
  environment: 'Deployment environment, e.g. prod, staging.',
  conversation_id: 'gen_ai.conversation.id: groups the turns of one conversation.',
  trace_id: 'W3C trace id (32 hex digits) of the request, to join with the platform traces.',
  span_id: 'W3C span id (16 hex digits) of the LLM call.',
  user: 'End user; `id` is pseudonymous, never an e-mail or a name.',
  operation:
    'gen_ai.operation.name: chat, text_completion, generate_content, embeddings, retrieval, execute_tool, invoke_agent, …',
  provider: 'gen_ai.provider.name, e.g. openai, anthropic, gcp.gemini, azure.ai.openai, aws.bedrock.',
  'gen_ai.provider.name': 'Accepted alias of `provider` (OpenTelemetry attribute name).',
  'gen_ai.system':
    'Legacy alias of `provider`; legacy values (az.ai.openai, vertex_ai, …) are mapped to current names.',
  request_model: 'gen_ai.request.model: the model the application asked for.',
  response_model: 'gen_ai.response.model: the model that answered.',
  agent: 'gen_ai.agent.*: the agent that made the call, when there is one.',
  system_instructions: 'gen_ai.system_instructions: the system prompt, as parts.',
  input_messages: 'gen_ai.input.messages: the chat history sent to the model.',
  output_messages: 'gen_ai.output.messages: the model answer(s).',
  tool_definitions: 'gen_ai.tool.definitions: the tools offered to the model.',
  retrieval: 'Documents retrieved (RAG) and given to the model as context.',
  usage: 'gen_ai.usage.*: token counts.',
  latency_ms: 'Total duration of the call in milliseconds.',
  time_to_first_token_ms: 'Time to the first streamed token in milliseconds.',
  error: 'The error the call ended with, if any.',
  embeddings: 'Embeddings the platform already computed, used for drift instead of computing them again.',
  attributes: 'Any other attribute (string, number or boolean). Unknown top-level fields are folded in here.',
};

const NAMED_DEFINITIONS: ReadonlyArray<[z.ZodType, SchemaMetadata]> = [
  [Part, { id: 'Part', description: 'A message part, by `type`. Unknown part types are accepted and kept.' }],
  [TextPart, { id: 'TextPart', description: 'Plain text.' }],
  [ReasoningPart, { id: 'ReasoningPart', description: 'Model reasoning text.' }],
  [ToolCallPart, { id: 'ToolCallPart', description: 'A tool call requested by the model.' }],
  [
    ToolCallResponsePart,
    {
      id: 'ToolCallResponsePart',
      description: 'The result of a tool call; `result` is accepted as an alias of `response`.',
    },
  ],
  [UriPart, { id: 'UriPart', description: 'Content referenced by URI (image, audio, file).' }],
  [BlobPart, { id: 'BlobPart', description: 'Inline binary content, base64.' }],
  [OtherPart, { id: 'OtherPart', description: 'Any other part type, kept as it is.' }],
  [
    ChatMessage,
    {
      id: 'ChatMessage',
      description: 'An input message: role (system, user, assistant, tool, …) and parts.',
    },
  ],
  [
    OutputMessage,
    { id: 'OutputMessage', description: 'An output message, with the reason generation stopped.' },
  ],
  [RetrievedDocument, { id: 'RetrievedDocument', description: 'A retrieved document given to the model.' }],
];

function metadataRegistry(): z.core.$ZodRegistry<SchemaMetadata> {
  const registry = z.registry<SchemaMetadata>();
  for (const [schema, metadata] of NAMED_DEFINITIONS) registry.add(schema, metadata);
  for (const [field, description] of Object.entries(FIELD_DESCRIPTIONS)) {
    registry.add(TelemetryEventInput.shape[field as TopLevelField], { description });
  }
  return registry;
}

export function buildTelemetryJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(TelemetryEventInput, {
    io: 'input',
    target: 'draft-2020-12',
    metadata: metadataRegistry(),
    override: (context) => {
      // zod checks "not a known type" in a refinement, which JSON Schema cannot see: without this, a
      // malformed text part would pass as an "other" part in JSON Schema validators.
      if (context.zodSchema === OtherPart.shape.type)
        context.jsonSchema.not = { enum: [...KNOWN_PART_TYPES] };
    },
  });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: TELEMETRY_JSON_SCHEMA_ID,
    title: 'Argus telemetry event, schema v1',
    description:
      'One LLM interaction, sent as JSON to Kafka topic llm.telemetry.v1. Field names follow the OpenTelemetry ' +
      'GenAI semantic conventions (gen_ai.*), flattened. Unknown top-level fields are accepted and kept in ' +
      '`attributes`. Limits: event ≤ 1 MiB, text part ≤ 256 KiB (configurable per deployment).',
    ...rest,
  };
}

/** The exact text of the committed file: stable key order, two-space indent, final newline. */
export function renderTelemetryJsonSchema(): string {
  return `${JSON.stringify(buildTelemetryJsonSchema(), null, 2)}\n`;
}
