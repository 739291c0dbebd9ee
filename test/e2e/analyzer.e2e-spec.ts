import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Finding } from '@argus/contracts';
import { seededRandom, shuffleInPlace } from '@argus/scoring';
import {
  ArgusProcess,
  freePort,
  KafkaTestClient,
  makeEvent,
  testBrokers,
  testTopics,
  waitFor,
} from '@argus/testing';
import { tearDownArgusAfterTests } from '../support/e2e-hooks';

/**
 * The analyzer in the real process, with ingest beside it: telemetry with a topic shift goes in through
 * Kafka; ingest stores it with embeddings (EMBEDDINGS_ENABLED); the scheduled drift job reads the
 * windows from ClickHouse and an `embedding_drift` finding comes out on the findings topic, with its
 * `drift_scores` row. Windows are days (the test cannot wait for an hour to close): the window under
 * test is yesterday (UTC), the reference the four days before it.
 */
const DAY = 24 * 60 * 60 * 1000;

type TopicLine = { text: string; topic: string; corpus: string };

function topicTexts(): { banking: string[]; travel: string[] } {
  const directory = resolve(
    process.env.ARGUS_DEV_DATA ?? join(__dirname, '..', '..', '..', 'shared', 'data', 'dev'),
  );
  const lines = readFileSync(join(directory, 'topics_dev.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TopicLine);
  const banking = lines.filter((line) => line.corpus === 'banking77').map((line) => line.text);
  const order = banking.map((_, index) => index);
  shuffleInPlace(order, seededRandom(3));
  return {
    banking: order.map((index) => banking[index]),
    travel: lines.filter((line) => line.topic === 'clinc:travel').map((line) => line.text),
  };
}

describe('analyzer: embedding drift end to end', () => {
  const suffix = randomUUID().slice(0, 8);
  const appId = `drift-e2e-${suffix}`;
  const topics = testTopics('e2e-analyzer', suffix);
  const workDir = mkdtempSync(join(tmpdir(), 'argus-e2e-analyzer-'));
  const kafka = new KafkaTestClient();
  let argus: ArgusProcess;
  let texts: { banking: string[]; travel: string[] };
  const today = Math.floor(Date.now() / DAY) * DAY;

  beforeAll(async () => {
    await kafka.connect();
    texts = topicTexts();
    const { banking, travel } = texts;
    const event = (index: number, timestamp: number, text: string) => ({
      key: `acme-bank:${appId}`,
      value: JSON.stringify(
        makeEvent({
          event_id: `${appId}-${index}`,
          timestamp: new Date(timestamp).toISOString(),
          tenant_id: 'acme-bank',
          app_id: appId,
          request_model: 'gpt-4o',
          input: text,
        }),
      ),
    });
    // Reference: 300 banking prompts over the 4 days before yesterday. Window (yesterday): 150 prompts,
    // 40% of them about travel.
    const records = [
      ...banking
        .slice(0, 300)
        .map((text, index) => event(index, today - 5 * DAY + index * ((4 * DAY) / 300), text)),
      ...Array.from({ length: 150 }, (_, index) =>
        event(
          1000 + index,
          today - DAY + index * (DAY / 150),
          index % 5 < 2 ? travel[index] : banking[400 + index],
        ),
      ),
    ];
    await kafka.admin.ensureTopics([
      { topic: topics.KAFKA_TOPIC_TELEMETRY, partitions: 1, replicationFactor: 1 },
    ]);
    await kafka.produce(topics.KAFKA_TOPIC_TELEMETRY, records);
    argus = new ArgusProcess({
      ...topics,
      ARGUS_APPS: 'ingest,analyzer,api',
      KAFKA_BROKERS: testBrokers(),
      KAFKA_INGEST_GROUP_ID: `e2e-analyzer-ingest-${suffix}`,
      ARGUS_DATA_DIR: join(workDir, 'data'),
      API_PORT: String(await freePort()),
      API_QUERY_ENABLED: 'true',
      CLICKHOUSE_WRITER_FLUSH_MS: '200',
      EMBEDDINGS_ENABLED: 'true',
      EMBEDDINGS_REFERENCE_REFRESH_MS: '1000',
      // The first run comes at start-up, before ingest has written anything (no series yet); the
      // second, 15 s later, sees every event.
      ANALYZER_INTERVAL_MS: '15000',
      DRIFT_WINDOW_MS: String(DAY),
      DRIFT_LATE_MS: '0',
      DRIFT_REFERENCE_MS: String(4 * DAY),
      DRIFT_MIN_EVENTS: '50',
      DRIFT_SAMPLE_SIZE: '150',
      DRIFT_REFERENCE_SAMPLE_SIZE: '300',
      DRIFT_FIELDS: 'input',
    }).start();
    await argus.waitUntilReady();
  });

  tearDownArgusAfterTests(() => ({ argus, kafka, workDir }));

  it('stores embeddings at ingest and raises an embedding_drift finding with its drift_scores row', async () => {
    await waitFor(
      'all events stored with embeddings',
      async () =>
        (await argus.count(
          `SELECT count() AS n FROM events FINAL WHERE app_id = '${appId}' AND embedding_model = 'hashing-ngram-v1-512' AND length(embedding_input) = 512`,
        )) === 450,
      { timeoutMs: 60_000 },
    );
    const records = await kafka.readAll(topics.KAFKA_TOPIC_FINDINGS, 1, 90_000);
    const findings = records
      .map((record) => JSON.parse(record.value!.toString()) as Finding)
      .filter((finding) => finding.category === 'embedding_drift');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      app_id: appId,
      detector: 'embedding_drift',
      location: { field: 'input' },
      entity: 'gpt-4o',
      attributes: expect.objectContaining({ window_start: new Date(today - DAY).toISOString() }),
    });
    const scores = await argus.query<{
      drift: boolean | number;
      finding_id: string;
      n_current: number | string;
    }>(`SELECT drift, finding_id, n_current FROM drift_scores FINAL WHERE app_id = '${appId}'`);
    expect(scores).toHaveLength(1);
    expect(Boolean(scores[0].drift)).toBe(true);
    expect(scores[0].finding_id).toBe(findings[0].finding_id);
    expect(Number(scores[0].n_current)).toBe(150);
    // The run left a reference centroid behind for ingest's per-event outlier scores.
    expect(
      await argus.count(`SELECT count() AS n FROM drift_references FINAL WHERE app_id = '${appId}'`),
    ).toBe(1);

    // Events ingested from now on are scored against that reference: travel prompts lie, on average,
    // further from the banking centroid than banking prompts do (one by one they overlap).
    const late = (id: string, text: string) => ({
      key: `acme-bank:${appId}`,
      value: JSON.stringify(
        makeEvent({
          event_id: id,
          tenant_id: 'acme-bank',
          app_id: appId,
          request_model: 'gpt-4o',
          input: text,
          timestamp: new Date().toISOString(),
        }),
      ),
    });
    await kafka.produce(topics.KAFKA_TOPIC_TELEMETRY, [
      ...texts.banking.slice(900, 940).map((text, index) => late(`${appId}-late-banking-${index}`, text)),
      ...texts.travel.slice(200, 240).map((text, index) => late(`${appId}-late-travel-${index}`, text)),
    ]);
    await waitFor(
      'outlier scores on the new events',
      async () =>
        (await argus.count(
          `SELECT count() AS n FROM events FINAL WHERE event_id LIKE '${appId}-late-%' AND outlier_input IS NOT NULL`,
        )) === 80,
      { timeoutMs: 30_000 },
    );
    const means = await argus.query<{ kind: string; mean: number }>(
      `SELECT splitByChar('-', event_id)[-2] AS kind, avg(outlier_input) AS mean FROM events FINAL
       WHERE event_id LIKE '${appId}-late-%' GROUP BY kind ORDER BY kind`,
    );
    expect(means.map((row) => row.kind)).toEqual(['banking', 'travel']);
    expect(Number(means[1].mean)).toBeGreaterThan(Number(means[0].mean));
  });
});
