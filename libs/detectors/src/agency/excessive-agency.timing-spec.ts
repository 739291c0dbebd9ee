import { type TelemetryEvent } from '@argus/contracts';
import { fastestRunMs, makeTelemetryEvent } from '@argus/testing';
import { leakageContext } from '../leakage/leakage.test-context';
import { createExcessiveAgencyDetector } from './excessive-agency.detector';

const MIB = 1 << 20;
const detector = createExcessiveAgencyDetector();
const options = {
  allowed_tools: ['get_*', 'list_*'],
  denied_tools: ['*shell*'],
  sensitive_tools: ['transfer_*'],
  argument_limits: [
    { tool: 'transfer_*', argument: 'amount', max: 1000 },
    { tool: '*', argument: 'note', pattern: '[a-z ]{0,40}' },
  ],
};
const run = (event: TelemetryEvent) => detector.detectEvent!(event, leakageContext(options, event));

function withCalls(parts: Array<{ name: string; arguments?: unknown }>): TelemetryEvent {
  return {
    ...makeTelemetryEvent({ input: 'go', retrieval: ['doc'] }),
    output_messages: [
      { role: 'assistant', parts: parts.map((part) => ({ type: 'tool_call' as const, ...part })) },
    ],
    tool_definitions: Array.from({ length: 2000 }, (_, index) => ({
      type: 'function',
      name: `get_${index}`,
    })),
  };
}

describe('excessive_agency detector on hostile tool calls', () => {
  beforeAll(() => run(withCalls([{ name: 'transfer_funds', arguments: { amount: 5 } }])));

  it.each([
    [
      '1 MiB of JSON arguments',
      withCalls([
        { name: 'transfer_funds', arguments: JSON.stringify({ amount: 5, note: 'a'.repeat(MIB) }) },
      ]),
    ],
    [
      'a 1 MiB argument value tested by an operator pattern',
      withCalls([{ name: 'get_x', arguments: { note: `${'a '.repeat(MIB / 2)}!` } }]),
    ],
    [
      '5,000 tool calls in one response',
      withCalls(
        Array.from({ length: 5000 }, (_, n) => ({ name: `tool_${n}_shell`, arguments: { amount: n } })),
      ),
    ],
    ['a 1 MiB tool name', withCalls([{ name: 'x'.repeat(MIB) }])],
  ])('%s: within 50 ms', (_name, event) => {
    const hits = run(event);
    // Bounded output: about 50 per-call findings at most, plus too_many_calls.
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThanOrEqual(55);
    for (const hit of hits) expect(hit.evidence.length).toBeLessThan(10_000);
    expect(fastestRunMs(() => run(event), 50)).toBeLessThan(50);
  });
});
