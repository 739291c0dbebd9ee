import type { ClickHouseClientConfigOptions } from '@clickhouse/client';
import { NonRetryableClickHouseStorageError, describeError } from './clickhouse.errors';

/** What @clickhouse/client accepts as a pluggable backend; chdb/connection provides one. */
export type ClickHouseConnection = NonNullable<ClickHouseClientConfigOptions['connection']>;

// chdb implements that Connection against its own copy of @clickhouse/client-common, whose settings
// type differs nominally from the client's; declared here as the type the client accepts.
type ChdbConnectionModule = {
  createChdbConnection: (options: { path: string }) => ClickHouseConnection;
};

type ClickHouseSettings = Parameters<ClickHouseConnection['query']>[0]['clickhouse_settings'];

/**
 * Where chdb's defaults differ from a server's, every chdb session is set to the server's, so code that
 * passes on chdb in tests behaves the same against a server: 64-bit integers as JSON strings,
 * date-times in the strict 'YYYY-MM-DD HH:MM:SS[.fff]' form, synchronous inserts.
 */
export const SERVER_DEFAULTS_STATEMENT =
  "SET output_format_json_quote_64bit_integers = 1, date_time_input_format = 'basic', async_insert = 0";

// Settings that only exist in the HTTP layer and that chdb drops (chdb/connection's HTTP_ONLY_SETTINGS).
const HTTP_ONLY_SETTINGS: ReadonlySet<string> = new Set([
  'wait_end_of_query',
  'send_progress_in_http_headers',
  'http_response_buffer_size',
  'http_headers_progress_interval_ms',
  'http_send_progress_interval_ms',
  'enable_http_compression',
  'http_zlib_compression_level',
  'http_response_compression_method',
  'http_native_compression_disable_checksumming_on_decompress',
]);

function loadChdb(): ChdbConnectionModule {
  try {
    // Loaded only in embedded mode: the engine is a ~500 MB native library a server deployment should not
    // map. require() rather than import(): chdb's ESM entry does not load under jest.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('chdb/connection') as ChdbConnectionModule;
  } catch (error) {
    throw new NonRetryableClickHouseStorageError(
      'CHDB_UNAVAILABLE',
      `Embedded ClickHouse (chdb) cannot be loaded on this platform; set CLICKHOUSE_URL to use a server: ${describeError(error)}`,
      { cause: error },
    );
  }
}

function carriesSettings(settings: ClickHouseSettings): boolean {
  return Object.entries(settings ?? {}).some(
    ([key, value]) => value !== undefined && !HTTP_ONLY_SETTINGS.has(key),
  );
}

/**
 * Opens a chdb connection on `dataDir` whose default database is `database` (created if missing).
 *
 * chdb runs one engine per process, bound to one data directory; connections on that directory share it,
 * each with its own session. A second directory while the first is open is refused with
 * CHDB_DATA_DIR_CONFLICT, so tests in one process must share one directory.
 *
 * chdb applies a call's `clickhouse_settings` as SET statements on the session, where they would stay for
 * every later call: one `readonly` query would make the writers' inserts fail for good. A call that
 * carries settings therefore runs in a short-lived session of its own, as it does per request on a server.
 */
export async function openChdbConnection(dataDir: string, database: string): Promise<ClickHouseConnection> {
  const chdb = loadChdb();
  const target = `embedded ClickHouse (chdb) at ${dataDir}`;

  const openSession = async (createDatabase: boolean): Promise<ClickHouseConnection> => {
    let session: ClickHouseConnection;
    try {
      session = chdb.createChdbConnection({ path: dataDir });
    } catch (error) {
      const conflict = /only one active data directory|Cannot open a session/i.test(describeError(error));
      throw new NonRetryableClickHouseStorageError(
        conflict ? 'CHDB_DATA_DIR_CONFLICT' : 'CLICKHOUSE_UNREACHABLE',
        conflict
          ? `Cannot open ${target}: chdb allows one data directory per process and another one is open (${describeError(error)})`
          : `Cannot open ${target}: ${describeError(error)}`,
        { cause: error },
      );
    }
    try {
      if (createDatabase) {
        await session.command({ query: `CREATE DATABASE IF NOT EXISTS \`${database}\`` });
      }
      // chdb ignores the client's `database` option (an HTTP parameter); USE gives the session the same
      // default database a server client has.
      await session.command({ query: `USE \`${database}\`` });
      await session.command({ query: SERVER_DEFAULTS_STATEMENT });
    } catch (error) {
      await session.close();
      throw error;
    }
    return session;
  };

  const shared = await openSession(true);

  async function run<Result>(
    settings: ClickHouseSettings,
    call: (connection: ClickHouseConnection) => Promise<Result>,
  ): Promise<Result> {
    if (!carriesSettings(settings)) {
      return call(shared);
    }
    // Results are fully buffered by chdb, so the session can close as soon as the call returns.
    const session = await openSession(false);
    try {
      return await call(session);
    } finally {
      await session.close();
    }
  }

  return {
    ping: (params) => shared.ping(params),
    query: (params) => run(params.clickhouse_settings, (connection) => connection.query(params)),
    command: (params) => run(params.clickhouse_settings, (connection) => connection.command(params)),
    insert: (params) => run(params.clickhouse_settings, (connection) => connection.insert(params)),
    exec: (params) => run(params.clickhouse_settings, (connection) => connection.exec(params)),
    close: () => shared.close(),
  };
}
