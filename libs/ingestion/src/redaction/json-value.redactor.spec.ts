import { redactJsonValue } from './json-value.redactor';
import { type RedactionSpan } from './text-spans';

const mask = (label: string) => `[${label}]`;

/** Spans of `needle` in JSON.stringify(value), as a detector scanning the serialised value reports them. */
function spansOf(value: unknown, needle: string, label = 'X'): RedactionSpan[] {
  const text = JSON.stringify(value);
  const spans: RedactionSpan[] = [];
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length))
    spans.push({ start: at, end: at + needle.length, label });
  return spans;
}

describe('redactJsonValue', () => {
  it('maps offsets in the serialisation to string leaves, through escapes and nesting', () => {
    const value = { a: 'line\n"quoted" SECRET1 \u0001 tail', b: [1, { c: 'x SECRET1' }], d: null };
    const result = redactJsonValue(value, spansOf(value, 'SECRET1'), mask);
    expect(result).toEqual({ a: 'line\n"quoted" [X] \u0001 tail', b: [1, { c: 'x [X]' }], d: null });
  });

  it('redacts the raw characters behind a span that covers escapes', () => {
    const value = { note: 'a "b" c' };
    // `\"b\"` in the serialisation: the span covers the escaped quotes.
    const result = redactJsonValue(value, spansOf(value, '\\"b\\"'), mask);
    expect(result).toEqual({ note: 'a [X] c' });
  });

  it('redacts every leaf a span crosses, keys included, and numbers whole', () => {
    const value = { SECRET: 'value', n: 4111111111111111 };
    const serialised = JSON.stringify(value);
    const crossing = {
      start: serialised.indexOf('SECRET'),
      end: serialised.indexOf('value') + 5,
      label: 'X',
    };
    expect(redactJsonValue(value, [crossing], mask)).toEqual({ '[X]': '[X]', n: 4111111111111111 });
    expect(redactJsonValue(value, spansOf(value, '4111111111111111', 'CREDIT_CARD'), mask)).toEqual({
      SECRET: 'value',
      n: '[CREDIT_CARD]',
    });
  });

  it('leaves untouched values as the same object', () => {
    const value = { a: ['x'], b: 'SECRET1' };
    const result = redactJsonValue(value, spansOf(value, 'SECRET1'), mask) as typeof value;
    expect(result.a).toBe(value.a);
    expect(redactJsonValue(value, [], mask)).toBe(value);
  });

  it('handles surrogate pairs and lone surrogates like JSON.stringify', () => {
    const value = ['😀 SECRET1 \ud800 SECRET1'];
    expect(redactJsonValue(value, spansOf(value, 'SECRET1'), mask)).toEqual(['😀 [X] \ud800 [X]']);
  });
});
