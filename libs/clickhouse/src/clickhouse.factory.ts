import {
  ClickHouseLogLevel,
  createClient,
  type ClickHouseClient,
  type ClickHouseClientConfigOptions,
} from '@clickhouse/client';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  ClickHouseStorageError,
  NonRetryableClickHouseStorageError,
  describeError,
  type ClickHouseStorageErrorCode,
} from './clickhouse.errors';
import { openChdbConnection, type ClickHouseConnection } from './chdb.connection';
import { classifyClickHouseError, clickHouseErrorCode } from './clickhouse-error.classifier';

export type ClickHouseConnectionOptions = {
  /** http(s)://host:8123 of a ClickHouse server. Unset or empty: embedded ClickHouse (chdb) in `dataDir`. */
  url?: string;
  username?: string;
  password?: string;
  database: string;
  /** Where chdb keeps its files. One directory per process: chdb binds a single one. */
  dataDir: string;
  requestTimeoutMs?: number;
  applicationName?: string;
};

const AUTHENTICATION_FAILED = 516;
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Connects to ClickHouse and returns a client whose default database is `options.database`, creating
 * that database if it is missing. Both modes hand back the same @clickhouse/client API, so callers do
 * not know which engine they talk to. Fails with a typed error naming the target when it is unreachable.
 */
export async function createClickHouseClient(
  options: ClickHouseConnectionOptions,
): Promise<ClickHouseClient> {
  if (!DATABASE_NAME.test(options.database)) {
    throw new NonRetryableClickHouseStorageError(
      'CLICKHOUSE_INVALID_OPTIONS',
      `ClickHouse database name must be letters, digits and underscores, got ${JSON.stringify(options.database)}`,
    );
  }
  const url = options.url?.trim();
  return url ? connectToServer({ ...options, url }) : openEmbedded(options);
}

async function connectToServer(
  options: ClickHouseConnectionOptions & { url: string },
): Promise<ClickHouseClient> {
  const target = describeServerUrl(options.url);
  const common = {
    url: options.url,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.requestTimeoutMs === undefined ? {} : { request_timeout: options.requestTimeoutMs }),
    ...(options.applicationName === undefined ? {} : { application: options.applicationName }),
  };

  // The database may not exist yet, and a client bound to a missing database fails every request:
  // create it through a client without one, then connect for real.
  // Silent: a failed ping becomes the typed error below, the client's own console warning would be noise.
  const bootstrap = createServerClient({ ...common, log: { level: ClickHouseLogLevel.OFF } }, target);
  try {
    await assertReachable(bootstrap, target);
    const result = await bootstrap.query({
      query: 'SELECT count() AS found FROM system.databases WHERE name = {database:String}',
      query_params: { database: options.database },
      format: 'JSONEachRow',
    });
    const [{ found }] = await result.json<{ found: number | string }>();
    // Checked first because CREATE … IF NOT EXISTS still needs the CREATE grant, which a production user
    // of an existing database often lacks.
    if (Number(found) === 0) {
      await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS \`${options.database}\`` });
    }
  } catch (error) {
    throw setupError(error, target, options.database);
  } finally {
    await bootstrap.close();
  }

  const client = createServerClient({ ...common, database: options.database }, target);
  try {
    await assertReachable(client, target);
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}

function createServerClient(config: ClickHouseClientConfigOptions, target: string): ClickHouseClient {
  try {
    return createClient(config);
  } catch (error) {
    // The client validates the URL and its parameters up front.
    throw new NonRetryableClickHouseStorageError(
      'CLICKHOUSE_INVALID_OPTIONS',
      `Invalid configuration for ${target}: ${describeError(error)}`,
      { cause: error },
    );
  }
}

async function openEmbedded(options: ClickHouseConnectionOptions): Promise<ClickHouseClient> {
  const dataDir = resolve(options.dataDir);
  const target = `embedded ClickHouse (chdb) at ${dataDir}`;
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (error) {
    throw new NonRetryableClickHouseStorageError(
      'CLICKHOUSE_INVALID_OPTIONS',
      `Cannot create the chdb data directory ${dataDir}: ${describeError(error)}`,
      { cause: error },
    );
  }
  let connection: ClickHouseConnection;
  try {
    connection = await openChdbConnection(dataDir, options.database);
  } catch (error) {
    throw setupError(error, target, options.database);
  }
  const client = createClient({
    connection,
    database: options.database,
    ...(options.requestTimeoutMs === undefined ? {} : { request_timeout: options.requestTimeoutMs }),
    ...(options.applicationName === undefined ? {} : { application: options.applicationName }),
  });
  try {
    await assertReachable(client, target);
  } catch (error) {
    await client.close();
    throw error;
  }
  return client;
}

async function assertReachable(client: ClickHouseClient, target: string): Promise<void> {
  // A SELECT rather than /ping: /ping answers without checking the credentials.
  const result = await client.ping({ select: true });
  if (!result.success) {
    const code: ClickHouseStorageErrorCode =
      clickHouseErrorCode(result.error) === AUTHENTICATION_FAILED
        ? 'CLICKHOUSE_AUTHENTICATION_FAILED'
        : 'CLICKHOUSE_UNREACHABLE';
    const ErrorClass =
      code === 'CLICKHOUSE_UNREACHABLE' ? ClickHouseStorageError : NonRetryableClickHouseStorageError;
    throw new ErrorClass(code, `Cannot reach ${target}: ${describeError(result.error)}`, {
      cause: result.error,
    });
  }
}

function setupError(error: unknown, target: string, database: string): ClickHouseStorageError {
  if (error instanceof ClickHouseStorageError) {
    return error;
  }
  const ErrorClass =
    classifyClickHouseError(error) === 'transient'
      ? ClickHouseStorageError
      : NonRetryableClickHouseStorageError;
  return new ErrorClass(
    'CLICKHOUSE_DATABASE_SETUP_FAILED',
    `Cannot set up database ${database} on ${target}: ${describeError(error)}`,
    { cause: error },
  );
}

/** The URL as it may appear in logs and errors: user kept, password and query string dropped. */
export function describeServerUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return `ClickHouse at ${parsed.toString()}`;
  } catch {
    return 'ClickHouse at an unparsable URL';
  }
}
