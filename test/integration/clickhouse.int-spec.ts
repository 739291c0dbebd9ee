import {
  CLICKHOUSE_CLIENT,
  ClickHouseModule,
  DEFAULT_RETENTION,
  MIGRATIONS,
  applyMigrations,
  createClickHouseClient,
  embeddedTestDataDir,
  migrationChecksum,
  migrationLabel,
  toClickHouseDateTime,
  type ClickHouseClient,
  type EventRow,
  type Migration,
} from '@argus/clickhouse';
import type { ClickHouseSettings } from '@clickhouse/client';
import { Test } from '@nestjs/testing';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { makeEventRow as makeStoredEventRow } from '../support/event-row.factory';

// Real embedded ClickHouse (chdb). Every test file in this jest worker shares embeddedTestDataDir(),
// since chdb binds one data directory per process; each file works in its own databases.
const dataDir = embeddedTestDataDir();
const DATABASE = 'argus_it_schema';

async function queryRows<T>(
  client: ClickHouseClient,
  query: string,
  queryParams: Record<string, unknown> = {},
  settings: ClickHouseSettings = {},
): Promise<T[]> {
  const result = await client.query({
    query,
    query_params: queryParams,
    clickhouse_settings: settings,
    format: 'JSONEachRow',
  });
  return result.json<T>();
}

async function connect(database: string): Promise<ClickHouseClient> {
  return createClickHouseClient({ database, dataDir });
}

function makeEventRow(overrides: Partial<EventRow> = {}): EventRow {
  return makeStoredEventRow({
    tenant_id: 'tenant-a',
    app_id: 'support-bot',
    environment: 'prod',
    conversation_id: 'conversation-1',
    trace_id: '4bf92f3577b34da6a3ce929d0e0e4736',
    span_id: '00f067aa0ba902b7',
    user_id: 'user-1',
    session_id: 'session-1',
    provider: 'openai',
    request_model: 'gpt-4o',
    response_model: 'gpt-4o-2024-08-06',
    system_text: 'You are a helpful assistant.',
    input_text: 'What is the refund policy?',
    output_text: 'Refunds are possible within 30 days.',
    retrieval_document_ids: ['doc-1'],
    input_tokens: 12,
    output_tokens: 9,
    latency_ms: 812.5,
    finish_reasons: ['stop'],
    risk_score: 0.1,
    kafka_offset: '42',
    ...overrides,
  });
}

describe('ClickHouse schema on embedded chdb', () => {
  let client: ClickHouseClient;

  beforeAll(async () => {
    client = await connect(DATABASE);
    await client.command({ query: `DROP DATABASE IF EXISTS ${DATABASE}_checksum SYNC` });
  });

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${DATABASE} SYNC` });
    await client.command({ query: `DROP DATABASE IF EXISTS ${DATABASE}_checksum SYNC` });
    await client.close();
  });

  it('applies the migrations once, records them, and applies nothing the second time', async () => {
    const first = await applyMigrations(client, { database: DATABASE, retention: DEFAULT_RETENTION });
    const shipped = MIGRATIONS.map(migrationLabel);
    expect(shipped.slice(0, 2)).toEqual(['001_initial_tables', '002_events_vertical_merges']);
    expect(first).toEqual({ applied: shipped, skipped: [], retentionUpdated: [] });

    const second = await applyMigrations(client, { database: DATABASE, retention: DEFAULT_RETENTION });
    expect(second).toEqual({ applied: [], skipped: shipped, retentionUpdated: [] });

    const recorded = await queryRows<{ version: number; name: string; checksum: string }>(
      client,
      'SELECT version, name, checksum FROM schema_migrations ORDER BY version',
    );
    expect(recorded).toEqual(
      MIGRATIONS.map((migration) => ({
        version: migration.version,
        name: migration.name,
        checksum: migrationChecksum(migration.sql),
      })),
    );

    const tables = await queryRows<{
      name: string;
      engine: string;
      partition_key: string;
      sorting_key: string;
    }>(
      client,
      'SELECT name, engine, partition_key, sorting_key FROM system.tables WHERE database = currentDatabase() ORDER BY name',
    );
    expect(tables).toEqual([
      {
        name: 'alert_deliveries',
        engine: 'MergeTree',
        partition_key: 'toYYYYMM(at)',
        sorting_key: 'alert_id, sink, at',
      },
      { name: 'alert_groups', engine: 'ReplacingMergeTree', partition_key: '', sorting_key: 'group_id' },
      {
        name: 'alerts',
        engine: 'ReplacingMergeTree',
        partition_key: 'toYYYYMM(created_at)',
        sorting_key: 'tenant_id, toDate(created_at), alert_id',
      },
      {
        name: 'behaviour_baselines',
        engine: 'ReplacingMergeTree',
        partition_key: '',
        sorting_key: 'tenant_id, app_id, user_id',
      },
      {
        name: 'behaviour_hourly',
        engine: 'AggregatingMergeTree',
        partition_key: 'toYYYYMM(hour)',
        sorting_key: 'tenant_id, app_id, hour, model, user_id',
      },
      { name: 'behaviour_hourly_mv', engine: 'MaterializedView', partition_key: '', sorting_key: '' },
      {
        name: 'drift_references',
        engine: 'ReplacingMergeTree',
        partition_key: '',
        sorting_key: 'tenant_id, app_id, model, field, embedder',
      },
      {
        name: 'drift_scores',
        engine: 'ReplacingMergeTree',
        partition_key: 'toYYYYMM(window_start)',
        sorting_key: 'tenant_id, app_id, toDate(window_start), model, field, window_start',
      },
      {
        name: 'erasure_requests',
        engine: 'ReplacingMergeTree',
        partition_key: '',
        sorting_key: 'request_id',
      },
      {
        name: 'erasure_staging',
        engine: 'MergeTree',
        partition_key: '',
        sorting_key: 'request_id, kind, value',
      },
      {
        name: 'events',
        engine: 'ReplacingMergeTree',
        partition_key: 'toYYYYMM(timestamp)',
        sorting_key: 'tenant_id, app_id, toDate(timestamp), event_id',
      },
      {
        name: 'findings',
        engine: 'ReplacingMergeTree',
        partition_key: 'toYYYYMM(timestamp)',
        sorting_key: 'tenant_id, app_id, toDate(timestamp), finding_id',
      },
      {
        name: 'protected_documents',
        engine: 'ReplacingMergeTree',
        partition_key: '',
        sorting_key: 'collection, document_id',
      },
      { name: 'schema_migrations', engine: 'MergeTree', partition_key: '', sorting_key: 'version' },
    ]);

    const columns = await queryRows<{ name: string; type: string; compression_codec: string }>(
      client,
      `SELECT name, type, compression_codec FROM system.columns
       WHERE database = currentDatabase() AND table = 'events' AND name IN ('tenant_id', 'input_text', 'tool_names', 'kafka_offset')
       ORDER BY name`,
    );
    expect(columns).toEqual([
      { name: 'input_text', type: 'String', compression_codec: 'CODEC(ZSTD(3))' },
      { name: 'kafka_offset', type: 'Int64', compression_codec: '' },
      { name: 'tenant_id', type: 'LowCardinality(String)', compression_codec: '' },
      { name: 'tool_names', type: 'Array(LowCardinality(String))', compression_codec: '' },
    ]);
  });

  it('runs every statement of a multi-statement migration, semicolons in strings included', async () => {
    const database = `${DATABASE}_checksum`;
    const other = await connect(database);
    try {
      const notes: Migration = {
        version: 100,
        name: 'notes',
        sql: `
-- two tables; the default below contains a semicolon
CREATE TABLE IF NOT EXISTS notes (id UInt32, text String DEFAULT 'a;b') ENGINE = MergeTree ORDER BY id;
CREATE TABLE IF NOT EXISTS tags (id UInt32) ENGINE = MergeTree ORDER BY id;
`,
      };
      const result = await applyMigrations(other, {
        database,
        retention: DEFAULT_RETENTION,
        migrations: [...MIGRATIONS, notes],
      });
      expect(result.applied).toEqual([...MIGRATIONS.map(migrationLabel), '100_notes']);
      const defaults = await queryRows<{ name: string; default_expression: string }>(
        other,
        "SELECT name, default_expression FROM system.columns WHERE database = currentDatabase() AND table = 'notes' AND name = 'text'",
      );
      expect(defaults).toEqual([{ name: 'text', default_expression: "'a;b'" }]);
      const tags = await queryRows(
        other,
        "SELECT name FROM system.tables WHERE database = currentDatabase() AND name = 'tags'",
      );
      expect(tags).toHaveLength(1);

      // An applied migration that changed is refused, and nothing after it runs.
      const later: Migration = {
        version: 101,
        name: 'later',
        sql: 'CREATE TABLE IF NOT EXISTS later (id UInt32) ENGINE = MergeTree ORDER BY id',
      };
      const edited = {
        ...notes,
        sql: `${notes.sql}\nCREATE TABLE IF NOT EXISTS more (id UInt32) ENGINE = MergeTree ORDER BY id;`,
      };
      await expect(
        applyMigrations(other, {
          database,
          retention: DEFAULT_RETENTION,
          migrations: [...MIGRATIONS, edited, later],
        }),
      ).rejects.toMatchObject({
        code: 'MIGRATION_CHECKSUM_MISMATCH',
        retryable: false,
        message: expect.stringContaining('Migration 100_notes was applied') as unknown,
      });
      const created = await queryRows<{ name: string }>(
        other,
        "SELECT name FROM system.tables WHERE database = currentDatabase() AND name IN ('later', 'more')",
      );
      expect(created).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('refuses to migrate a database other than the one the client points at', async () => {
    await expect(
      applyMigrations(client, { database: 'somewhere_else', retention: DEFAULT_RETENTION }),
    ).rejects.toMatchObject({ code: 'MIGRATION_DATABASE_MISMATCH' });
  });

  it('keeps one row per event when the same event is inserted twice', async () => {
    const first = makeEventRow({ app_id: 'dedup-app', output_text: 'first delivery' });
    const later = toClickHouseDateTime(Date.now() + 1000);
    const replay = { ...first, ingested_at: later, output_text: 'replayed delivery' };
    await client.insert({ table: 'events', values: [first], format: 'JSONEachRow' });
    await client.insert({ table: 'events', values: [replay], format: 'JSONEachRow' });

    // UInt64 comes back as a JSON string from a server and as a number from chdb: read it with Number().
    const counted = await queryRows<{ rows: string | number }>(
      client,
      "SELECT count() AS rows FROM events FINAL WHERE app_id = 'dedup-app'",
    );
    expect(Number(counted[0].rows)).toBe(1);
    const kept = await queryRows<{ output_text: string }>(
      client,
      "SELECT output_text FROM events FINAL WHERE app_id = 'dedup-app'",
    );
    expect(kept).toEqual([{ output_text: 'replayed delivery' }]);

    await client.command({ query: 'OPTIMIZE TABLE events FINAL' });
    const merged = await queryRows<{ rows: string | number }>(
      client,
      "SELECT count() AS rows FROM events WHERE app_id = 'dedup-app'",
    );
    expect(Number(merged[0].rows)).toBe(1);
  });

  it('changes each table TTL when the retention configuration changes', async () => {
    const shorter = { eventsDays: 30, findingsDays: 60, alertsDays: 400 };
    const changed = await applyMigrations(client, { database: DATABASE, retention: shorter });
    expect(changed.retentionUpdated).toEqual([
      'events',
      'findings',
      'alerts',
      'alert_deliveries',
      'drift_scores',
      'behaviour_hourly',
    ]);

    const showCreate = async (table: string): Promise<string> =>
      (await queryRows<{ statement: string }>(client, `SHOW CREATE TABLE ${table}`))[0].statement;
    expect(await showCreate('events')).toContain('TTL toDateTime(timestamp) + toIntervalDay(30)');
    expect(await showCreate('findings')).toContain('TTL toDateTime(timestamp) + toIntervalDay(60)');
    expect(await showCreate('alerts')).toContain('TTL toDateTime(created_at) + toIntervalDay(400)');
    expect(await showCreate('alert_deliveries')).toContain('TTL toDateTime(at) + toIntervalDay(400)');
    expect(await showCreate('drift_scores')).toContain('TTL toDateTime(window_start) + toIntervalDay(60)');
    expect(await showCreate('behaviour_hourly')).toContain('TTL toDateTime(hour) + toIntervalDay(30)');

    const again = await applyMigrations(client, { database: DATABASE, retention: shorter });
    expect(again.retentionUpdated).toEqual([]);

    const restored = await applyMigrations(client, { database: DATABASE, retention: DEFAULT_RETENTION });
    expect(restored.retentionUpdated).toEqual([
      'events',
      'findings',
      'alerts',
      'alert_deliveries',
      'drift_scores',
      'behaviour_hourly',
    ]);
    expect(await showCreate('events')).toContain('TTL toDateTime(timestamp) + toIntervalDay(90)');
  });

  it('refuses a retention that is not a whole number of days', async () => {
    await expect(
      applyMigrations(client, { database: DATABASE, retention: { ...DEFAULT_RETENTION, eventsDays: 0 } }),
    ).rejects.toMatchObject({ code: 'INVALID_RETENTION', retryable: false });
  });
});

describe('createClickHouseClient', () => {
  it('gives each client its own default database on the shared engine', async () => {
    const first = await connect('argus_it_first');
    const second = await connect('argus_it_second');
    try {
      const [a] = await queryRows<{ database: string }>(first, 'SELECT currentDatabase() AS database');
      const [b] = await queryRows<{ database: string }>(second, 'SELECT currentDatabase() AS database');
      expect([a.database, b.database]).toEqual(['argus_it_first', 'argus_it_second']);
      expect((await first.ping()).success).toBe(true);
    } finally {
      await first.command({ query: 'DROP DATABASE IF EXISTS argus_it_first SYNC' });
      await first.command({ query: 'DROP DATABASE IF EXISTS argus_it_second SYNC' });
      await Promise.all([first.close(), second.close()]);
    }
  });

  it('answers like a server: 64-bit integers as strings, strict date-time input', async () => {
    const embedded = await connect('argus_it_defaults');
    try {
      expect(await queryRows(embedded, 'SELECT toUInt64(5) AS n, currentDatabase() AS database')).toEqual([
        { n: '5', database: 'argus_it_defaults' },
      ]);
      await embedded.command({
        query: "CREATE TABLE times (at DateTime64(3, 'UTC')) ENGINE = MergeTree ORDER BY at",
      });
      await embedded.insert({
        table: 'times',
        values: [{ at: '2026-01-02 03:04:05.678' }],
        format: 'JSONEachRow',
      });
      // A server's default date_time_input_format ('basic') refuses ISO 8601 with a zone: use toClickHouseDateTime.
      await expect(
        embedded.insert({
          table: 'times',
          values: [{ at: '2026-01-02T03:04:05.678Z' }],
          format: 'JSONEachRow',
        }),
      ).rejects.toMatchObject({ code: '27' });
    } finally {
      await embedded.command({ query: 'DROP DATABASE IF EXISTS argus_it_defaults SYNC' });
      await embedded.close();
    }
  });

  it('applies per-call settings to that call only', async () => {
    const embedded = await connect('argus_it_settings');
    try {
      await embedded.command({ query: 'CREATE TABLE numbers (x UInt32) ENGINE = MergeTree ORDER BY x' });
      await expect(
        embedded.command({ query: 'INSERT INTO numbers VALUES (1)', clickhouse_settings: { readonly: '2' } }),
      ).rejects.toMatchObject({ type: 'READONLY' });
      await expect(
        embedded.query({
          query: 'SELECT number FROM system.numbers LIMIT 10',
          clickhouse_settings: { max_result_rows: '2', result_overflow_mode: 'throw' },
        }),
      ).rejects.toMatchObject({ type: 'TOO_MANY_ROWS_OR_BYTES' });
      // The same call with settings still sees the client's database and server defaults.
      expect(
        await queryRows(
          embedded,
          'SELECT currentDatabase() AS database, toUInt64(7) AS n',
          {},
          { readonly: '2' },
        ),
      ).toEqual([{ database: 'argus_it_settings', n: '7' }]);

      // Neither setting stuck to the client.
      await embedded.insert({
        table: 'numbers',
        values: [{ x: 2 }, { x: 3 }, { x: 4 }],
        format: 'JSONEachRow',
      });
      expect(await queryRows(embedded, 'SELECT x FROM numbers ORDER BY x')).toEqual([
        { x: 2 },
        { x: 3 },
        { x: 4 },
      ]);
    } finally {
      await embedded.command({ query: 'DROP DATABASE IF EXISTS argus_it_settings SYNC' });
      await embedded.close();
    }
  });

  it('refuses a second chdb data directory while one is open', async () => {
    const open = await connect('argus_it_conflict');
    try {
      await expect(
        createClickHouseClient({ database: 'argus_it_conflict', dataDir: join(dataDir, 'elsewhere') }),
      ).rejects.toMatchObject({ code: 'CHDB_DATA_DIR_CONFLICT', retryable: false });
    } finally {
      await open.command({ query: 'DROP DATABASE IF EXISTS argus_it_conflict SYNC' });
      await open.close();
    }
  });

  it('refuses a database name that is not an identifier', async () => {
    await expect(createClickHouseClient({ database: 'argus; DROP', dataDir })).rejects.toMatchObject({
      code: 'CLICKHOUSE_INVALID_OPTIONS',
    });
  });

  it('names the server it cannot reach, without the password', async () => {
    const closedPort = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
      });
    });
    const failure = createClickHouseClient({
      url: `http://argus:s3cret-in-url@127.0.0.1:${closedPort}/`,
      database: 'argus',
      dataDir,
      requestTimeoutMs: 5000,
    });
    await expect(failure).rejects.toMatchObject({ code: 'CLICKHOUSE_UNREACHABLE', retryable: true });
    const error = (await failure.catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain(`ClickHouse at http://argus@127.0.0.1:${closedPort}/`);
    expect(error.message).not.toMatch(/s3cret/);
  });
});

// No ClickHouse server can run here, so the HTTP path is checked against a stand-in that speaks the
// HTTP interface's contract: which database each request carries, what a missing database and a
// refused login look like.
describe('createClickHouseClient over HTTP', () => {
  type Received = { database: string | null; sql: string };

  async function fakeServer(
    answer: (sql: string) => { status: number; body: string; exceptionCode?: string },
  ): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
    const received: Received[] = [];
    const server = createHttpServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://localhost');
        const sql = `${url.searchParams.get('query') ?? ''}${Buffer.concat(chunks).toString()}`.trim();
        received.push({ database: url.searchParams.get('database'), sql });
        const { status, body, exceptionCode } = answer(sql);
        response.writeHead(status, exceptionCode ? { 'X-ClickHouse-Exception-Code': exceptionCode } : {});
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    return {
      url: `http://127.0.0.1:${port}`,
      received,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  }

  it('creates a missing database through a client without one, then connects to it', async () => {
    const server = await fakeServer((sql) => ({
      status: 200,
      body: sql.includes('system.databases') ? '{"found":"0"}\n' : '',
    }));
    try {
      const client = await createClickHouseClient({ url: server.url, database: 'argus_http', dataDir });
      await client.command({ query: 'SELECT 1' });
      await client.close();
      const statements = server.received.map(({ database, sql }) => ({
        database,
        sql: sql.split('\n')[0].trim(),
      }));
      expect(statements.filter(({ sql }) => !sql.startsWith('SELECT 1'))).toEqual([
        { database: null, sql: expect.stringContaining('ping') as unknown },
        {
          database: null,
          sql: 'SELECT count() AS found FROM system.databases WHERE name = {database:String}',
        },
        { database: null, sql: 'CREATE DATABASE IF NOT EXISTS `argus_http`' },
        { database: null, sql: expect.stringContaining('ping') as unknown },
      ]);
      expect(statements.at(-1)).toEqual({ database: 'argus_http', sql: 'SELECT 1' });
    } finally {
      await server.close();
    }
  });

  it('does not ask for CREATE DATABASE when the database exists', async () => {
    const server = await fakeServer((sql) => ({
      status: 200,
      body: sql.includes('system.databases') ? '{"found":"1"}\n' : '',
    }));
    try {
      const client = await createClickHouseClient({ url: server.url, database: 'argus_http', dataDir });
      await client.close();
      expect(server.received.some(({ sql }) => sql.startsWith('CREATE DATABASE'))).toBe(false);
    } finally {
      await server.close();
    }
  });

  it('reports refused credentials as an authentication failure', async () => {
    const server = await fakeServer(() => ({
      status: 401,
      exceptionCode: '516',
      body: 'Code: 516. DB::Exception: argus: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED) (version 24.8.4.13 (official build))\n',
    }));
    try {
      const failure = createClickHouseClient({
        url: server.url,
        username: 'argus',
        password: 'wrong-password',
        database: 'argus_http',
        dataDir,
      });
      await expect(failure).rejects.toMatchObject({
        code: 'CLICKHOUSE_AUTHENTICATION_FAILED',
        retryable: false,
      });
      const error = (await failure.catch((caught: unknown) => caught)) as Error;
      expect(error.message).toContain(`Cannot reach ClickHouse at ${server.url}/`);
      expect(error.message).not.toContain('wrong-password');
    } finally {
      await server.close();
    }
  });
});

describe('ClickHouseModule', () => {
  it('provides a migrated client and closes it at shutdown', async () => {
    const database = 'argus_it_module';
    const moduleRef = await Test.createTestingModule({
      imports: [
        ClickHouseModule.forRootAsync({
          useFactory: () => ({ connection: { database, dataDir }, retention: DEFAULT_RETENTION }),
        }),
      ],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
    const client = moduleRef.get<ClickHouseClient>(CLICKHOUSE_CLIENT);
    const tables = await queryRows<{ name: string }>(
      client,
      'SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name',
    );
    expect(tables.map((table) => table.name)).toEqual([
      'alert_deliveries',
      'alert_groups',
      'alerts',
      'behaviour_baselines',
      'behaviour_hourly',
      'behaviour_hourly_mv',
      'drift_references',
      'drift_scores',
      'erasure_requests',
      'erasure_staging',
      'events',
      'findings',
      'protected_documents',
      'schema_migrations',
    ]);
    await client.command({ query: `DROP DATABASE ${database} SYNC` });

    await moduleRef.close();
    await expect(client.query({ query: 'SELECT 1' })).rejects.toThrow(/closed/);
  });
});
