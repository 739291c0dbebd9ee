import { TextDecoder } from 'node:util';

/** One line of a JSONL stream, numbered from 1; a line over the size limit is counted, not kept. */
export type JsonlLine =
  | { number: number; text: string }
  | { number: number; tooLarge: true; bytes: number }
  | { number: number; invalidUtf8: true };

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * Splits a byte stream into lines without holding more than one line (up to `maxLineBytes`) in memory:
 * a 1 GB file streams through, and a 1 GB single line costs a counter, not a gigabyte. A final newline
 * does not make an extra empty line; `\r\n` endings are accepted. Decoding is strict UTF-8, once per
 * line, so a character split across chunks decodes correctly.
 */
export async function* readJsonlLines(
  input: AsyncIterable<Buffer | string>,
  maxLineBytes: number,
): AsyncGenerator<JsonlLine> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pieces: Buffer[] = [];
  let bytes = 0;
  let oversized = false;
  let number = 0;

  const finish = (): JsonlLine => {
    number++;
    const line = finishLine(number, pieces, bytes, oversized, maxLineBytes, decoder);
    pieces = [];
    bytes = 0;
    oversized = false;
    return line;
  };

  for await (const chunk of input) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let position = 0;
    while (position < buffer.length) {
      const newline = buffer.indexOf(NEWLINE, position);
      const end = newline === -1 ? buffer.length : newline;
      if (end > position) {
        bytes += end - position;
        // One byte of slack for a trailing \r, which does not count towards the limit.
        if (!oversized && bytes > maxLineBytes + 1) {
          oversized = true;
          pieces = [];
        }
        if (!oversized) pieces.push(buffer.subarray(position, end));
      }
      if (newline === -1) break;
      yield finish();
      position = newline + 1;
    }
  }
  if (bytes > 0) yield finish();
}

function finishLine(
  number: number,
  pieces: Buffer[],
  bytes: number,
  oversized: boolean,
  maxLineBytes: number,
  decoder: TextDecoder,
): JsonlLine {
  let line = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, bytes);
  if (line.length > 0 && line[line.length - 1] === CARRIAGE_RETURN) line = line.subarray(0, line.length - 1);
  if (oversized || line.length > maxLineBytes)
    return { number, tooLarge: true, bytes: oversized ? bytes : line.length };
  try {
    return { number, text: decoder.decode(line) };
  } catch {
    return { number, invalidUtf8: true };
  }
}
