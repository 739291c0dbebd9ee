import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArgusProcess,
  KafkaTestClient,
  freePort,
  syntheticEvents,
  testBrokers,
  waitFor,
} from '@argus/testing';

/**
 * SIGKILL the ingest process in the middle of a stream and start it again: offsets are committed only
 * after a batch is in ClickHouse, so nothing is lost; what was stored but not committed is replayed,
 * and deterministic ids make the replay invisible after FINAL.
 */
describe('ingest crash recovery', () => {
  const suffix = randomUUID().slice(0, 8);
  const topic = `e2e.crash.telemetry.${suffix}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'argus-crash-'));
  const kafka = new KafkaTestClient();
  let environment: Record<string, string>;
  let argus: ArgusProcess | undefined;

  beforeAll(async () => {
    await kafka.connect();
    environment = {
      ARGUS_APPS: 'ingest,api',
      KAFKA_BROKERS: testBrokers(),
      KAFKA_TOPIC_TELEMETRY: topic,
      KAFKA_TOPIC_TELEMETRY_DLQ: `${topic}.dlq`,
      KAFKA_TOPIC_FINDINGS: `e2e.crash.findings.${suffix}`,
      KAFKA_TOPIC_ALERTS: `e2e.crash.alerts.${suffix}`,
      KAFKA_TOPIC_ALERTS_DLQ: `e2e.crash.alerts.dlq.${suffix}`,
      KAFKA_INGEST_GROUP_ID: `e2e-crash-${suffix}`,
      ARGUS_DATA_DIR: dataDir,
      API_PORT: String(await freePort()),
      API_QUERY_ENABLED: 'true',
      // Small batches so the kill lands between many commits, not before the first one.
      CLICKHOUSE_WRITER_FLUSH_MS: '100',
      KAFKA_MAX_BYTES_PER_PARTITION: '65536',
      LOG_LEVEL: 'warn',
    };
  });

  afterAll(async () => {
    await argus?.stop();
    await kafka.disconnect();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no event and stores no duplicate after a SIGKILL mid-stream', async () => {
    const events = syntheticEvents(4000, `crash-${suffix}`, 0.2);
    const records = events.map((event) => ({
      key: `${event.tenant_id}:${event.conversation_id}`,
      value: JSON.stringify(event),
    }));

    argus = new ArgusProcess(environment).start();
    await argus.waitUntilReady();
    // Produce while Argus consumes, so the kill interrupts live work.
    const producing = kafka.produce(topic, records, 200);
    const first = argus;
    await waitFor(
      'a first part of the stream to be stored',
      async () => (await first.count('SELECT count() AS n FROM events')) >= 500,
      {
        intervalMs: 50,
      },
    );
    await first.kill();
    await producing;
    const storedAtKill = await (async () => {
      // The killed process holds the embedded database; count after the restart instead.
      argus = new ArgusProcess(environment).start();
      await argus.waitUntilReady();
      return argus.count('SELECT count() AS n FROM events');
    })();
    expect(storedAtKill).toBeLessThan(events.length); // the kill really landed mid-stream

    const restarted = argus;
    await waitFor(
      'every event after the restart',
      async () => (await restarted.count('SELECT count() AS n FROM events FINAL')) >= events.length,
      {
        timeoutMs: 120_000,
      },
    );
    expect(await restarted.count('SELECT count() AS n FROM events FINAL')).toBe(events.length);
    expect(await restarted.count('SELECT uniqExact(event_id) AS n FROM events')).toBe(events.length);
    const expectedIds = new Set(events.map((event) => event.event_id));
    const storedIds = await restarted.query<{ event_id: string }>('SELECT event_id FROM events FINAL');
    expect(storedIds.every((row) => expectedIds.has(row.event_id))).toBe(true);
  });
});
