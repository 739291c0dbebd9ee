import { type Command } from 'commander';
import { DetectorsError, generateCanaryToken } from '@argus/detectors';
import { CliError, type CliIo } from '../cli-io';
import { positiveInteger } from './options';

export function registerCanaryCommand(program: Command, io: CliIo): void {
  program
    .command('canary')
    .description(
      'Print new random canary tokens to embed in system prompts and list in the detection policy.',
    )
    .option('--prefix <prefix>', 'token prefix, easy to grep for', 'ARGUS-CANARY')
    .option('-n, --count <n>', 'number of tokens', positiveInteger, 1)
    .action((options: { prefix: string; count: number }) => {
      try {
        for (let index = 0; index < options.count; index++)
          io.stdout.write(`${generateCanaryToken(options.prefix)}\n`);
      } catch (error) {
        if (error instanceof DetectorsError) throw new CliError(error.message);
        throw error;
      }
    });
}
