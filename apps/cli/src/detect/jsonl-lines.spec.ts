import { Readable } from 'node:stream';
import { type JsonlLine, readJsonlLines } from './jsonl-lines';

async function lines(chunks: Array<string | Buffer>, maxLineBytes = 1024): Promise<JsonlLine[]> {
  const source = Readable.from(
    chunks.map((chunk) => (typeof chunk === 'string' ? Buffer.from(chunk) : chunk)),
  );
  const result: JsonlLine[] = [];
  for await (const line of readJsonlLines(source, maxLineBytes)) result.push(line);
  return result;
}

describe('readJsonlLines', () => {
  it('numbers lines across chunk boundaries and ignores only the final newline', async () => {
    expect(await lines(['{"a"', ':1}\n{"b":2}\n\n', '{"c":3}\n'])).toEqual([
      { number: 1, text: '{"a":1}' },
      { number: 2, text: '{"b":2}' },
      { number: 3, text: '' },
      { number: 4, text: '{"c":3}' },
    ]);
  });

  it('keeps a last line without newline, accepts CRLF and yields nothing for empty input', async () => {
    expect(await lines(['x\r\ny'])).toEqual([
      { number: 1, text: 'x' },
      { number: 2, text: 'y' },
    ]);
    expect(await lines([])).toEqual([]);
    expect(await lines(['\n'])).toEqual([{ number: 1, text: '' }]);
  });

  it('decodes a multi-byte character split between chunks', async () => {
    const bytes = Buffer.from('{"t":"café €"}\n');
    expect(await lines([bytes.subarray(0, 10), bytes.subarray(10)])).toEqual([
      { number: 1, text: '{"t":"café €"}' },
    ]);
  });

  it('reports lines over the limit with their size, without keeping them', async () => {
    const big = 'x'.repeat(40);
    expect(await lines([`ok\n${big.slice(0, 25)}`, `${big.slice(25)}\nok2\n`, 'y'.repeat(11)], 10)).toEqual([
      { number: 1, text: 'ok' },
      { number: 2, tooLarge: true, bytes: 40 },
      { number: 3, text: 'ok2' },
      { number: 4, tooLarge: true, bytes: 11 },
    ]);
    expect(await lines(['0123456789\r\n'], 10)).toEqual([{ number: 1, text: '0123456789' }]);
  });

  it('flags invalid UTF-8', async () => {
    expect(await lines([Buffer.from([0x7b, 0xff, 0x7d, 0x0a])])).toEqual([{ number: 1, invalidUtf8: true }]);
  });
});
