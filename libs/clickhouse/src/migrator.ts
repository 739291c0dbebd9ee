import type { ClickHouseClient } from '@clickhouse/client';
import { createHash } from 'node:crypto';
import {
  ClickHouseStorageError,
  NonRetryableClickHouseStorageError,
  describeError,
} from './clickhouse.errors';
import { classifyClickHouseError } from './clickhouse-error.classifier';
import { toClickHouseDateTime } from './clickhouse-date-time.util';
import { MIGRATIONS, type Migration } from './migrations';
import { splitSqlStatements } from './sql-statement.splitter';
import { applyRetention, type RetentionPolicy } from './table-retention';
import { CLICKHOUSE_TABLES, type SchemaMigrationRow } from './table-rows';

export type ApplyMigrationsOptions = {
  /** The database the client points at; checked, so migrations never land in another one. */
  database: string;
  retention: RetentionPolicy;
  /** Defaults to the library's migrations; tests pass their own. */
  migrations?: readonly Migration[];
};

export type ApplyMigrationsResult = {
  /** Labels (`001_initial_tables`) of the migrations applied by this call, in order. */
  applied: string[];
  /** Labels of the migrations that were already recorded. */
  skipped: string[];
  /** Tables whose TTL was changed to match the retention policy. */
  retentionUpdated: string[];
};

type MigrationClient = Pick<ClickHouseClient, 'query' | 'command' | 'insert'>;

const CREATE_SCHEMA_MIGRATIONS = `
CREATE TABLE IF NOT EXISTS ${CLICKHOUSE_TABLES.schemaMigrations}
(
    version UInt32,
    name String,
    checksum String,
    applied_at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
ORDER BY version`;

export function migrationLabel(migration: Pick<Migration, 'version' | 'name'>): string {
  return `${String(migration.version).padStart(3, '0')}_${migration.name}`;
}

/** SHA-256 of the migration text, line endings normalised so a checkout on Windows does not differ. */
export function migrationChecksum(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n?/g, '\n').trim()).digest('hex');
}

/**
 * Brings the schema up to date, then sets each table's TTL from the retention policy.
 * Pending migrations run in version order, each recorded in schema_migrations once all its statements
 * succeeded. Running it again applies nothing. A recorded migration whose text has changed stops
 * everything: the database no longer matches what the code describes.
 * Versions recorded in the database but unknown to this code are ignored, so an older release keeps
 * running during a rolling deploy of a newer one.
 * Two processes starting at once may both run a pending migration; its statements are idempotent and a
 * doubled schema_migrations row is harmless (rows are read per version).
 */
export async function applyMigrations(
  client: MigrationClient,
  options: ApplyMigrationsOptions,
): Promise<ApplyMigrationsResult> {
  const migrations = sortedMigrations(options.migrations ?? MIGRATIONS);
  await assertCurrentDatabase(client, options.database);
  await run(`Could not create ${CLICKHOUSE_TABLES.schemaMigrations}`, () =>
    client.command({ query: CREATE_SCHEMA_MIGRATIONS }),
  );
  const recorded = await readRecorded(client);

  const applied: string[] = [];
  const skipped: string[] = [];
  for (const migration of migrations) {
    const label = migrationLabel(migration);
    const checksum = migrationChecksum(migration.sql);
    const previous = recorded.get(migration.version);
    if (previous !== undefined) {
      if (previous.checksum !== checksum) {
        throw new NonRetryableClickHouseStorageError(
          'MIGRATION_CHECKSUM_MISMATCH',
          `Migration ${label} was applied to ${options.database} as ${migrationLabel(previous)} with checksum ` +
            `${previous.checksum}, but its text now has checksum ${checksum}. Applied migrations must not ` +
            'change: restore it and add a new migration instead.',
        );
      }
      skipped.push(label);
      continue;
    }
    const statements = splitSqlStatements(migration.sql);
    for (const [index, statement] of statements.entries()) {
      await run(`Migration ${label} failed at statement ${index + 1} of ${statements.length}`, () =>
        client.command({ query: statement }),
      );
    }
    const row: SchemaMigrationRow = {
      version: migration.version,
      name: migration.name,
      checksum,
      applied_at: toClickHouseDateTime(new Date()),
    };
    await run(`Could not record migration ${label}`, () =>
      client.insert({ table: CLICKHOUSE_TABLES.schemaMigrations, values: [row], format: 'JSONEachRow' }),
    );
    applied.push(label);
  }

  const retentionUpdated = await applyRetention(client, {
    database: options.database,
    retention: options.retention,
  });
  return { applied, skipped, retentionUpdated };
}

function sortedMigrations(migrations: readonly Migration[]): Migration[] {
  const sorted = [...migrations].sort((left, right) => left.version - right.version);
  for (const [index, migration] of sorted.entries()) {
    if (!Number.isInteger(migration.version) || migration.version < 1) {
      throw invalidMigration(`Migration version must be a positive integer, got ${migration.version}`);
    }
    if (!/^[a-z0-9_]+$/.test(migration.name)) {
      throw invalidMigration(
        `Migration ${migration.version} name must be snake_case, got "${migration.name}"`,
      );
    }
    if (index > 0 && sorted[index - 1].version === migration.version) {
      throw invalidMigration(`Two migrations have version ${migration.version}`);
    }
  }
  return sorted;
}

function invalidMigration(message: string): NonRetryableClickHouseStorageError {
  return new NonRetryableClickHouseStorageError('MIGRATION_FAILED', message);
}

async function assertCurrentDatabase(client: MigrationClient, database: string): Promise<void> {
  const rows = await run('Could not read the current database', async () => {
    const result = await client.query({
      query: 'SELECT currentDatabase() AS database',
      format: 'JSONEachRow',
    });
    return result.json<{ database: string }>();
  });
  const current = rows[0]?.database;
  if (current !== database) {
    throw new NonRetryableClickHouseStorageError(
      'MIGRATION_DATABASE_MISMATCH',
      `The client points at database ${String(current)} but migrations were asked for ${database}; ` +
        'create the client with createClickHouseClient({ database })',
    );
  }
}

async function readRecorded(
  client: MigrationClient,
): Promise<Map<number, Omit<SchemaMigrationRow, 'applied_at'>>> {
  const rows = await run(`Could not read ${CLICKHOUSE_TABLES.schemaMigrations}`, async () => {
    const result = await client.query({
      query: `SELECT version, name, checksum FROM ${CLICKHOUSE_TABLES.schemaMigrations} ORDER BY version, applied_at`,
      format: 'JSONEachRow',
    });
    return result.json<Omit<SchemaMigrationRow, 'applied_at'>>();
  });
  const recorded = new Map<number, Omit<SchemaMigrationRow, 'applied_at'>>();
  for (const row of rows) {
    const version = Number(row.version);
    if (!recorded.has(version)) {
      recorded.set(version, { ...row, version });
    }
  }
  return recorded;
}

/** Runs one ClickHouse call, turning its failure into a typed migration error that keeps the cause. */
async function run<T>(message: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ClickHouseStorageError) {
      throw error;
    }
    const ErrorClass =
      classifyClickHouseError(error) === 'transient'
        ? ClickHouseStorageError
        : NonRetryableClickHouseStorageError;
    throw new ErrorClass('MIGRATION_FAILED', `${message}: ${describeError(error)}`, { cause: error });
  }
}
