import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import {
  type ClickHouseClient,
  DEFAULT_RETENTION,
  type ErasureReport,
  type ErasureSubject,
  applyMigrations,
  createClickHouseClient,
  embeddedTestDataDir,
  readErasureRequest,
  runErasure,
  subjectHmac,
} from '@argus/clickhouse';
import { loadConfig } from '@argus/config';
import { runCli } from '../../apps/cli/src/cli';
import { eraseCommand } from '../../apps/cli/src/commands/erase.command';
import { ErasureFixtures } from './erasure-fixtures';

// Erasure against real embedded ClickHouse (chdb): rows written the way ingest, the alerter and the
// analyzer write them (erasure-fixtures.ts), two users of one tenant plus the same user id in another
// tenant; one (tenant, user) is erased and every table is read back.

const DATABASE = 'argus_it_erasure';
const SECRET = 'erasure-integration-test-secret-0123456789';
const T1 = 'tenant-one';
const T2 = 'tenant-two';
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';

describe('data-subject erasure on embedded ClickHouse', () => {
  let client: ClickHouseClient;
  let fixtures: ErasureFixtures;
  const rows = <T>(query: string, params?: Record<string, string>) => fixtures.rows<T>(query, params);
  const count = (query: string, params?: Record<string, string>) => fixtures.count(query, params);
  const seedUser = (tenantId: string, userId: string, conversationId: string) =>
    fixtures.seedUser(tenantId, userId, conversationId);
  const tablesMentioning = (needle: string) => fixtures.tablesMentioning(needle);

  beforeAll(async () => {
    client = await createClickHouseClient({ database: DATABASE, dataDir: embeddedTestDataDir() });
    fixtures = new ErasureFixtures(client);
    await applyMigrations(client, { database: DATABASE, retention: DEFAULT_RETENTION });
    const tables = await rows<{ name: string }>(
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree'",
    );
    for (const { name } of tables) await client.command({ query: `TRUNCATE TABLE ${name}` });
  });
  afterAll(async () => client.close());

  it('erases one user of one tenant everywhere and leaves the others; a second run changes nothing', async () => {
    const alice = await seedUser(T1, ALICE, 'conv-alice');
    const bob = await seedUser(T1, BOB, 'conv-bob');
    const aliceElsewhere = await seedUser(T2, ALICE, 'conv-alice-2');
    const drift = await fixtures.seedDrift(
      T1,
      { eventId: alice.eventIds[0], text: `${alice.text} turn 0` },
      { eventId: bob.eventIds[0], text: `${bob.text} turn 0` },
    );
    // The materialized view aggregated every user's events.
    expect(
      await count(
        'SELECT count() AS n FROM behaviour_hourly WHERE tenant_id = {t:String} AND user_id = {u:String}',
        { t: T1, u: ALICE },
      ),
    ).toBe(1);
    const bobBefore = await tablesMentioning(bob.text);
    const elsewhereBefore = await tablesMentioning(aliceElsewhere.text);
    const mutationsBefore = await count(
      'SELECT count() AS n FROM system.mutations WHERE database = currentDatabase()',
    );

    const subject: ErasureSubject = { tenantId: T1, kind: 'user', id: ALICE };
    const report = await runErasure({ client, subjectHmacSecret: SECRET }, { subject, origin: 'cli' });

    expect(report).toMatchObject({
      status: 'completed',
      attempts: 1,
      dry_run: false,
      tenant_id: T1,
      subject_kind: 'user',
      error: null,
    });
    expect(report.steps).toEqual({
      alert_deliveries: { table: 'alert_deliveries', action: 'delete', rows_before: 2, rows_after: 0 },
      alert_groups: { table: 'alert_groups', action: 'delete', rows_before: 1, rows_after: 0 },
      alerts: { table: 'alerts', action: 'delete', rows_before: 2, rows_after: 0 },
      'alerts:evidence': { table: 'alerts', action: 'redact', rows_before: 1, rows_after: 0 },
      'drift_scores:examples': { table: 'drift_scores', action: 'redact', rows_before: 1, rows_after: 0 },
      'findings:examples': { table: 'findings', action: 'redact', rows_before: 1, rows_after: 0 },
      findings: { table: 'findings', action: 'delete', rows_before: 3, rows_after: 0 },
      behaviour_baselines: { table: 'behaviour_baselines', action: 'delete', rows_before: 1, rows_after: 0 },
      behaviour_hourly: { table: 'behaviour_hourly', action: 'delete', rows_before: 1, rows_after: 0 },
      events: { table: 'events', action: 'delete', rows_before: 2, rows_after: 0 },
    });

    // Nothing of Alice in tenant one is left, in any table: her texts, her events, findings and alerts.
    expect(await tablesMentioning(alice.text)).toEqual({});
    for (const id of [...alice.eventIds, ...alice.findingIds, ...alice.alertIds])
      expect({ id, tables: await tablesMentioning(id) }).toEqual({ id, tables: {} });
    for (const table of ['events', 'behaviour_hourly', 'behaviour_baselines'])
      expect(
        await count(
          `SELECT count() AS n FROM ${table} WHERE tenant_id = {t:String} AND user_id = {u:String}`,
          { t: T1, u: ALICE },
        ),
      ).toBe(0);
    // Her id appears only in tenant two now; ClickHouse's record of mutations never had it (staged, not a literal).
    expect(Object.keys(await tablesMentioning(ALICE)).sort()).toEqual([
      'alert_groups',
      'alerts',
      'behaviour_baselines',
      'behaviour_hourly',
      'events',
      'findings',
    ]);
    expect(
      await count(
        "SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND position(command, 'alice') > 0",
      ),
    ).toBe(0);
    expect(await count('SELECT count() AS n FROM erasure_staging')).toBe(0);

    // Bob and tenant two are intact; the drift result keeps its statistics and Bob's example.
    expect(await tablesMentioning(bob.text)).toEqual(bobBefore);
    expect(await tablesMentioning(aliceElsewhere.text)).toEqual(elsewhereBefore);
    const [score] = await rows<{ examples: string; effect: number }>(
      'SELECT examples, effect FROM drift_scores',
    );
    expect(JSON.parse(score.examples)).toEqual([
      { event_id: bob.eventIds[0], text: `${bob.text} turn 0`, score: 0.3 },
    ]);
    expect(score.effect).toBe(0.01);
    const [driftRow] = await rows<{ evidence: string; attributes: string }>(
      'SELECT evidence, attributes FROM findings WHERE finding_id = {id:String}',
      { id: drift.findingId },
    );
    expect(driftRow.evidence).toBe('');
    expect(JSON.parse(driftRow.attributes)).toMatchObject({
      example_event_ids: bob.eventIds[0],
      effect: 0.01,
      n_current: 100,
    });
    const [driftAlert] = await rows<{ payload: string }>(
      'SELECT payload FROM alerts WHERE alert_id = {id:String}',
      { id: drift.alertId },
    );
    expect(JSON.parse(driftAlert.payload)).toMatchObject({
      evidence: '',
      category: 'embedding_drift',
      finding_ids: [drift.findingId],
    });

    // The audit row proves it without naming her.
    const audit = await rows<Record<string, unknown>>('SELECT * FROM erasure_requests FINAL');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      request_id: report.request_id,
      tenant_id: T1,
      subject_kind: 'user',
      subject_hmac: subjectHmac(subject, SECRET),
      origin: 'cli',
      status: 'completed',
      error: '',
      rows_before: expect.objectContaining({ events: '2', findings: '3', alerts: '2' }),
      rows_after: expect.objectContaining({ events: '0', findings: '0', alerts: '0' }),
    });
    expect(audit[0].completed_at).toEqual(expect.any(String));
    expect(JSON.stringify(audit)).not.toMatch(/alice/i);
    expect(await readErasureRequest(client, report.request_id ?? '')).toEqual(report);

    // Again, as a new request: nothing left, so no mutation at all on the data tables.
    const dataMutations = await count(
      "SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND table != 'erasure_staging'",
    );
    expect(dataMutations).toBeGreaterThan(mutationsBefore);
    const again = await runErasure({ client, subjectHmacSecret: SECRET }, { subject, origin: 'api' });
    expect(again.status).toBe('completed');
    expect(again.request_id).not.toBe(report.request_id);
    expect(Object.values(again.steps).every((step) => step.rows_before === 0 && step.rows_after === 0)).toBe(
      true,
    );
    expect(
      await count(
        "SELECT count() AS n FROM system.mutations WHERE database = currentDatabase() AND table != 'erasure_staging'",
      ),
    ).toBe(dataMutations);
    expect(await tablesMentioning(bob.text)).toEqual(bobBefore);
  });

  it('records a failure part-way and completes it on retry of the same request', async () => {
    const carol = await seedUser(T1, 'carol', 'conv-carol');
    const subject: ErasureSubject = { tenantId: T1, kind: 'user', id: 'carol' };
    // ClickHouse refuses the findings mutation (as a lost connection or a full disk would).
    const failing = {
      query: client.query.bind(client),
      insert: client.insert.bind(client),
      command: (params: Parameters<ClickHouseClient['command']>[0]) =>
        params.query.startsWith('ALTER TABLE findings DELETE')
          ? Promise.reject(new Error("Code: 241. MEMORY_LIMIT_EXCEEDED while processing 'carol'"))
          : client.command(params),
    } as unknown as ClickHouseClient;

    const failed = await runErasure(
      { client: failing, subjectHmacSecret: SECRET },
      { subject, origin: 'api' },
    );
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^step findings \(delete on findings\) failed: Code: 241/);
    expect(failed.error).toContain("'[subject]'");
    expect(failed.error).not.toContain('carol');
    expect(failed.steps.alerts).toMatchObject({ rows_before: 2, rows_after: 0 });
    expect(failed.steps.findings).toBeUndefined();
    // Alerts are gone; the events are still there, and through them the findings can still be found.
    expect(await tablesMentioning(carol.eventIds[0])).toMatchObject({ events: 1, findings: 1 });
    expect(await count('SELECT count() AS n FROM erasure_staging')).toBe(0);
    expect(await readErasureRequest(client, failed.request_id ?? '')).toMatchObject({
      status: 'failed',
      attempts: 1,
    });

    // Retried twice at once (a client retrying while its first retry still runs): runs stage their ids
    // apart, so neither empties the other's sets.
    const [retried, overlapping] = await Promise.all(
      [0, 1].map(() =>
        runErasure(
          { client, subjectHmacSecret: SECRET },
          { subject, requestId: failed.request_id ?? '', origin: 'api' },
        ),
      ),
    );
    expect(retried).toMatchObject({
      request_id: failed.request_id,
      status: 'completed',
      attempts: 2,
      error: null,
    });
    expect(overlapping.status).toBe('completed');
    expect(await count('SELECT count() AS n FROM erasure_staging')).toBe(0);
    // The counts of the first attempt are kept: the audit row says what the request erased in all.
    expect(retried.steps.alerts).toMatchObject({ rows_before: 2, rows_after: 0 });
    expect(retried.steps.findings).toMatchObject({ rows_before: 3, rows_after: 0 });
    expect(retried.steps.events).toMatchObject({ rows_before: 2, rows_after: 0 });
    expect(await tablesMentioning(carol.text)).toEqual({});
    expect(retried.requested_at).toBe(failed.requested_at);

    // A retry must be about the same subject.
    await expect(
      runErasure(
        { client, subjectHmacSecret: SECRET },
        { subject: { ...subject, id: 'dave' }, requestId: failed.request_id ?? '', origin: 'api' },
      ),
    ).rejects.toMatchObject({ code: 'ERASURE_REQUEST_MISMATCH' });
    await expect(
      runErasure({ client, subjectHmacSecret: SECRET }, { subject, requestId: randomUUID(), origin: 'api' }),
    ).rejects.toMatchObject({ code: 'ERASURE_REQUEST_NOT_FOUND' });
  });

  it('erases a conversation (whoever spoke in it) and leaves the behaviour aggregates', async () => {
    const erin = await seedUser(T1, 'erin', 'conv-shared');
    const frank = await seedUser(T1, 'frank', 'conv-shared');
    const erinOther = await seedUser(T1, 'erin', 'conv-erin-other');
    const hourly = await count(
      "SELECT count() AS n FROM behaviour_hourly WHERE user_id IN ('erin', 'frank')",
    );

    const dry = await runErasure(
      { client, subjectHmacSecret: undefined },
      { subject: { tenantId: T1, kind: 'conversation', id: 'conv-shared' }, dryRun: true, origin: 'cli' },
    );
    expect(dry).toMatchObject({ status: 'dry_run', request_id: null, subject_hmac: null });
    expect(dry.steps.events).toEqual({ table: 'events', action: 'delete', rows_before: 4, rows_after: 4 });
    expect(await tablesMentioning(erin.text)).toMatchObject({ events: 2 });

    const report = await runErasure(
      { client, subjectHmacSecret: SECRET },
      { subject: { tenantId: T1, kind: 'conversation', id: 'conv-shared' }, origin: 'api' },
    );
    expect(report.status).toBe('completed');
    expect(report.steps.events).toMatchObject({ rows_before: 4, rows_after: 0 });
    expect(report.steps.behaviour_hourly).toBeUndefined();
    expect(await tablesMentioning(erin.text)).toEqual({});
    expect(await tablesMentioning(frank.text)).toEqual({});
    // Erin's other conversation, and the per-user aggregates, are not this conversation's.
    expect(await tablesMentioning(erinOther.eventIds[0])).toMatchObject({ events: 1, findings: 1 });
    expect(await count("SELECT count() AS n FROM behaviour_hourly WHERE user_id IN ('erin', 'frank')")).toBe(
      hourly,
    );
  });

  it('bin/argus erase prints the counts, dry run included', async () => {
    const grace = await seedUser(T1, 'grace', 'conv-grace');
    const config = loadConfig({ ERASURE_HMAC_SECRET: SECRET, ARGUS_DATA_DIR: '/nonexistent' });
    const command = eraseCommand({
      loadConfig: () => config,
      // The test's own client: chdb allows one data directory per process. The command closes what it opens.
      open: () =>
        Promise.resolve({
          query: client.query.bind(client),
          command: client.command.bind(client),
          insert: client.insert.bind(client),
          close: () => Promise.resolve(),
        }),
    });
    async function argus(args: string[]) {
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      let out = '';
      let err = '';
      stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      const code = await runCli([command], ['node', 'argus', ...args], {
        stdin: Readable.from([]),
        stdout,
        stderr,
      });
      return {
        code,
        reports: out
          .trim()
          .split('\n')
          .filter(Boolean)
          .map((line) => JSON.parse(line) as ErasureReport),
        stderr: err,
      };
    }

    const dry = await argus(['erase', '--tenant', T1, '--user', 'grace', '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.reports[0]).toMatchObject({ status: 'dry_run', steps: { events: { rows_before: 2 } } });
    expect(dry.stderr).toContain(
      'argus erase: user in tenant tenant-one: dry_run: would change: alert_deliveries 2, alert_groups 1, alerts 2, findings 3',
    );
    expect(await tablesMentioning(grace.text)).toMatchObject({ events: 2 });

    const real = await argus(['erase', '--tenant', T1, '--user', 'grace']);
    expect(real.code).toBe(0);
    expect(real.reports[0]).toMatchObject({
      status: 'completed',
      steps: { events: { rows_before: 2, rows_after: 0 } },
    });
    expect(real.stderr).toMatch(/: completed \(request [0-9a-f-]{36}\): rows changed: .*events 2\/2/);
    expect(await tablesMentioning(grace.text)).toEqual({});

    const history = await argus(['erase', '--tenant', T1, '--user', 'grace', '--history']);
    expect(history.reports.map((report) => report.request_id)).toEqual([real.reports[0].request_id]);

    const none = await argus(['erase', '--tenant', T1]);
    expect(none).toMatchObject({ code: 2, stderr: 'argus: give --user <id> and/or --conversation <id>\n' });
  });
});
