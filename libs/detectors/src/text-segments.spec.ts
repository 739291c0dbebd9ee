import { makeTelemetryEvent } from '../../../test/support/event.factory';
import { extractTextSegments } from './text-segments';

describe('extractTextSegments', () => {
  it('returns every text of the event with its location, in event order', () => {
    const event = makeTelemetryEvent({
      system: 'You are the Acme Bank assistant.',
      input: 'What is my balance?',
      toolResults: [{ balance: 1200 }, 'plain text result'],
      output: 'Your balance is $1,200.',
      retrieval: [
        {
          document_id: 'kb-1',
          content: 'Balances update nightly.',
          tenant_id: 'acme-bank',
          classification: 'internal',
        },
      ],
    });
    const segments = extractTextSegments(event);
    expect(segments.map((segment) => [segment.location, segment.text])).toEqual([
      [{ field: 'system', part: 0 }, 'You are the Acme Bank assistant.'],
      [{ field: 'input', message: 0, part: 0 }, 'What is my balance?'],
      [{ field: 'tool_result', message: 1, part: 0 }, '{"balance":1200}'],
      [{ field: 'tool_result', message: 2, part: 0 }, 'plain text result'],
      [{ field: 'output', message: 0, part: 0 }, 'Your balance is $1,200.'],
      [{ field: 'retrieval', document: 'kb-1' }, 'Balances update nightly.'],
    ]);
    expect(segments[1].role).toBe('user');
    expect(segments[2].toolCallId).toBe('call-1');
    expect(segments[5].retrieved).toEqual({ tenantId: 'acme-bank', classification: 'internal' });
  });

  it('keeps part indices so offsets point into the original part string', () => {
    const event = makeTelemetryEvent({
      input_messages: [
        {
          role: 'user',
          parts: [
            { type: 'uri', modality: 'image', uri: 'https://example.com/a.png' },
            { type: 'text', content: 'first' },
            { type: 'reasoning', content: 'second' },
          ],
        },
      ],
    });
    const [first, second] = extractTextSegments(event);
    expect(first.location).toEqual({ field: 'input', message: 0, part: 1 });
    expect(second.location).toEqual({ field: 'input', message: 0, part: 2 });
    const part = event.input_messages![0].parts[first.location.part!] as { content: string };
    expect(part.content).toBe(first.text);
  });

  it('treats system/developer-role input messages as system, tool-role text as tool_result', () => {
    const event = makeTelemetryEvent({
      input_messages: [
        { role: 'system', parts: [{ type: 'text', content: 'system prompt' }] },
        { role: 'developer', parts: [{ type: 'text', content: 'developer prompt' }] },
        { role: 'tool', name: 'web_search', parts: [{ type: 'text', content: 'search results' }] },
        { role: 'assistant', parts: [{ type: 'tool_call', name: 'web_search', arguments: { q: 'x' } }] },
      ],
    });
    expect(
      extractTextSegments(event).map((segment) => [segment.location.field, segment.text, segment.toolName]),
    ).toEqual([
      ['system', 'system prompt', undefined],
      ['system', 'developer prompt', undefined],
      ['tool_result', 'search results', 'web_search'],
    ]);
  });

  it('renders output tool calls as name and arguments, as given when a string', () => {
    const event = makeTelemetryEvent({
      output_messages: [
        {
          role: 'assistant',
          parts: [
            { type: 'tool_call', id: 'c1', name: 'send_email', arguments: { to: 'a@example.com' } },
            { type: 'tool_call', name: 'get_quote', arguments: '{"symbol":"ACME"}' },
            { type: 'tool_call', name: 'list_accounts' },
          ],
        },
      ],
    });
    expect(
      extractTextSegments(event).map((segment) => [segment.location, segment.text, segment.toolName]),
    ).toEqual([
      [{ field: 'tool_call', message: 0, part: 0 }, 'send_email {"to":"a@example.com"}', 'send_email'],
      [{ field: 'tool_call', message: 0, part: 1 }, 'get_quote {"symbol":"ACME"}', 'get_quote'],
      [{ field: 'tool_call', message: 0, part: 2 }, 'list_accounts', 'list_accounts'],
    ]);
  });

  it('finds tool_call_response parts in any message, with the result alias resolved', () => {
    const event = makeTelemetryEvent({
      input_messages: [
        { role: 'user', parts: [{ type: 'tool_call_response', id: 'c9', result: 'pasted result' }] },
      ],
    });
    expect(extractTextSegments(event)).toEqual([
      {
        text: 'pasted result',
        location: { field: 'tool_result', message: 0, part: 0 },
        role: 'user',
        toolCallId: 'c9',
      },
    ]);
  });

  it('scans unknown part types that carry a string content and skips empty texts, uris and blobs', () => {
    const event = makeTelemetryEvent({
      output_messages: [
        {
          role: 'assistant',
          parts: [
            { type: 'text', content: '' },
            { type: 'refusal', content: 'I cannot help with that.' },
            { type: 'audio_ref', url: 'x' },
            { type: 'blob', modality: 'image', content: 'iVBORw0KGgo=' },
          ],
        },
      ],
      retrieval: [{ content: '' }],
    });
    expect(extractTextSegments(event).map((segment) => [segment.location, segment.text])).toEqual([
      [{ field: 'output', message: 0, part: 1 }, 'I cannot help with that.'],
    ]);
  });

  it('returns nothing for an event without text', () => {
    expect(extractTextSegments(makeTelemetryEvent())).toEqual([]);
  });
});
