import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  type ClickHouseClient,
  DEFAULT_RETENTION,
  type EventRow,
  applyMigrations,
  createClickHouseClient,
  embeddedTestDataDir,
} from '@argus/clickhouse';
import { type Finding, TelemetryEventSchema } from '@argus/contracts';
import { createFallbackEmbeddingService } from '@argus/embeddings';
import { toEventRow } from '@argus/ingestion';
import { DRIFT_DEFAULTS, seededRandom, shuffleInPlace } from '@argus/scoring';
import { KafkaTestClient, makeEvent } from '@argus/testing';
import { DriftJob, type DriftJobOptions } from '../../apps/analyzer/src/drift/drift.job';
import { ClickHouseDriftStore } from '../../apps/analyzer/src/drift/drift.store';

// The drift job against real embedded ClickHouse (chdb) and a real broker: events with real text
// (topics_dev) are written to `events`, one run of the job tests them, and the test reads back
// `drift_scores`, `findings` and the findings topic.

const DATABASE = 'argus_it_analyzer_drift';
const HOUR = 60 * 60 * 1000;
// Recent times: `events` has a retention TTL, so rows dated months ago would be dropped by the next merge.
// Window: the hour before the last full hour (10 min lateness allowed); reference: the 6 h before it.
const WINDOW_END = Math.floor(Date.now() / HOUR) * HOUR - HOUR;
const WINDOW_START = WINDOW_END - HOUR;
const NOW = new Date(WINDOW_END + 10 * 60 * 1000);

type TopicLine = { text: string; topic: string; corpus: string };

function loadTopics(): TopicLine[] {
  const directory = resolve(
    process.env.ARGUS_DEV_DATA ?? join(__dirname, '..', '..', '..', 'shared', 'data', 'dev'),
  );
  const file = join(directory, 'topics_dev.jsonl');
  if (!existsSync(file)) throw new Error(`topics_dev.jsonl not found in ${directory} (set ARGUS_DEV_DATA)`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TopicLine);
}

function shuffled<T>(items: T[]): T[] {
  const order = items.map((_, index) => index);
  shuffleInPlace(order, seededRandom(7));
  return order.map((index) => items[index]);
}

function rows(appId: string, texts: string[], from: number, span: number): EventRow[] {
  return texts.map((text, index) => {
    const event = TelemetryEventSchema.parse(
      makeEvent({
        event_id: `${appId}-${from}-${index}-${randomUUID().slice(0, 8)}`,
        app_id: appId,
        tenant_id: 'tenant-drift',
        request_model: 'gpt-4o',
        timestamp: new Date(from + Math.floor((index * span) / texts.length)).toISOString(),
        input: text,
      }),
    );
    return toEventRow(
      event,
      { risk_score: 0, findings: [] },
      { topic: 'llm.telemetry.v1', partition: 0, offset: String(index) },
      NOW,
    );
  });
}

describe('analyzer drift job on chdb and Kafka', () => {
  let client: ClickHouseClient;
  let kafka: KafkaTestClient;
  const topic = `ai.findings.it-drift-${randomUUID().slice(0, 8)}`;
  const published: Finding[] = [];
  const options: DriftJobOptions = {
    windowMs: HOUR,
    lateMs: 10 * 60 * 1000,
    reference: { kind: 'trailing', referenceMs: 6 * HOUR },
    sampleSize: 250,
    minEvents: 100,
    fields: ['input', 'output'],
    test: { permutations: 200, alpha: 0.05, minEffect: DRIFT_DEFAULTS.minEffect },
  };

  function job(): DriftJob {
    return new DriftJob(options, {
      store: new ClickHouseDriftStore(client),
      embedder: createFallbackEmbeddingService(),
      publishFindings: async (findings) => {
        published.push(...findings);
        if (findings.length === 0) return;
        await kafka.produce(
          topic,
          findings.map((finding) => ({ key: finding.event_id, value: JSON.stringify(finding) })),
        );
      },
      logger: { info: () => undefined, warn: () => undefined, debug: () => undefined },
    });
  }

  beforeAll(async () => {
    client = await createClickHouseClient({ database: DATABASE, dataDir: embeddedTestDataDir() });
    await client.command({ query: `DROP DATABASE IF EXISTS ${DATABASE} SYNC` });
    await client.command({ query: `CREATE DATABASE ${DATABASE}` });
    await applyMigrations(client, { database: DATABASE, retention: DEFAULT_RETENTION });
    kafka = await new KafkaTestClient().connect();
    await kafka.admin.ensureTopics([{ topic, partitions: 1, replicationFactor: 1 }]);

    const topics = loadTopics();
    // The file is grouped by topic: shuffle (seeded) so every slice has the same topic mix.
    const banking = shuffled(topics.filter((line) => line.corpus === 'banking77').map((line) => line.text));
    const travel = topics.filter((line) => line.topic === 'clinc:travel').map((line) => line.text);
    const referenceStart = WINDOW_START - 6 * HOUR;
    await client.insert({
      table: 'events',
      format: 'JSONEachRow',
      values: [
        // "stable": the same banking mix before and during the window.
        ...rows('stable', banking.slice(0, 400), referenceStart, 6 * HOUR),
        ...rows('stable', banking.slice(400, 650), WINDOW_START, HOUR),
        // "shifted": 30% of the window's prompts are about travel, a topic the reference never saw.
        ...rows('shifted', banking.slice(1000, 1400), referenceStart, 6 * HOUR),
        ...rows('shifted', [...banking.slice(1400, 1575), ...travel.slice(0, 75)], WINDOW_START, HOUR),
        // "small": too few events in the window to be tested.
        ...rows('small', banking.slice(2000, 2400), referenceStart, 6 * HOUR),
        ...rows('small', banking.slice(2400, 2430), WINDOW_START, HOUR),
      ],
    });
  });

  afterAll(async () => {
    await kafka?.disconnect();
    await client?.close();
  });

  it('scores every eligible series, raises one finding for the shifted app, and a re-run adds nothing', async () => {
    const result = await job().run(NOW);
    // Prompts only: the events have no output, so the output field of each series is skipped.
    expect(result).toMatchObject({ series: 2, findings: 1 });

    const scores = await (
      await client.query({
        query: `SELECT app_id, field, n_current, drift, p_adjusted, effect, finding_id, examples, tests_in_run,
                       toString(window_start) AS window_start, toString(reference_start) AS reference_start
                FROM drift_scores FINAL ORDER BY app_id`,
        format: 'JSONEachRow',
      })
    ).json<{
      app_id: string;
      field: string;
      n_current: number;
      drift: boolean;
      p_adjusted: number;
      effect: number;
      finding_id: string;
      examples: string;
      tests_in_run: number;
      window_start: string;
      reference_start: string;
    }>();
    expect(scores.map((row) => [row.app_id, row.field, row.drift])).toEqual([
      ['shifted', 'input', true],
      ['stable', 'input', false],
    ]);
    expect(scores[0]).toMatchObject({
      n_current: 250,
      tests_in_run: 2,
      window_start: new Date(WINDOW_START).toISOString().replace('T', ' ').replace('Z', ''),
      reference_start: new Date(WINDOW_START - 6 * HOUR).toISOString().replace('T', ' ').replace('Z', ''),
    });
    expect(scores[0].effect).toBeGreaterThanOrEqual(options.test.minEffect ?? 0);
    expect(scores[1].finding_id).toBe('');

    // The explanation: the examples most typical of the new window are the travel prompts.
    const travel = new Set(
      loadTopics()
        .filter((line) => line.topic === 'clinc:travel')
        .map((line) => line.text),
    );
    const examples = JSON.parse(scores[0].examples) as { event_id: string; text: string }[];
    expect(examples.length).toBeGreaterThan(0);
    expect(examples.filter((example) => travel.has(example.text)).length).toBeGreaterThanOrEqual(
      examples.length - 1,
    );

    const [finding] = published;
    expect(finding).toMatchObject({
      finding_id: scores[0].finding_id,
      category: 'embedding_drift',
      detector: 'embedding_drift',
      app_id: 'shifted',
      tenant_id: 'tenant-drift',
      owasp: 'LLM04:2025',
      location: { field: 'input' },
    });
    const onTopic = await kafka.readAll(topic, 1, 30_000);
    expect(onTopic.map((record) => (JSON.parse(record.value!.toString()) as Finding).finding_id)).toEqual([
      finding.finding_id,
    ]);
    const stored = await (
      await client.query({
        query: `SELECT finding_id, category FROM findings FINAL WHERE category = 'embedding_drift'`,
        format: 'JSONEachRow',
      })
    ).json<{ finding_id: string; category: string }>();
    expect(stored).toEqual([{ finding_id: finding.finding_id, category: 'embedding_drift' }]);

    // The reference centroid each tested series leaves for ingest's per-event outlier scores.
    const references = await (
      await client.query({
        query: `SELECT app_id, toUInt32(length(centroid)) AS dimensions FROM drift_references FINAL ORDER BY app_id`,
        format: 'JSONEachRow',
      })
    ).json<{ app_id: string; dimensions: number }>();
    expect(references).toEqual([
      { app_id: 'shifted', dimensions: 512 },
      { app_id: 'stable', dimensions: 512 },
    ]);

    // Same window again (a restart, a second replica): already scored, nothing re-emitted.
    const again = await job().run(new Date(NOW.getTime() + 20 * 60 * 1000));
    expect(again).toMatchObject({ series: 0, findings: 0 });
    expect(published).toHaveLength(1);
  });
});
