import { createHmac } from 'node:crypto';
import { type Finding, type TelemetryEvent } from '@argus/contracts';
import { DetectionPolicySchema, type StoragePolicyOverrides } from '@argus/detectors';
import { makeFinding, makeTelemetryEvent } from '@argus/testing';
import { RedactionKeyMissingError, StorageRedactor } from './storage.redactor';

const CARD = '4111 1111 1111 1111';
const KEY = 'AKIAZ7Q3R5T2WXV4Y6NB';
const HMAC_KEY = 'unit-test-redaction-key-0123456789';

/** A redactor whose policy stores the default-level fields as `storage` says. */
function storing(storage: StoragePolicyOverrides, hmacKey?: string): StorageRedactor {
  const policy = DetectionPolicySchema.parse({ version: 1, defaults: { storage } });
  return new StorageRedactor({ policy, ...(hmacKey !== undefined ? { hmacKey } : {}) });
}

function pii(entity: string, location: Finding['location'], overrides: Partial<Finding> = {}): Finding {
  return makeFinding({
    detector: 'pii',
    rule_id: `pii.${entity.toLowerCase()}`,
    category: 'pii',
    entity,
    location,
    evidence: `[${entity}]`,
    message: `${entity} found`,
    ...overrides,
  });
}

function secret(rule: string, location: Finding['location']): Finding {
  return makeFinding({
    detector: 'secret',
    rule_id: rule,
    category: 'secret',
    entity: rule,
    location,
    evidence: `[SECRET:${rule}]`,
    message: 'credential found',
  });
}

function at(
  text: string,
  value: string,
  field: Finding['location']['field'],
  extra: Partial<Finding['location']> = {},
) {
  const start = text.indexOf(value);
  if (start === -1) throw new Error(`"${value}" not in "${text}"`);
  return { field, message: 0, part: 0, ...extra, start, end: start + value.length };
}

function digest(value: string): string {
  return createHmac('sha256', HMAC_KEY).update(value).digest('hex').slice(0, 12);
}

const outputText = (event: TelemetryEvent, message = 0, part = 0) =>
  (event.output_messages![message].parts[part] as { content: string }).content;
const inputText = (event: TelemetryEvent, message = 0, part = 0) =>
  (event.input_messages![message].parts[part] as { content: string }).content;

describe('StorageRedactor', () => {
  const input = `my card is ${CARD}, key ${KEY} thanks`;
  const event = makeTelemetryEvent({ input, output: 'Noted.' });
  const findings = [
    pii('CREDIT_CARD', at(input, CARD, 'input')),
    secret('aws-access-key-id', at(input, KEY, 'input')),
  ];

  it('masks PII and secrets with entity placeholders by default, leaving the original event untouched', () => {
    const result = storing({}).redact(event, findings);
    expect(inputText(result.event)).toBe('my card is [CREDIT_CARD], key [SECRET:aws-access-key-id] thanks');
    expect(inputText(event)).toBe(input);
    expect(JSON.stringify(result.event)).not.toContain('4111');
    expect(outputText(result.event)).toBe('Noted.');
  });

  it('keeps a field as received under keep', () => {
    const result = storing({ input: 'keep' }).redact(event, findings);
    expect(inputText(result.event)).toBe(input);
  });

  it('replaces spans with keyed digests under hmac; equal values (any formatting) share one', () => {
    const text = `${CARD} and again 4111-1111-1111-1111`;
    const second = text.lastIndexOf('4111');
    const withTwo = makeTelemetryEvent({ input: text });
    const result = storing({ input: 'hmac' }, HMAC_KEY).redact(withTwo, [
      pii('CREDIT_CARD', at(text, CARD, 'input')),
      pii('CREDIT_CARD', { field: 'input', message: 0, part: 0, start: second, end: text.length }),
    ]);
    const expected = `[CREDIT_CARD:hmac:${digest('4111111111111111')}]`;
    expect(inputText(result.event)).toBe(`${expected} and again ${expected}`);

    const secrets = storing({ input: 'hmac' }, HMAC_KEY).redact(event, findings);
    expect(inputText(secrets.event)).toContain(`[SECRET:aws-access-key-id:hmac:${digest(KEY)}]`);
  });

  it('refuses an hmac policy without a key', () => {
    expect(() => storing({ output: 'hmac' })).toThrow(RedactionKeyMissingError);
    expect(() => storing({ output: 'hmac' })).toThrow(/ARGUS_REDACTION_HMAC_KEY/);
  });

  it('drops every text of a field under drop, with or without findings', () => {
    const toolEvent = makeTelemetryEvent({
      input: 'hello',
      output: 'hi',
      toolResults: [{ balance: 12 }],
      retrieval: ['a document'],
    });
    const result = storing({ input: 'drop', tool_result: 'drop', retrieval: 'drop' }).redact(toolEvent, []);
    expect(inputText(result.event)).toBe('');
    expect(result.event.input_messages![1].parts[0]).toMatchObject({
      type: 'tool_call_response',
      response: '',
    });
    expect(result.event.retrieval![0].content).toBe('');
    expect(outputText(result.event)).toBe('hi');
  });

  it('merges overlapping spans into one placeholder, labelled by the longest', () => {
    const text = 'token ghp_aaaaBBBBccccDDDDeeeeFFFFggggHHHH1234 end';
    const start = text.indexOf('ghp_');
    const overlapping = [
      secret('github_pat', { field: 'output', message: 0, part: 0, start, end: start + 40 }),
      secret('generic_api_key', { field: 'output', message: 0, part: 0, start: start + 4, end: start + 40 }),
      pii('PHONE_NUMBER', { field: 'output', message: 0, part: 0, start: start + 30, end: start + 36 }),
    ];
    const result = storing({}).redact(makeTelemetryEvent({ output: text }), overlapping);
    expect(outputText(result.event)).toBe('token [SECRET:github_pat] end');
  });

  it('keeps adjacent spans apart and redacts each part and message on its own offsets', () => {
    const event2 = makeTelemetryEvent({ input: ['first a@example.com', 'second +44 20 7946 0958'] });
    const first = inputText(event2, 0);
    const second = inputText(event2, 1);
    const result = storing({}).redact(event2, [
      pii('EMAIL_ADDRESS', at(first, 'a@example.com', 'input')),
      pii('PHONE_NUMBER', at(second, '+44 20 7946 0958', 'input', { message: 1 })),
      pii('US_SSN', { field: 'input', message: 0, part: 0, start: 0, end: 5 }),
      pii('IP_ADDRESS', { field: 'input', message: 0, part: 0, start: 5, end: 6 }),
    ]);
    expect(inputText(result.event, 0)).toBe('[US_SSN][IP_ADDRESS][EMAIL_ADDRESS]');
    expect(inputText(result.event, 1)).toBe('second [PHONE_NUMBER]');
  });

  it('redacts retrieved documents by document id', () => {
    const documents = makeTelemetryEvent({
      retrieval: [
        { document_id: 'kb-1', content: `customer card ${CARD}` },
        { document_id: 'kb-2', content: 'nothing here' },
      ],
    });
    const result = storing({}).redact(documents, [
      pii('CREDIT_CARD', { field: 'retrieval', document: 'kb-1', start: 14, end: 14 + CARD.length }),
    ]);
    expect(result.event.retrieval!.map((document) => document.content)).toEqual([
      'customer card [CREDIT_CARD]',
      'nothing here',
    ]);
  });

  it('redacts structured tool arguments and responses leaf by leaf, keeping their shape', () => {
    const toolArguments = {
      account: { card: CARD, note: 'say "hi"\n' },
      keys: [KEY],
      amount: 4111111111111111,
    };
    const toolEvent = makeTelemetryEvent({
      output_messages: [
        {
          role: 'assistant',
          parts: [{ type: 'tool_call', id: 'c1', name: 'pay', arguments: toolArguments }],
        },
      ],
      toolResults: [{ ok: true, echo: `note "x"\n${KEY}` }],
    });
    // Offsets as detectors see them: `name JSON.stringify(arguments)` and JSON.stringify(response).
    const callText = `pay ${JSON.stringify(toolArguments)}`;
    const responseText = JSON.stringify({ ok: true, echo: `note "x"\n${KEY}` });
    const amountStart = callText.indexOf('4111111111111111');
    const result = storing({}).redact(toolEvent, [
      pii('CREDIT_CARD', at(callText, CARD, 'tool_call')),
      secret('aws-access-key-id', at(callText, KEY, 'tool_call')),
      pii('CREDIT_CARD', {
        field: 'tool_call',
        message: 0,
        part: 0,
        start: amountStart,
        end: amountStart + 16,
      }),
      secret('aws-access-key-id', at(responseText, KEY, 'tool_result')),
    ]);
    const call = result.event.output_messages![0].parts[0] as { name: string; arguments: unknown };
    expect(call.name).toBe('pay');
    expect(call.arguments).toEqual({
      account: { card: '[CREDIT_CARD]', note: 'say "hi"\n' },
      keys: ['[SECRET:aws-access-key-id]'],
      amount: '[CREDIT_CARD]',
    });
    expect(result.event.input_messages![0].parts[0]).toMatchObject({
      response: { ok: true, echo: 'note "x"\n[SECRET:aws-access-key-id]' },
    });
    expect(toolArguments.account.card).toBe(CARD);
  });

  it('redacts string tool arguments after the tool name', () => {
    const args = `{"to":"${KEY}"}`;
    const toolEvent = makeTelemetryEvent({
      output_messages: [{ role: 'assistant', parts: [{ type: 'tool_call', name: 'send', arguments: args }] }],
    });
    const result = storing({}).redact(toolEvent, [
      secret('aws-access-key-id', at(`send ${args}`, KEY, 'tool_call')),
    ]);
    expect(result.event.output_messages![0].parts[0]).toMatchObject({
      name: 'send',
      arguments: '{"to":"[SECRET:aws-access-key-id]"}',
    });
  });

  it('masks canary tokens as secrets, every occurrence and wherever else the value appears', () => {
    const canary = 'ARGUS-CANARY-C1ES4NK7W11FEQCT777Z';
    const output = `${canary} twice ${canary}`;
    const event3 = makeTelemetryEvent({
      system: `secret marker ${canary}`,
      input: `is ${canary} yours?`,
      output,
    });
    const canaryFinding = makeFinding({ location: at(output, canary, 'output') });
    const result = storing({}).redact(event3, [canaryFinding]);
    expect(outputText(result.event)).toBe('[SECRET:canary] twice [SECRET:canary]');
    expect(JSON.stringify(result.event)).not.toContain(canary);
  });

  it('never leaves a detected value in evidence, messages or attributes of any finding', () => {
    const leaky = makeFinding({
      detector: 'injection',
      category: 'prompt_injection',
      location: { field: 'input', message: 0, part: 0, start: 0, end: 5 },
      evidence: `…card is ${CARD}, key…`,
      message: `injection near ${KEY}`,
      attributes: { snippet: CARD, occurrences: 1 },
    });
    const result = storing({ input: 'keep' }).redact(event, [...findings, leaky]);
    expect(result.guardedFindings).toBe(1);
    const guarded = result.findings[2];
    expect(guarded.evidence).toBe('…card is [CREDIT_CARD], key…');
    expect(guarded.message).toBe('injection near [SECRET:aws-access-key-id]');
    expect(guarded.attributes).toEqual({ snippet: '[CREDIT_CARD]', occurrences: 1 });
    expect(result.findings[0]).toBe(findings[0]);
  });

  it('returns the event itself when there is nothing to redact', () => {
    const clean = makeTelemetryEvent({ input: 'hello' });
    const result = storing({}).redact(clean, []);
    expect(result.event).toBe(clean);
  });

  it('applies per-app storage overrides over the defaults', () => {
    const policy = DetectionPolicySchema.parse({
      version: 1,
      defaults: { storage: { input: 'keep' } },
      apps: [
        { tenant_id: 'acme-bank', app_id: '*', storage: { output: 'drop' } },
        { tenant_id: 'acme-bank', app_id: 'support-chat', storage: { input: 'mask' } },
      ],
    });
    const redactor = new StorageRedactor({ policy });
    expect(redactor.storagePolicy('acme-bank', 'support-chat')).toMatchObject({
      input: 'mask',
      output: 'drop',
      system: 'mask',
    });
    expect(redactor.storagePolicy('acme-bank', 'other')).toMatchObject({ input: 'keep', output: 'drop' });
    expect(redactor.storagePolicy('globex', 'x')).toMatchObject({ input: 'keep', output: 'mask' });
  });
});
