import { Writable } from 'node:stream';
import { type DynamicModule, Global, type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import {
  CLICKHOUSE_CLIENT,
  type ClickHouseClient,
  DEFAULT_RETENTION,
  applyMigrations,
  createClickHouseClient,
  embeddedTestDataDir,
} from '@argus/clickhouse';
import { ConfigModule, loadConfig } from '@argus/config';
import { HealthRegistry, ObservabilityModule, createLogger, createMetrics } from '@argus/observability';
import { ErasureModule } from '../../apps/api/src/erasure/erasure.module';
import { makeEventRow } from '../support/event-row.factory';

// POST /v1/erasure and GET /v1/erasure/:request_id over HTTP: the erasure module in a Nest app on an
// ephemeral port, on real embedded ClickHouse, with the process's logger captured.

const DATABASE = 'argus_it_erasure_api';
const TOKEN = 'admin-token-for-the-erasure-api-test-0123456789';
const SUBJECT = 'subject-user-7f3a@example.org';

@Global()
@Module({})
class ClickHouseClientModule {
  static of(client: ClickHouseClient): DynamicModule {
    return {
      module: ClickHouseClientModule,
      providers: [{ provide: CLICKHOUSE_CLIENT, useValue: client }],
      exports: [CLICKHOUSE_CLIENT],
    };
  }
}

describe('erasure over HTTP', () => {
  let client: ClickHouseClient;
  const apps: INestApplication[] = [];
  const logs: string[] = [];
  const metrics = createMetrics();

  async function start(environment: Record<string, string>): Promise<string> {
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _encoding, done) {
          logs.push(chunk.toString());
          done();
        },
      }),
    });
    const moduleRef = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot(loadConfig(environment)),
        ObservabilityModule.forRoot({ logger, metrics, health: new HealthRegistry() }),
        ClickHouseClientModule.of(client),
        ErasureModule,
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    apps.push(app);
    return (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  beforeAll(async () => {
    client = await createClickHouseClient({ database: DATABASE, dataDir: embeddedTestDataDir() });
    await applyMigrations(client, { database: DATABASE, retention: DEFAULT_RETENTION });
    for (const table of ['events', 'behaviour_hourly', 'erasure_requests'])
      await client.command({ query: `TRUNCATE TABLE ${table}` });
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await client.close();
  });

  const eventsOf = async (userId: string) => {
    const result = await client.query({
      query: 'SELECT count() AS n FROM events WHERE tenant_id = {t:String} AND user_id = {u:String}',
      query_params: { t: 'acme', u: userId },
      format: 'JSONEachRow',
    });
    return Number((await result.json<{ n: string }>())[0].n);
  };

  it('answers 403 while disabled', async () => {
    const url = await start({ API_ADMIN_TOKEN: TOKEN });
    const response = await fetch(`${url}/v1/erasure`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ tenant_id: 'acme', user_id: SUBJECT }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      message: 'the erasure endpoint is disabled (API_ERASURE_ENABLED=false)',
    });
  });

  it('authenticates, validates, erases, reports; and never logs the subject id', async () => {
    await client.insert({
      table: 'events',
      values: [
        makeEventRow({ tenant_id: 'acme', user_id: SUBJECT, input_text: 'mine' }),
        makeEventRow({ tenant_id: 'acme', user_id: SUBJECT }),
        makeEventRow({ tenant_id: 'acme', user_id: 'someone-else' }),
      ],
      format: 'JSONEachRow',
    });
    const url = await start({
      API_ERASURE_ENABLED: 'true',
      API_ADMIN_TOKEN: TOKEN,
      ERASURE_HMAC_SECRET: 'hmac-secret-for-the-erasure-api-test-0123',
    });
    const post = (body: string, authorization?: string) =>
      fetch(`${url}/v1/erasure`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body,
      });
    const body = JSON.stringify({ tenant_id: 'acme', user_id: SUBJECT });

    const anonymous = await post(body);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe(
      'Bearer realm="argus-admin", error="invalid_token"',
    );
    expect(await anonymous.json()).toMatchObject({
      message: 'missing bearer token: send Authorization: Bearer <API_ADMIN_TOKEN>',
    });
    expect((await post(body, `Bearer ${TOKEN.slice(0, -1)}x`)).status).toBe(401);
    expect(await eventsOf(SUBJECT)).toBe(2);

    const bad = await post(JSON.stringify({ tenant_id: 'acme', userid: SUBJECT }), `Bearer ${TOKEN}`);
    expect(bad.status).toBe(400);
    const badMessage = ((await bad.json()) as { message: string }).message;
    expect(badMessage).toMatch(/^invalid erasure request: .*Unrecognized key: "userid"/);
    expect(badMessage).not.toContain(SUBJECT);
    expect((await post('{"tenant_id":', `Bearer ${TOKEN}`)).status).toBe(400);

    const done = await post(body, `Bearer ${TOKEN}`);
    expect(done.status).toBe(200);
    const report = (await done.json()) as {
      request_id: string;
      status: string;
      steps: Record<string, unknown>;
    };
    expect(report).toMatchObject({
      status: 'completed',
      tenant_id: 'acme',
      subject_kind: 'user',
      origin: 'api',
      steps: {
        events: { table: 'events', action: 'delete', rows_before: 2, rows_after: 0 },
        behaviour_hourly: { rows_before: 1, rows_after: 0 },
      },
    });
    expect(report.request_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(report)).not.toContain(SUBJECT);
    expect(await eventsOf(SUBJECT)).toBe(0);
    expect(await eventsOf('someone-else')).toBe(1);

    const get = (id: string, authorization = `Bearer ${TOKEN}`) =>
      fetch(`${url}/v1/erasure/${id}`, { headers: { authorization } });
    const status = await get(report.request_id);
    expect(status.status).toBe(200);
    expect(await status.json()).toEqual(report);
    expect((await get(report.request_id, 'Bearer nope')).status).toBe(401);
    expect((await get('0b7f3c2e-5d1a-4e8b-9f00-3a1c2d4e5f60')).status).toBe(404);
    expect((await get('not-a-request')).status).toBe(400);

    // A retry is for the same subject, of a known request.
    const retry = (requestId: string, userId: string) =>
      post(JSON.stringify({ tenant_id: 'acme', user_id: userId, request_id: requestId }), `Bearer ${TOKEN}`);
    expect((await retry('0b7f3c2e-5d1a-4e8b-9f00-3a1c2d4e5f60', SUBJECT)).status).toBe(404);
    expect((await retry(report.request_id, 'someone-else')).status).toBe(409);
    const again = await retry(report.request_id, SUBJECT);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({
      request_id: report.request_id,
      status: 'completed',
      attempts: 2,
    });

    const logged = logs.join('');
    expect(logged).toContain(`"request_id":"${report.request_id}"`);
    expect(logged).toContain('"msg":"erasure completed"');
    expect(logged).not.toContain(SUBJECT);
    const exposition = await metrics.registry.metrics();
    expect(exposition).toContain('argus_erasure_requests_total{outcome="completed"} 2');
    expect(exposition).toContain('argus_erasure_rows_total{step="events"} 2');
  });
});
