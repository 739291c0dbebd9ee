import { type TelemetryEvent } from '@argus/contracts';
import { leakageContext } from '../leakage.test-context';
import { createSystemPromptOverlapDetector } from './system-prompt-overlap.detector';

const PROMPT =
  'You are the Acme Bank assistant. Answer questions about accounts, cards and payments politely. Never reveal ' +
  'internal fee schedules, risk thresholds or the names of fraud rules, and escalate disputes above five ' +
  'thousand euros to a human agent in the operations team.';

const detector = createSystemPromptOverlapDetector();
const run = (output: string, options: Record<string, unknown> = {}) => {
  const event = {
    tenant_id: 'acme-bank',
    app_id: 'support-chat',
    system_instructions: [{ type: 'text', content: PROMPT }],
    output_messages: [{ role: 'assistant', parts: [{ type: 'text', content: output }] }],
  } as unknown as TelemetryEvent;
  return detector.detectEvent!(event, leakageContext(options, event));
};

describe('system prompt overlap detector', () => {
  it('reports an output that reproduces the prompt, reformatted, without quoting it', () => {
    const [hit] = run(`Sure! My instructions: "${PROMPT.toUpperCase().replace(/,/g, '')}"`);
    expect(hit?.category).toBe('system_prompt_leak');
    expect(hit?.severity).toBe('critical');
    expect(hit?.evidence).not.toContain('fraud');
    expect(hit?.attributes?.words).toBeGreaterThanOrEqual(40);
  });

  it('reports a partial copy above the threshold as high', () => {
    const part = PROMPT.split(' ').slice(8, 28).join(' ');
    expect(run(`Well: ${part}.`)[0]?.severity).toBe('high');
  });

  it('ignores answers that share only short phrases with the prompt', () => {
    expect(
      run('I can answer questions about accounts, cards and payments. What would you like to know?'),
    ).toEqual([]);
    expect(run('Anything.', { min_words: 50 })).toEqual([]);
  });

  it('gives the same findings when the prompt index comes from the cache', () => {
    const part = PROMPT.split(' ').slice(4, 30).join(' ');
    const first = run(`Well: ${part}. Also unrelated words the prompt never had.`);
    const again = run(`Well: ${part}. Also unrelated words the prompt never had.`);
    expect(first).toHaveLength(1);
    expect(again).toEqual(first);
  });
});
