import { type Command } from 'commander';
import { applyMigrations, createClickHouseClient } from '@argus/clickhouse';
import { CliError, type CliIo, errorMessage } from '../cli-io';
import { loadEnvironmentConfig } from './environment';

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
      const { clickhouse } = config;
      let client;
      try {
        client = await createClickHouseClient({
          url: clickhouse.url,
          username: clickhouse.username,
          password: clickhouse.password,
          database: clickhouse.database,
          dataDir: clickhouse.embeddedDataDir,
          applicationName: 'argus-cli',
        });
      } catch (error) {
        throw new CliError(errorMessage(error), 1);
      }
      try {
        const result = await applyMigrations(client, {
          database: clickhouse.database,
          retention: clickhouse.retention,
        });
        io.stdout.write(`${JSON.stringify({ database: clickhouse.database, ...result })}\n`);
      } catch (error) {
        throw new CliError(`migration failed: ${errorMessage(error)}`, 1);
      } finally {
        await client.close();
      }
    });
}
