import { type Command } from 'commander';
import { type ArgusConfig, describeEnvironment } from '@argus/config';
import { type CliIo } from '../cli-io';
import { loadEnvironmentConfig } from './environment';

/** Credentials never leave the process, not even in a config dump. */
export function maskSecrets(config: ArgusConfig): unknown {
  return JSON.parse(
    JSON.stringify(config, (key, value: unknown) =>
      /password|secret|^key$|^cert$|^ca$/i.test(key) && typeof value === 'string' && value !== ''
        ? '***'
        : value,
    ),
  );
}

export function registerConfigCommand(program: Command, io: CliIo): void {
  program
    .command('config')
    .description(
      'Check the environment the apps would start with and print the effective configuration (secrets masked).',
    )
    .option('--list', 'list every variable with its default and meaning instead')
    .action((options: { list?: boolean }) => {
      if (options.list) {
        for (const row of describeEnvironment())
          io.stdout.write(`${row.variable}=${row.default}\t# ${row.description}\n`);
        return;
      }
      io.stdout.write(`${JSON.stringify(maskSecrets(loadEnvironmentConfig()), null, 2)}\n`);
    });
}
