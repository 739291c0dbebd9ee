import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { type Readable, type Writable } from 'node:stream';
import { CliError, type CliIo, errorMessage } from '../cli-io';

/** `-` or nothing means stdin; a file that cannot be opened is a CliError (exit 2). */
export async function openInput(path: string | undefined, io: CliIo): Promise<Readable> {
  if (path === undefined || path === '-') return io.stdin;
  try {
    const handle = await open(path, 'r');
    return handle.createReadStream({ highWaterMark: 1024 * 1024 });
  } catch (error) {
    throw new CliError(`cannot read input file ${path}: ${errorMessage(error)}`);
  }
}

export type OpenedOutput = { stream: Writable; close: () => Promise<void> };

/** `-` or nothing means stdout (left open); a file is created with its directory. */
export async function openOutput(path: string | undefined, io: CliIo): Promise<OpenedOutput> {
  if (path === undefined || path === '-') return { stream: io.stdout, close: () => Promise.resolve() };
  try {
    await mkdir(dirname(path), { recursive: true });
    const handle = await open(path, 'w');
    const stream = handle.createWriteStream();
    return {
      stream,
      close: () =>
        new Promise<void>((resolve, reject) => {
          stream.once('error', reject);
          stream.end(() => resolve());
        }),
    };
  } catch (error) {
    throw new CliError(`cannot write output file ${path}: ${errorMessage(error)}`);
  }
}

/** A consumer that went away (`argus detect … | head`) is not an error. */
export function isBrokenPipe(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}
