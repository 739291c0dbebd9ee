import { Command, CommanderError } from 'commander';
import { CliError, type CliIo } from './cli-io';

/** A command adds itself to the program: one file per command, one line in main.ts. */
export type CommandRegistration = (program: Command, io: CliIo) => void;

export function buildProgram(commands: readonly CommandRegistration[], io: CliIo): Command {
  const program = new Command('argus')
    .description('Argus: runtime monitoring of LLM applications (prompt injection, leakage, drift).')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    // Throw instead of process.exit so tests run commands in-process and output is flushed before exit.
    .exitOverride();
  for (const register of commands) register(program, io);
  return program;
}

/** Runs the CLI and resolves to its exit code (commander errors keep theirs; CliError → 2). */
export async function runCli(
  commands: readonly CommandRegistration[],
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  const program = buildProgram(commands, io);
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliError) {
      io.stderr.write(`argus: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr.write(
      `argus: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}
