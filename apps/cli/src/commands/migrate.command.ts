import { type Command } from 'commander';
import { type CliIo } from '../cli-io';
import { loadEnvironmentConfig, openClickHouse } from './environment';

export function registerMigrateCommand(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description(
      'Create the Argus database and apply pending ClickHouse migrations and retention (the apps also do this at start-up).',
    )
    .addHelpText(
      'after',
      '\nTarget: CLICKHOUSE_URL (a server) or, when unset, the embedded ClickHouse in ARGUS_DATA_DIR.\n' +
        'The embedded engine allows one process per data directory: stop Argus before migrating it.',
    )
    .action(async () => {
      const config = loadEnvironmentConfig();
      const { client, migrations } = await openClickHouse(config, { migrate: true });
      try {
        io.stdout.write(`${JSON.stringify({ database: config.clickhouse.database, ...migrations })}\n`);
      } finally {
        await client.close();
      }
    });
}
