import { type TelemetryEvent } from '@argus/contracts';
import { makeTelemetryEvent } from '@argus/testing';
import { DetectionPipeline } from '../detection.pipeline';
import { defaultDetectorRegistry } from '../default-registry';
import { DetectionPolicyError } from '../detectors.error';
import { parseDetectionPolicy } from '../policy/detection-policy.loader';
import { leakageContext } from '../leakage/leakage.test-context';
import { createExcessiveAgencyDetector } from './excessive-agency.detector';

type Output = NonNullable<TelemetryEvent['output_messages']>;
type Call = { name: string; arguments?: unknown; id?: string };

/** An agent step: the model's response is the given tool calls; `offered` are the tool definitions. */
function agentEvent(
  calls: Call[],
  extra: Partial<TelemetryEvent> & { offered?: string[] } = {},
): TelemetryEvent {
  const { offered, ...rest } = extra;
  const output: Output = [
    { role: 'assistant', parts: calls.map((call) => ({ type: 'tool_call' as const, ...call })) },
  ];
  return {
    ...makeTelemetryEvent({ input: 'Show me my balance and move 50 EUR to savings.' }),
    output_messages: output,
    ...(offered !== undefined
      ? { tool_definitions: offered.map((name) => ({ type: 'function', name })) }
      : {}),
    ...rest,
  };
}

const detector = createExcessiveAgencyDetector();
const run = (event: TelemetryEvent, options: Record<string, unknown> = {}) =>
  detector.detectEvent!(event, leakageContext(options, event));
const rules = (event: TelemetryEvent, options: Record<string, unknown> = {}) =>
  run(event, options).map((hit) => hit.rule_id);

describe('excessive_agency detector', () => {
  it('is silent on calls to offered tools within policy, and on events without tool calls', () => {
    const options = { allowed_tools: ['get_*', 'list_transactions'] };
    expect(rules(agentEvent([{ name: 'get_balance' }], { offered: ['get_balance'] }), options)).toEqual([]);
    expect(rules(makeTelemetryEvent({ input: 'hello' }), options)).toEqual([]);
  });

  it('reports a tool outside the allowlist, and a denied tool whatever the allowlist says', () => {
    const event = agentEvent([{ name: 'transfer_funds' }, { name: 'get_balance' }, { name: 'run_shell' }]);
    const hits = run(event, { allowed_tools: ['get_*', 'run_*'], denied_tools: ['*shell*'] });
    expect(hits.map((hit) => [hit.rule_id, hit.severity, hit.location])).toEqual([
      ['excessive_agency.tool_not_allowed', 'high', { field: 'tool_call', message: 0, part: 0 }],
      ['excessive_agency.denied_tool', 'high', { field: 'tool_call', message: 0, part: 2 }],
    ]);
    expect(hits[0]).toMatchObject({ category: 'excessive_agency', attributes: { tool: 'transfer_funds' } });
    expect(hits[0].message).toContain('"transfer_funds"');
    // An empty allowlist allows nothing.
    expect(rules(agentEvent([{ name: 'get_balance' }]), { allowed_tools: [] })).toEqual([
      'excessive_agency.tool_not_allowed',
    ]);
  });

  it('reports a tool the request never offered, in either tool-definition shape', () => {
    const event = agentEvent([{ name: 'wire_money' }], { offered: ['get_balance', 'freeze_card'] });
    const [hit, ...rest] = run(event);
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({ rule_id: 'excessive_agency.undeclared_tool', severity: 'medium' });
    expect(hit.message).toContain('offered: get_balance, freeze_card');
    const openAiShape = {
      ...agentEvent([{ name: 'get_balance' }]),
      tool_definitions: [{ type: 'function', function: { name: 'get_balance' } }],
    };
    expect(rules(openAiShape)).toEqual([]);
    // Without definitions there is nothing to compare with; the check can also be switched off.
    expect(rules(agentEvent([{ name: 'wire_money' }]))).toEqual([]);
    expect(rules(event, { report_undeclared_tools: false })).toEqual([]);
  });

  it('checks argument limits on object and JSON-string arguments, one finding per call', () => {
    const options = {
      argument_limits: [
        { tool: 'transfer_*', argument: 'amount', max: 1000 },
        { tool: 'transfer_*', argument: 'destination.account', pattern: 'ACC-[0-9]{8}' },
        { tool: 'place_order', argument: 'side', allowed: ['buy', 'sell'] },
      ],
    };
    const within = agentEvent([
      { name: 'transfer_funds', arguments: { amount: 50, destination: { account: 'ACC-12345678' } } },
      { name: 'place_order', arguments: '{"side":"buy","qty":10}' },
    ]);
    expect(rules(within, options)).toEqual([]);
    const over = agentEvent([
      {
        name: 'transfer_funds',
        arguments: '{"amount":"25000.00","destination":{"account":"DE89370400440532013000"}}',
      },
      { name: 'place_order', arguments: { side: 'short' } },
    ]);
    const hits = run(over, options);
    expect(hits.map((hit) => [hit.rule_id, hit.location.part])).toEqual([
      ['excessive_agency.argument_limit', 0],
      ['excessive_agency.argument_limit', 1],
    ]);
    expect(hits[0].evidence).toBe(
      'transfer_funds: amount = 25000, above the limit 1000; destination.account does not match the allowed pattern',
    );
    // A string value is never quoted: it may be an IBAN, a name, an address.
    expect(JSON.stringify(hits)).not.toContain('DE89370400440532013000');
    expect(hits[1].evidence).toBe('place_order: side is not one of the allowed values');
    // Unparseable arguments or a missing argument break no limit (there is nothing to compare).
    expect(rules(agentEvent([{ name: 'transfer_funds', arguments: '{not json' }]), options)).toEqual([]);
    expect(rules(agentEvent([{ name: 'transfer_funds', arguments: { memo: 'x' } }]), options)).toEqual([]);
  });

  it('reports a sensitive tool called with untrusted content in context, and runaway loops', () => {
    const options = { sensitive_tools: ['transfer_*'], max_tool_calls: 3 };
    const fromDocument = agentEvent([{ name: 'transfer_funds', arguments: { amount: 10 } }], {
      retrieval: [{ document_id: 'kb-1', content: 'Fees are waived for students.' }],
    });
    expect(run(fromDocument, options)[0]).toMatchObject({
      rule_id: 'excessive_agency.sensitive_tool_with_untrusted_context',
      severity: 'low',
      evidence: 'tool transfer_funds after retrieved documents',
    });
    expect(rules(agentEvent([{ name: 'transfer_funds' }]), options)).toEqual([]);
    const loop = agentEvent(Array.from({ length: 5 }, () => ({ name: 'get_balance' })));
    expect(run(loop, options)).toEqual([
      expect.objectContaining({
        rule_id: 'excessive_agency.too_many_calls',
        location: { field: 'event' },
        attributes: { tool_calls: 5 },
      }),
    ]);
  });
});

describe('excessive_agency in the detection policy', () => {
  const policyYaml = `
version: 1
apps:
  - tenant_id: acme-bank
    app_id: support-chat
    detectors:
      excessive_agency:
        options:
          allowed_tools: [get_balance, list_transactions, freeze_card]
          argument_limits:
            - { tool: freeze_card, argument: reason, allowed: [lost, stolen, fraud] }
`;

  it('runs in the shipped registry, per app, with OWASP and ATLAS mapping', () => {
    const policy = parseDetectionPolicy(policyYaml);
    const pipeline = new DetectionPipeline({ registry: defaultDetectorRegistry(policy), policy });
    const event = agentEvent([{ name: 'transfer_funds', arguments: { amount: 900 } }], {
      tenant_id: 'acme-bank',
      app_id: 'support-chat',
    });
    const findings = pipeline
      .run(event)
      .findings.filter((finding) => finding.detector === 'excessive_agency');
    expect(findings).toEqual([
      expect.objectContaining({
        rule_id: 'excessive_agency.tool_not_allowed',
        owasp: 'LLM06:2025',
        atlas: ['AML.T0053'],
      }),
    ]);
    // Another app of the tenant has no allowlist.
    const other = pipeline.run({ ...event, app_id: 'research-rag' }).findings;
    expect(other.filter((finding) => finding.detector === 'excessive_agency')).toEqual([]);
  });

  it('stops at policy load on a bad option, naming it', () => {
    const bad = (options: string) =>
      `version: 1\ndefaults:\n  detectors:\n    excessive_agency:\n      options: ${options}\n`;
    for (const [options, named] of [
      ['{ allowed_tool: [x] }', 'allowed_tool'],
      ['{ max_tool_calls: 0 }', 'max_tool_calls'],
      ['{ argument_limits: [{ tool: x, argument: amount }] }', 'at least one of max, min, allowed, pattern'],
      ["{ argument_limits: [{ tool: x, argument: a, pattern: '(' }] }", 'not a valid regular expression'],
    ]) {
      let error: unknown;
      try {
        parseDetectionPolicy(bad(options));
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(DetectionPolicyError);
      expect((error as Error).message).toContain(named);
    }
  });
});
