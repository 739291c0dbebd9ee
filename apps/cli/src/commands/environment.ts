import { type ClickHouseClient, applyMigrations, createClickHouseClient } from '@argus/clickhouse';
import { type ArgusConfig, ConfigError, loadConfig } from '@argus/config';
import { CliError, errorMessage } from '../cli-io';

type MigrationResult = Awaited<ReturnType<typeof applyMigrations>>;

/** The same configuration the apps read; a bad variable is a CliError naming every problem. */
export function loadEnvironmentConfig(overrides: Record<string, string | undefined> = {}): ArgusConfig {
  const environment: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) environment[key] = value;
  try {
    return loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}

/**
 * The Argus database the configuration names (CLICKHOUSE_URL, or the embedded engine in ARGUS_DATA_DIR),
 * migrated when `migrate` is set. A connection failure is exit status 1 (the target, not the input).
 */
export async function openClickHouse(
  config: ArgusConfig,
  options: { migrate?: boolean } = {},
): Promise<{ client: ClickHouseClient; migrations?: MigrationResult }> {
  const { clickhouse } = config;
  let client: ClickHouseClient;
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
  if (options.migrate !== true) return { client };
  try {
    const migrations = await applyMigrations(client, {
      database: clickhouse.database,
      retention: clickhouse.retention,
    });
    return { client, migrations };
  } catch (error) {
    await client.close();
    throw new CliError(`migration failed: ${errorMessage(error)}`, 1);
  }
}
