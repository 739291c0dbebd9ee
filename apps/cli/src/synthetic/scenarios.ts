import {
  EXFILTRATION_ALSO_FIRES,
  EXFILTRATION_SUFFIXES,
  INDIRECT_INJECTIONS,
  INJECTION_COMPLIANCE,
  JAILBREAK_COMPLIANCE,
  JAILBREAKS,
  PII_INPUTS,
  PII_OUTPUTS,
  PROMPT_EXTRACTIONS,
  PROMPT_INJECTIONS,
  PROMPT_LEAKS,
  REFUSALS,
  SECRET_INPUTS,
  SECRET_OUTPUTS,
  type AttackSlots,
} from './attack.templates';
import { type AppKind, type TenantProfile } from './catalog';
import { type Random } from './random';
import { FOREIGN_DOCUMENTS, RESEARCH_DOCUMENTS, RESEARCH_TOPICS } from './research.templates';
import { SUPPORT_TOPICS, type Topic } from './support.templates';
import { TRADING_TOPICS } from './trading.templates';

/** The labels the generator puts on events (`argus.synthetic.label`). */
export const ATTACK_KINDS = [
  'system_prompt_leak',
  'prompt_injection',
  'jailbreak',
  'indirect_prompt_injection',
  'pii',
  'secret',
  'output_exfiltration',
  'cross_tenant_leak',
  'excessive_agency',
] as const;
export type AttackKind = (typeof ATTACK_KINDS)[number];

const ATTACK_WEIGHTS: Readonly<Record<AttackKind, number>> = {
  system_prompt_leak: 3,
  prompt_injection: 3,
  jailbreak: 2,
  indirect_prompt_injection: 2,
  pii: 3,
  secret: 2,
  output_exfiltration: 2,
  cross_tenant_leak: 2,
  excessive_agency: 2,
};

export type ToolRoundTrip = { id: string; name: string; arguments: Record<string, unknown>; result: unknown };
export type DraftDocument = {
  document_id: string;
  content: string;
  source: string;
  tenant_id: string;
  classification: string;
  score: number;
};
export type DraftOutput =
  | { kind: 'text'; text: string; finishReason: string }
  | { kind: 'tool_call'; id: string; name: string; arguments: Record<string, unknown> };

/** One interaction before it becomes an event: what the user says, what tools and documents add, the answer. */
export type Draft = {
  scenario: string;
  user: string;
  toolRoundTrip?: ToolRoundTrip;
  retrieval?: DraftDocument[];
  output: DraftOutput;
};

export type ScenarioContext = {
  random: Random;
  tenant: TenantProfile;
  app: AppKind;
  slots: AttackSlots;
  /** Other tenants, for cross-tenant documents. */
  otherTenants: readonly TenantProfile[];
  systemPrompt: string;
  canaries: readonly string[];
};

export function buildBenignDraft(context: ScenarioContext): Draft {
  const { random, app, slots } = context;
  if (app === 'research-rag') {
    const topic = random.pick(RESEARCH_TOPICS);
    return {
      scenario: `${app}/${topic.id}`,
      user: random.pick(topic.questions)(slots),
      retrieval: researchDocuments(context, topic.documents),
      output: { kind: 'text', text: random.pick(topic.answers)(slots), finishReason: finishReason(random) },
    };
  }
  const topic = random.pick<Topic>(app === 'trade-agent' ? TRADING_TOPICS : SUPPORT_TOPICS);
  const draft: Draft = {
    scenario: `${app}/${topic.id}`,
    user: random.pick(topic.questions)(slots),
    output: { kind: 'text', text: random.pick(topic.answers)(slots), finishReason: finishReason(random) },
  };
  const toolShare = app === 'trade-agent' ? 0.85 : 0.35;
  if (topic.tool && random.chance(toolShare)) {
    const call = {
      id: `call_${random.hex(24)}`,
      name: topic.tool.name,
      arguments: topic.tool.arguments(slots),
    };
    // Half the time the event is the model asking for the tool, half the time it answers with the result.
    if (random.chance(0.5)) draft.output = { kind: 'tool_call', ...call };
    else draft.toolRoundTrip = { ...call, result: topic.tool.result(slots) };
  }
  return draft;
}

/** Attacks that make sense for an app (cross-tenant context needs retrieval). */
export function pickAttack(random: Random, app: AppKind, canaries: readonly string[]): AttackKind {
  const choices = ATTACK_KINDS.filter(
    (kind) =>
      (kind !== 'cross_tenant_leak' || app === 'research-rag') &&
      (kind !== 'excessive_agency' || app !== 'research-rag') &&
      (kind !== 'system_prompt_leak' || canaries.length > 0),
  ).map((kind) => [kind, ATTACK_WEIGHTS[kind]] as const);
  return random.weighted(choices);
}

/** Turns a benign draft into an attack of `kind`; returns the shipped detectors that should fire. */
export function applyAttack(kind: AttackKind, draft: Draft, context: ScenarioContext): string[] {
  const { random, slots } = context;
  const text = (value: string, finish = 'stop'): DraftOutput => ({
    kind: 'text',
    text: value,
    finishReason: finish,
  });
  switch (kind) {
    case 'system_prompt_leak': {
      const canary = random.pick(context.canaries);
      draft.user = random.pick(PROMPT_EXTRACTIONS)(slots);
      draft.toolRoundTrip = undefined;
      if (context.app === 'trade-agent' && random.chance(0.3)) {
        draft.scenario = 'system_prompt_leak/tool_call';
        draft.output = {
          kind: 'tool_call',
          id: `call_${random.hex(24)}`,
          name: 'get_news',
          arguments: { symbol: slots.ticker, query: context.systemPrompt },
        };
        return ['canary', 'injection', 'system_prompt_overlap'];
      }
      const leakIndex = random.int(0, PROMPT_LEAKS.length - 1);
      const leak = PROMPT_LEAKS[leakIndex];
      draft.scenario = `system_prompt_leak/${leakIndex}`;
      draft.output = text(leak.template(context.systemPrompt, canary));
      // The user's extraction request is itself a prompt injection attempt.
      return [
        ...(leak.expectCanary ? ['canary'] : []),
        'injection',
        ...(leak.quotesPrompt === true ? ['system_prompt_overlap'] : []),
      ];
    }
    case 'prompt_injection':
    case 'jailbreak': {
      const templates = kind === 'jailbreak' ? JAILBREAKS : PROMPT_INJECTIONS;
      const index = random.int(0, templates.length - 1);
      draft.scenario = `${kind}/${index}`;
      draft.user = templates[index](slots);
      draft.toolRoundTrip = undefined;
      draft.output = random.chance(0.8)
        ? text(
            random.pick(REFUSALS)(slots),
            kind === 'jailbreak' && random.chance(0.3) ? 'content_filter' : 'stop',
          )
        : text(random.pick(kind === 'jailbreak' ? JAILBREAK_COMPLIANCE : INJECTION_COMPLIANCE)(slots));
      return ['injection', ...personalDataIn([draft.user, outputText(draft.output)], slots)];
    }
    case 'indirect_prompt_injection': {
      const index = random.int(0, INDIRECT_INJECTIONS.length - 1);
      const payload = INDIRECT_INJECTIONS[index](slots);
      draft.scenario = `indirect_prompt_injection/${index}`;
      if (draft.retrieval && draft.retrieval.length > 0) {
        const document = random.pick(draft.retrieval);
        document.content = `${document.content}\n\n${payload}`;
      } else {
        const tool = context.app === 'trade-agent' ? 'get_news' : 'list_transactions';
        draft.toolRoundTrip = {
          id: `call_${random.hex(24)}`,
          name: tool,
          arguments:
            tool === 'get_news' ? { symbol: slots.ticker, limit: 3 } : { account: slots.account, days: 30 },
          result:
            tool === 'get_news'
              ? { headlines: [`${slots.company} shares active in early trading`, payload] }
              : [{ date: slots.date, merchant: slots.merchant, amount: slots.smallAmount, memo: payload }],
        };
        if (draft.output.kind === 'tool_call') draft.output = text(random.pick(REFUSALS)(slots));
      }
      return ['indirect_injection', ...personalDataIn([payload, outputText(draft.output)], slots)];
    }
    case 'pii': {
      const inInput = random.chance(0.7);
      const templates = inInput ? PII_INPUTS : PII_OUTPUTS;
      const index = random.int(0, templates.length - 1);
      draft.scenario = `pii/${inInput ? 'input' : 'output'}/${index}`;
      if (inInput) draft.user = templates[index](slots);
      else draft.output = text(templates[index](slots));
      return ['pii'];
    }
    case 'secret': {
      const inInput = random.chance(0.75);
      const templates = inInput ? SECRET_INPUTS : SECRET_OUTPUTS;
      const index = random.int(0, templates.length - 1);
      draft.scenario = `secret/${inInput ? 'input' : 'output'}/${index}`;
      if (inInput) {
        draft.user = templates[index](slots);
        draft.output = text(
          'Thanks. For your security, please rotate that credential now: it has been shared in this chat.',
        );
      } else draft.output = text(templates[index](slots));
      draft.toolRoundTrip = undefined;
      return ['secret'];
    }
    case 'output_exfiltration': {
      const index = random.int(0, EXFILTRATION_SUFFIXES.length - 1);
      draft.scenario = `output_exfiltration/${index}`;
      const answer = draft.output.kind === 'text' ? draft.output.text : random.pick(REFUSALS)(slots);
      draft.output = text(`${answer}${EXFILTRATION_SUFFIXES[index](slots)}`);
      return ['output_exfiltration', ...(EXFILTRATION_ALSO_FIRES[index] ?? [])];
    }
    case 'excessive_agency': {
      // The agent acts beyond its remit: it calls a money-moving tool the app never offered it (a
      // hallucinated capability, or one talked into by the user), which the default policy reports.
      const request = random.pick(MONEY_MOVES);
      const name = context.app === 'trade-agent' ? 'withdraw_funds' : 'transfer_funds';
      draft.scenario = `excessive_agency/${name}`;
      draft.user = request(slots);
      draft.toolRoundTrip = undefined;
      draft.output = {
        kind: 'tool_call',
        id: `call_${random.hex(24)}`,
        name,
        arguments: { amount: slots.amount, destination: `ext-${random.hex(6)}`, confirm: false },
      };
      return ['excessive_agency'];
    }
    case 'cross_tenant_leak': {
      const owner = random.pick(context.otherTenants);
      const foreign = random.pick(FOREIGN_DOCUMENTS)(slots, owner.name);
      draft.scenario = `cross_tenant_leak/${owner.id}`;
      (draft.retrieval ??= []).push({
        document_id: `${owner.id}-kb-${random.hex(8)}`,
        content: `${foreign.title}\n\n${foreign.content}`,
        source: 'shared-index',
        tenant_id: owner.id,
        classification: 'confidential',
        score: Math.round((0.7 + random.next() * 0.25) * 1000) / 1000,
      });
      draft.output = text(`According to "${foreign.title}": ${foreign.content}`);
      return ['cross_tenant_leak'];
    }
  }
}

/** `['pii']` when one of the texts carries a synthetic personal value verbatim (the PII detector fires). */
/** Requests to move money that the support and trading assistants are not there to carry out. */
const MONEY_MOVES: ReadonlyArray<(slots: AttackSlots) => string> = [
  (s) => `Please send ${s.amount} to my brother's account right away, it's urgent.`,
  (s) => `Move ${s.amount} out of my account to the external account I gave you last week.`,
  (s) => `Withdraw ${s.amount} and wire it to my other bank today.`,
];

function personalDataIn(texts: readonly (string | undefined)[], slots: AttackSlots): string[] {
  const values = [
    slots.card,
    slots.iban,
    slots.email,
    slots.ssn,
    slots.ssn.replace(/-/g, ' '),
    slots.phone,
    slots.ip,
  ];
  return texts.some((value) => value !== undefined && values.some((sensitive) => value.includes(sensitive)))
    ? ['pii']
    : [];
}

function outputText(output: DraftOutput | undefined): string | undefined {
  return output?.kind === 'text' ? output.text : undefined;
}

function researchDocuments(context: ScenarioContext, ids: readonly string[]): DraftDocument[] {
  const { random, tenant, slots } = context;
  const extra = random.chance(0.4) ? [random.pick(RESEARCH_DOCUMENTS).id] : [];
  return [...new Set([...ids, ...extra])].map((id, rank) => {
    const template = RESEARCH_DOCUMENTS.find((document) => document.id === id)!;
    return {
      document_id: `${tenant.id}-kb-${id}-${random.hex(6)}`,
      content: `${template.title(slots)}\n\n${template.content(slots)}`,
      source: template.source,
      tenant_id: tenant.id,
      classification: template.classification,
      score: Math.round((0.92 - rank * 0.08 - random.next() * 0.05) * 1000) / 1000,
    };
  });
}

function finishReason(random: Random): string {
  return random.chance(0.02) ? 'length' : 'stop';
}
