import { type TelemetryEventInputShape } from '@argus/contracts';
import { makeSensitive } from './attack.templates';
import {
  APP_WEIGHTS,
  type AppKind,
  TENANTS,
  TOOL_DEFINITIONS,
  type TenantProfile,
  makeSlots,
  systemPrompt,
} from './catalog';
import { Random } from './random';
import { type AttackKind, type Draft, applyAttack, buildBenignDraft, pickAttack } from './scenarios';
import { FOLLOW_UPS } from './support.templates';

/** Attribute names tests and evaluations read the ground truth from. */
export const SYNTHETIC_LABEL = 'argus.synthetic.label';
export const SYNTHETIC_EXPECT_DETECTORS = 'argus.synthetic.expect_detectors';
export const SYNTHETIC_SCENARIO = 'argus.synthetic.scenario';

export type SyntheticLabel = 'benign' | AttackKind;

export type GeneratorOptions = {
  count: number;
  /** Share of events that are attacks or leaks, 0..1. */
  attackRate: number;
  seed: string | number;
  /** Timestamp of the first event. */
  start: Date;
  /** Mean events per second of simulated time (arrivals are Poisson). */
  ratePerSecond: number;
  /** Canaries of an app (from the detection policy); the generator embeds them in system prompts. */
  canaries: (tenantId: string, appId: string) => readonly string[];
};

type ChatMessage = NonNullable<TelemetryEventInputShape['input_messages']>[number];
type OutputMessage = NonNullable<TelemetryEventInputShape['output_messages']>[number];

type Conversation = {
  id: string;
  tenant: TenantProfile;
  app: AppKind;
  user: { id: string; session_id: string; ip: string; roles: string[] };
  model: TenantProfile['models'][AppKind][number];
  history: ChatMessage[];
  turnsLeft: number;
};

const MAX_OPEN_CONVERSATIONS = 40;
const HISTORY_MESSAGES = 4;
const AGENT = { id: 'trade-agent', name: 'Trade Assistant', version: '2.3.0' };

/**
 * Realistic synthetic telemetry for the demo, load tests and detector evaluation. The same options
 * give the same events, byte for byte. Tenants, apps, users with sessions, multi-turn conversations,
 * chat, RAG and tool-calling events, and a share of labelled attacks and leaks.
 */
export function* generateTelemetry(options: GeneratorOptions): Generator<TelemetryEventInputShape> {
  const random = new Random(options.seed);
  const users = new Map(
    TENANTS.map((tenant) => [tenant.id, Array.from({ length: tenant.users }, () => `u-${random.hex(10)}`)]),
  );
  const open: Conversation[] = [];
  let clock = options.start.getTime();

  for (let index = 0; index < options.count; index++) {
    if (index > 0) clock += random.exponential(1000 / options.ratePerSecond);
    const continuing = open.length > 0 && random.chance(open.length >= MAX_OPEN_CONVERSATIONS ? 0.9 : 0.55);
    const conversation = continuing ? random.pick(open) : startConversation(random, users);
    if (!continuing) open.push(conversation);

    const { tenant, app } = conversation;
    const canaries = options.canaries(tenant.id, app);
    // The most specific canary (the app's own) is the one its system prompt carries.
    const canary = canaries.length > 0 ? canaries[canaries.length - 1] : undefined;
    const prompt = systemPrompt(tenant, app, canary);
    const slots = makeSlots(random, tenant);
    const context = {
      random,
      tenant,
      app,
      slots: { ...slots, ...makeSensitive(random, slots) },
      otherTenants: TENANTS.filter((other) => other.id !== tenant.id),
      systemPrompt: prompt,
      canaries: canary === undefined ? [] : [canary],
    };
    const draft = buildBenignDraft(context);
    if (conversation.history.length > 0 && random.chance(0.3))
      draft.user = `${random.pick(FOLLOW_UPS)(slots)} ${draft.user}`;

    let label: SyntheticLabel = 'benign';
    let expected: string[] = [];
    if (random.chance(options.attackRate)) {
      label = pickAttack(random, app, context.canaries);
      expected = applyAttack(label, draft, context);
    }
    const failed = label === 'benign' && random.chance(0.01);
    yield assemble(random, conversation, prompt, draft, new Date(clock), label, expected, failed);

    // An attack ends its conversation, so no later "benign" turn carries the attack in its history.
    conversation.turnsLeft -= 1;
    if (label !== 'benign' || conversation.turnsLeft <= 0) open.splice(open.indexOf(conversation), 1);
    else if (!failed) remember(conversation, draft);
  }
}

function startConversation(random: Random, users: Map<string, string[]>): Conversation {
  const tenant = random.weighted(TENANTS.map((profile) => [profile, profile.users] as const));
  const app = random.weighted(tenant.apps.map((kind) => [kind, APP_WEIGHTS[kind]] as const));
  return {
    id: `conv-${random.hex(16)}`,
    tenant,
    app,
    user: {
      id: random.pick(users.get(tenant.id)!),
      session_id: `sess-${random.hex(12)}`,
      ip: `${random.pick(['198.51.100', '203.0.113', '192.0.2'])}.${random.int(2, 254)}`,
      roles: [random.pick(tenant.roles[app])],
    },
    model: random.weighted(tenant.models[app].map((model) => [model, model.weight] as const)),
    history: [],
    turnsLeft: random.weighted([
      [1, 4],
      [2, 3],
      [3, 2],
      [5, 1],
    ]),
  };
}

function remember(conversation: Conversation, draft: Draft): void {
  if (draft.output.kind !== 'text') return;
  conversation.history.push(
    { role: 'user', parts: [{ type: 'text', content: draft.user }] },
    { role: 'assistant', parts: [{ type: 'text', content: draft.output.text }] },
  );
  if (conversation.history.length > HISTORY_MESSAGES)
    conversation.history.splice(0, conversation.history.length - HISTORY_MESSAGES);
}

function assemble(
  random: Random,
  conversation: Conversation,
  prompt: string,
  draft: Draft,
  timestamp: Date,
  label: SyntheticLabel,
  expected: string[],
  failed: boolean,
): TelemetryEventInputShape {
  const { tenant, app, model } = conversation;
  const input: ChatMessage[] = [
    ...conversation.history,
    { role: 'user', parts: [{ type: 'text', content: draft.user }] },
  ];
  if (draft.toolRoundTrip) {
    const { id, name, arguments: toolArguments, result } = draft.toolRoundTrip;
    input.push(
      { role: 'assistant', parts: [{ type: 'tool_call', id, name, arguments: toolArguments }] },
      { role: 'tool', name, parts: [{ type: 'tool_call_response', id, response: result }] },
    );
  }
  const output: OutputMessage[] = failed
    ? []
    : draft.output.kind === 'text'
      ? [
          {
            role: 'assistant',
            parts: [{ type: 'text', content: draft.output.text }],
            finish_reason: draft.output.finishReason,
          },
        ]
      : [
          {
            role: 'assistant',
            parts: [
              {
                type: 'tool_call',
                id: draft.output.id,
                name: draft.output.name,
                arguments: draft.output.arguments,
              },
            ],
            finish_reason: 'tool_calls',
          },
        ];

  const inputCharacters =
    prompt.length +
    input.reduce((sum, message) => sum + JSON.stringify(message.parts).length, 0) +
    (draft.retrieval ?? []).reduce((sum, document) => sum + document.content.length, 0);
  const outputCharacters = output.reduce((sum, message) => sum + JSON.stringify(message.parts).length, 0);
  const inputTokens = Math.ceil(inputCharacters / 4);
  const outputTokens = Math.ceil(outputCharacters / 4);
  const timeToFirstToken = Math.round(random.logNormal(app === 'research-rag' ? 650 : 380, 0.35));
  const latency = failed
    ? Math.round(random.logNormal(120, 0.3))
    : timeToFirstToken + Math.round(outputTokens * random.logNormal(16, 0.25));

  const attributes: Record<string, string | number | boolean> = {
    [SYNTHETIC_LABEL]: label,
    [SYNTHETIC_SCENARIO]: draft.scenario,
  };
  if (expected.length > 0) attributes[SYNTHETIC_EXPECT_DETECTORS] = expected.join(',');

  const event: TelemetryEventInputShape = {
    schema_version: '1',
    event_id: random.uuid(),
    timestamp: timestamp.toISOString(),
    tenant_id: tenant.id,
    app_id: app,
    environment: random.chance(0.05) ? 'staging' : 'prod',
    conversation_id: conversation.id,
    trace_id: random.hex(32),
    span_id: random.hex(16),
    user: conversation.user,
    operation: app === 'trade-agent' ? 'invoke_agent' : 'chat',
    provider: model.provider,
    request_model: model.request,
    response_model: model.response,
  };
  if (app === 'trade-agent') event.agent = AGENT;
  event.system_instructions = [{ type: 'text', content: prompt }];
  event.input_messages = input;
  if (output.length > 0) event.output_messages = output;
  if (TOOL_DEFINITIONS[app].length > 0) event.tool_definitions = [...TOOL_DEFINITIONS[app]];
  if (draft.retrieval) event.retrieval = draft.retrieval;
  event.usage = {
    input_tokens: inputTokens,
    output_tokens: failed ? 0 : outputTokens,
    ...(model.provider === 'openai' && inputTokens > 1024 ? { cache_read_input_tokens: 1024 } : {}),
    ...(model.provider === 'gcp.gemini' && !failed ? { reasoning_output_tokens: random.int(40, 400) } : {}),
  };
  event.latency_ms = latency;
  if (!failed) event.time_to_first_token_ms = timeToFirstToken;
  if (failed)
    event.error = { type: 'rate_limit_exceeded', message: 'Rate limit reached for requests per minute' };
  event.attributes = attributes;
  return event;
}
