import { randomUUID } from 'node:crypto';
import {
  type ClickHouseClient,
  DEFAULT_RETENTION,
  type EventRow,
  applyMigrations,
  createClickHouseClient,
  embeddedTestDataDir,
} from '@argus/clickhouse';
import { type Finding, TelemetryEventSchema } from '@argus/contracts';
import { toEventRow } from '@argus/ingestion';
import { HOUR_MS, type SimulatedRequest, type SimulationOptions, simulateRequests } from '@argus/scoring';
import { KafkaTestClient, makeEvent } from '@argus/testing';
import { BehaviourAnomalyJob } from '../../apps/analyzer/src/behaviour-anomaly.job';
import { BehaviourEventScores } from '../../apps/analyzer/src/behaviour-event.scores';
import { ClickHouseBehaviourStore } from '../../apps/analyzer/src/behaviour-anomaly.store';

// The behaviour job against real embedded ClickHouse (chdb) and a real broker: two weeks of generated
// traffic go into `events` through the real row mapper, migration 004's materialized view aggregates
// them, one run of the job judges the last complete hour, and the test reads back the findings table,
// the findings topic and the per-user baselines. One tenant has a 10× token burst by one user and a
// refusal jump for one model in that hour; the other has normal traffic plus a replayed hour.

const DATABASE = 'argus_it_behaviour';
const HISTORY_HOURS = 14 * 24;
// The generator's rhythm follows its own clock; its evaluated hour is a Tuesday 14:00 (busy), and every
// timestamp is shifted so that this hour is the last complete hour of the real clock (rows must be
// recent: `events` has a retention TTL).
const SIMULATED_HOUR = Date.UTC(2026, 0, 20, 14);
const SIMULATED_START = SIMULATED_HOUR - HISTORY_HOURS * HOUR_MS;
const EVALUATED_HOUR = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - HOUR_MS;
const SHIFT = EVALUATED_HOUR - SIMULATED_HOUR;
const NOW = new Date(EVALUATED_HOUR + HOUR_MS + 5 * 60 * 1000);

function simulation(tenantId: string, seed: number, incidents: Partial<SimulationOptions> = {}) {
  return {
    tenantId,
    requests: simulateRequests({
      seed,
      start: SIMULATED_START,
      hours: HISTORY_HOURS + 1,
      users: 12,
      ...incidents,
    }),
  };
}

function eventRow(tenantId: string, request: SimulatedRequest, index: number): EventRow {
  const event = TelemetryEventSchema.parse(
    makeEvent({
      event_id: `${tenantId}-${index}`,
      tenant_id: tenantId,
      app_id: 'assistant',
      timestamp: new Date(request.timestamp + SHIFT).toISOString(),
      user: { id: request.userId },
      request_model: request.model,
      input: 'hello',
      output_messages: [
        {
          role: 'assistant',
          parts: request.toolCall
            ? [{ type: 'tool_call', name: 'search_orders', arguments: {} }]
            : [{ type: 'text', content: 'hi' }],
          finish_reason: request.refusal ? 'content_filter' : 'stop',
        },
      ],
      usage: { input_tokens: request.inputTokens, output_tokens: request.outputTokens },
      latency_ms: request.latencyMs,
      ...(request.error ? { error: { type: 'rate_limit' } } : {}),
    }),
  );
  const row = toEventRow(
    event,
    { risk_score: 0, findings: [] },
    { topic: 'llm.telemetry.v1', partition: 0, offset: String(index) },
    NOW,
  );
  return { ...row, finding_count: request.finding ? 1 : 0 };
}

describe('behaviour anomaly job on chdb and Kafka', () => {
  let client: ClickHouseClient;
  let kafka: KafkaTestClient;
  const topic = `ai.findings.it-behaviour-${randomUUID().slice(0, 8)}`;
  const published: Finding[] = [];

  function job(): BehaviourAnomalyJob {
    return new BehaviourAnomalyJob(
      {},
      {
        store: new ClickHouseBehaviourStore(client),
        publishFindings: async (findings) => {
          published.push(...findings);
          if (findings.length === 0) return;
          await kafka.produce(
            topic,
            findings.map((finding) => ({ key: finding.event_id, value: JSON.stringify(finding) })),
          );
        },
        logger: { info: () => undefined, debug: () => undefined },
      },
    );
  }

  beforeAll(async () => {
    client = await createClickHouseClient({ database: DATABASE, dataDir: embeddedTestDataDir() });
    await client.command({ query: `DROP DATABASE IF EXISTS ${DATABASE} SYNC` });
    await client.command({ query: `CREATE DATABASE ${DATABASE}` });
    await applyMigrations(client, { database: DATABASE, retention: DEFAULT_RETENTION });
    kafka = await new KafkaTestClient().connect();
    await kafka.admin.ensureTopics([{ topic, partitions: 1, replicationFactor: 1 }]);

    const burst = simulation('tenant-burst', 31, {
      tokenBursts: [{ userId: 'user-3', fromHour: SIMULATED_HOUR, hours: 1, tokenFactor: 10 }],
      refusalJumps: [{ model: 'model-b', fromHour: SIMULATED_HOUR, hours: 1, refusalRate: 0.5 }],
    });
    const normal = simulation('tenant-normal', 32);
    const values = [burst, normal].flatMap(({ tenantId, requests }) =>
      requests.map((request, index) => eventRow(tenantId, request, index)),
    );
    await client.insert({ table: 'events', format: 'JSONEachRow', values });
    // A redelivered batch: the normal tenant's evaluated hour is inserted again, as ingest does after a
    // crash before its commit. `events` keeps every copy until a merge; the aggregates see them all.
    const replay = values.filter(
      (row) =>
        row.tenant_id === 'tenant-normal' &&
        Date.parse(`${row.timestamp.replace(' ', 'T')}Z`) >= EVALUATED_HOUR,
    );
    expect(replay.length).toBeGreaterThan(20);
    // Redelivered twice (two crashes in a row): three copies of the hour until merges dedupe `events`.
    await client.insert({ table: 'events', format: 'JSONEachRow', values: replay });
    await client.insert({ table: 'events', format: 'JSONEachRow', values: replay });
  });

  afterAll(async () => {
    await kafka?.disconnect();
    await client?.close();
  });

  it('reports the token burst and the refusal jump, nothing for normal traffic, and a re-run adds nothing', async () => {
    const result = await job().run(NOW);
    expect(result.findings).toBe(published.length);

    const byTenant = (tenant: string) => published.filter((finding) => finding.tenant_id === tenant);
    expect(byTenant('tenant-normal').map((finding) => finding.message)).toEqual([]);

    const burst = byTenant('tenant-burst');
    const tokens = burst.find(
      (finding) => finding.attributes?.user_id === 'user-3' && finding.attributes?.metric === 'input_tokens',
    );
    expect(tokens).toMatchObject({
      category: 'behaviour_anomaly',
      detector: 'behaviour_anomaly',
      rule_id: 'behaviour_anomaly.input_tokens',
      app_id: 'assistant',
      owasp: 'LLM10:2025',
      user_id: 'user-3',
      location: { field: 'event' },
      attributes: { entity_kind: 'user', hour_start: new Date(EVALUATED_HOUR).toISOString() },
    });
    const numbers = tokens!.attributes as Record<string, number>;
    expect(numbers.observed).toBeGreaterThan(numbers.expected_high);
    expect(tokens!.message).toMatch(/input tokens of user user-3 in app assistant/);
    expect(tokens!.message).toMatch(/observed [\d,]+ input tokens\/hour, expected [\d.,]+–[\d.,]+/);

    const refusals = burst.find(
      (finding) => finding.attributes?.model === 'model-b' && finding.attributes?.metric === 'refusal_rate',
    );
    expect(refusals?.attributes).toMatchObject({ entity_kind: 'model' });
    expect(refusals!.message).toMatch(/observed \d+\.\d% share of requests, expected/);
    // Nothing else in that tenant is unusual beyond the two incidents and what they imply (the app's
    // totals, the burst user's other token metrics).
    for (const finding of burst) {
      const attributes = finding.attributes ?? {};
      const explained =
        attributes.user_id === 'user-3' ||
        attributes.metric === 'refusal_rate' ||
        (attributes.entity_kind !== 'user' && String(attributes.metric).includes('token'));
      expect([finding.message, explained]).toEqual([finding.message, true]);
    }

    const stored = await (
      await client.query({
        query: `SELECT finding_id FROM findings FINAL WHERE category = 'behaviour_anomaly' ORDER BY finding_id`,
        format: 'JSONEachRow',
      })
    ).json<{ finding_id: string }>();
    expect(stored.map((row) => row.finding_id)).toEqual(published.map((f) => f.finding_id).sort());
    const onTopic = await kafka.readAll(topic, published.length, 30_000);
    expect(onTopic).toHaveLength(published.length);

    const baselines = await (
      await client.query({
        query: `SELECT user_id, tokens_log_median FROM behaviour_baselines FINAL WHERE tenant_id = 'tenant-normal'`,
        format: 'JSONEachRow',
      })
    ).json<{ user_id: string; tokens_log_median: number }>();
    expect(baselines.length).toBeGreaterThan(0);
    for (const row of baselines) expect(Math.expm1(row.tokens_log_median)).toBeGreaterThan(100);

    const again = await job().run(NOW);
    expect(again.findings).toBe(0);
  });

  it('scores single events against the user norms the job wrote, stored in events.behaviour_score', async () => {
    const scores = new BehaviourEventScores(client, { warn: () => undefined });
    await scores.refresh();
    expect(scores.users).toBeGreaterThan(0);
    const request: SimulatedRequest = {
      timestamp: EVALUATED_HOUR - SHIFT + 60_000,
      userId: 'user-1',
      model: 'model-a',
      inputTokens: 400,
      outputTokens: 250,
      latencyMs: 900,
      error: false,
      refusal: false,
      toolCall: false,
      finding: false,
    };
    const usual = eventRow('tenant-normal', request, 900_001);
    const huge = eventRow('tenant-normal', { ...request, inputTokens: 8000, outputTokens: 5000 }, 900_002);
    const unknownUser = eventRow('tenant-normal', { ...request, userId: 'nobody' }, 900_003);
    scores.attach([usual, huge, unknownUser]);
    await client.insert({ table: 'events', format: 'JSONEachRow', values: [usual, huge, unknownUser] });
    const stored = await (
      await client.query({
        query: `SELECT event_id, behaviour_score FROM events FINAL
                WHERE event_id IN ('tenant-normal-900001', 'tenant-normal-900002', 'tenant-normal-900003')
                ORDER BY event_id`,
        format: 'JSONEachRow',
      })
    ).json<{ event_id: string; behaviour_score: number | null }>();
    expect(stored.map((row) => row.event_id)).toEqual([
      'tenant-normal-900001',
      'tenant-normal-900002',
      'tenant-normal-900003',
    ]);
    expect(Math.abs(stored[0].behaviour_score!)).toBeLessThan(2);
    expect(stored[1].behaviour_score!).toBeGreaterThan(4);
    expect(stored[2].behaviour_score).toBeNull();
  });
});
