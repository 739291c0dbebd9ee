import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import {
  alertFromFinding,
  pendingDeliveryRow,
  toAlertGroupRow,
  toAlertRow,
  type Alert,
} from '@argus/alerting';
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
  toClickHouseDateTime,
} from '@argus/clickhouse';
import { loadConfig } from '@argus/config';
import { type Finding } from '@argus/contracts';
import { toFindingRow } from '@argus/ingestion';
import { makeFinding } from '@argus/testing';
import { runCli } from '../../apps/cli/src/cli';
import { eraseCommand } from '../../apps/cli/src/commands/erase.command';
import { behaviourFinding } from '../../apps/analyzer/src/behaviour-anomaly.findings';
import { driftFinding, driftScoreRow } from '../../apps/analyzer/src/drift/drift.findings';
import { makeEventRow } from '../support/event-row.factory';

// Erasure against real embedded ClickHouse (chdb): rows written the way ingest, the alerter and the
// analyzer write them (their own row mappers), two users of one tenant plus the same user id in another
// tenant; one (tenant, user) is erased and every table is read back.

const DATABASE = 'argus_it_erasure';
const SECRET = 'erasure-integration-test-secret-0123456789';
const T1 = 'tenant-one';
const T2 = 'tenant-two';
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';

type Seeded = { eventIds: string[]; findingIds: string[]; alertIds: string[]; text: string };

describe('data-subject erasure on embedded ClickHouse', () => {
  let client: ClickHouseClient;

  beforeAll(async () => {
    client = await createClickHouseClient({ database: DATABASE, dataDir: embeddedTestDataDir() });
    await applyMigrations(client, { database: DATABASE, retention: DEFAULT_RETENTION });
    const tables = await rows<{ name: string }>(
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree'",
    );
    for (const { name } of tables) await client.command({ query: `TRUNCATE TABLE ${name}` });
  });
  afterAll(async () => client.close());

  async function rows<T>(query: string, params: Record<string, string> = {}): Promise<T[]> {
    const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
    return result.json<T>();
  }
  async function count(query: string, params: Record<string, string> = {}): Promise<number> {
    return Number((await rows<{ n: string }>(query, params))[0].n);
  }
  const insert = (table: string, values: object[]) => client.insert({ table, values, format: 'JSONEachRow' });

  /** What each app stores about one user: events, findings, a behaviour finding, alerts, deliveries, group, baseline. */
  async function seedUser(tenantId: string, userId: string, conversationId: string): Promise<Seeded> {
    const text = `private words of ${userId} in ${tenantId} ${randomUUID()}`;
    const events = [0, 1].map((turn) =>
      makeEventRow({
        tenant_id: tenantId,
        user_id: userId,
        session_id: `session-${userId}`,
        conversation_id: conversationId,
        input_text: `${text} turn ${turn}`,
        event_json: JSON.stringify({ user: { id: userId }, input: text }),
        input_tokens: 10,
        finding_count: 1,
      }),
    );
    await insert('events', events);
    const findings: Finding[] = events.map((event) =>
      makeFinding({
        finding_id: randomUUID().replace(/-/g, ''),
        event_id: event.event_id,
        tenant_id: tenantId,
        timestamp: new Date().toISOString(),
        evidence: text.slice(0, 20),
        user_id: userId,
        conversation_id: conversationId,
      }),
    );
    const behaviour = behaviourFinding(
      {
        entity: { kind: 'user', tenantId, appId: 'app-a', userId },
        metric: 'requests',
        kind: 'volume',
        hourStart: Math.floor(Date.now() / 3_600_000) * 3_600_000,
        direction: 'up',
        observed: 500,
        expected: 10,
        expectedLow: 0,
        expectedHigh: 30,
        zScore: 12,
        score: 0.9,
        test: 'robust_z',
        baseline: 'trailing',
        baselineHours: 48,
        requests: 500,
      },
      5,
    );
    await insert(
      'findings',
      [...findings, behaviour].map((finding) => toFindingRow(finding, new Date())),
    );
    const alerts = [alertFromFinding(findings[0], new Date()), alertFromFinding(behaviour, new Date())];
    await insert(
      'alerts',
      alerts.map((alert) => toAlertRow(alert, new Date())),
    );
    await insert(
      'alert_deliveries',
      alerts.map((alert) => pendingDeliveryRow(alert.alert_id, 'stdout', new Date())),
    );
    await insert('alert_groups', [groupRow(alerts[0], findings)]);
    await insert('behaviour_baselines', [
      {
        tenant_id: tenantId,
        app_id: 'app-a',
        user_id: userId,
        tokens_log_median: 2,
        tokens_log_scale: 0.5,
        active_hours: 9,
        computed_at: toClickHouseDateTime(new Date()),
      },
    ]);
    return {
      eventIds: events.map((event) => event.event_id),
      findingIds: [...findings, behaviour].map((finding) => finding.finding_id),
      alertIds: alerts.map((alert) => alert.alert_id),
      text,
    };
  }

  function groupRow(base: Alert, findings: Finding[]) {
    const now = Date.now();
    return toAlertGroupRow(
      {
        id: base.alert_id,
        key: `policy=default|user=${base.user_id ?? ''}`,
        window_start: now,
        window_end: now + 300_000,
        occurrences: findings.length,
        alerted_occurrences: 1,
        escalations: 0,
        severity: base.severity,
        first_seen: base.first_seen,
        last_seen: base.last_seen,
        finding_ids: findings.map((finding) => finding.finding_id),
        event_ids: findings.map((finding) => finding.event_id),
        base,
        closed: false,
      },
      new Date(),
    );
  }

  /** A drift result of tenant one whose examples quote one of Alice's events (first) and one of Bob's. */
  async function seedDrift(aliceEvent: string, aliceText: string, bobEvent: string, bobText: string) {
    const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000);
    const plan = {
      current: { start, end: new Date(start.getTime() + 3_600_000) },
      reference: { kind: 'trailing' as const, start: new Date(start.getTime() - 86_400_000), end: start },
    };
    const example = (index: number, text: string, score: number) => ({
      index,
      text,
      distanceToCurrentCentroid: 0.1,
      distanceToReferenceCentroid: 0.1 + score,
      score,
    });
    const outcome = {
      key: {
        tenantId: T1,
        appId: 'app-a',
        model: 'gpt-x',
        field: 'input' as const,
        embedder: 'hashing',
        currentEventIds: [aliceEvent, bobEvent],
      },
      result: {
        statistic: 0.01,
        pValue: 0.001,
        tailPValue: 0.001,
        effect: 0.01,
        drift: true,
        referenceCount: 200,
        currentCount: 100,
        energyDistance: 0.2,
        centroidCosineShift: 0.05,
        bandwidth: 1,
        permutations: 200,
        alpha: 0.05,
        minEffect: 0.00035,
      },
      pAdjusted: 0.01,
      drift: true,
      examples: [example(0, aliceText, 0.4), example(1, bobText, 0.3)],
    };
    const finding = driftFinding(outcome, plan);
    await insert('findings', [toFindingRow(finding, new Date())]);
    await insert('drift_scores', [
      driftScoreRow(outcome, {
        plan,
        testsInRun: 1,
        findingId: finding.finding_id,
        runId: 'run-1',
        computedAt: new Date(),
      }),
    ]);
    const alert = alertFromFinding(finding, new Date());
    await insert('alerts', [toAlertRow(alert, new Date())]);
    return { findingId: finding.finding_id, alertId: alert.alert_id };
  }

  /** Rows of every table that mention `needle` anywhere (any column), by table. */
  async function tablesMentioning(needle: string): Promise<Record<string, number>> {
    const tables = await rows<{ name: string }>(
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree'",
    );
    const found: Record<string, number> = {};
    for (const { name } of tables) {
      const n = await count(
        `SELECT count() AS n FROM ${name} WHERE position(formatRow('JSONEachRow', *), {needle:String}) > 0`,
        { needle },
      );
      if (n > 0) found[name] = n;
    }
    return found;
  }

  it('erases one user of one tenant everywhere and leaves the others; a second run changes nothing', async () => {
    const alice = await seedUser(T1, ALICE, 'conv-alice');
    const bob = await seedUser(T1, BOB, 'conv-bob');
    const aliceElsewhere = await seedUser(T2, ALICE, 'conv-alice-2');
    const drift = await seedDrift(
      alice.eventIds[0],
      `${alice.text} turn 0`,
      bob.eventIds[0],
      `${bob.text} turn 0`,
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

    const retried = await runErasure(
      { client, subjectHmacSecret: SECRET },
      { subject, requestId: failed.request_id ?? '', origin: 'api' },
    );
    expect(retried).toMatchObject({
      request_id: failed.request_id,
      status: 'completed',
      attempts: 2,
      error: null,
    });
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
