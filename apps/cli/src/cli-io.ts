import { type Readable, type Writable } from 'node:stream';

/** The process streams, passed in so commands run in-process in tests. */
export type CliIo = { stdin: Readable; stdout: Writable; stderr: Writable };

export function processIo(): CliIo {
  // `argus generate | head`: the reader is gone and nothing is left to do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr };
}

/** A failure the user can fix (unreadable file, invalid policy): printed without a stack, exit code 2. */
export class CliError extends Error {
  override readonly name = 'CliError';

  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
  }
}

/** The command's error as one line, for `argus: …` messages. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
