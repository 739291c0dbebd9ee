// libs/kafka against a real broker (the local one started by test/support/kafka-global-setup.js, or
// KAFKA_BROKERS). Every test uses its own topics and consumer groups.
import { randomBytes } from 'node:crypto';
import {
  type BatchConsumerOptions,
  type BatchConsumerPort,
  type BatchHandler,
  type ConsumedRecord,
  createKafkaClient,
  DeadLetterPublisher,
  type KafkaAdminPort,
  type KafkaClientPort,
  type KafkaLogLevel,
  type KafkaProducerPort,
} from '@argus/kafka';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const logs: { level: KafkaLogLevel; message: string; extra: Record<string, unknown> }[] = [];

let client: KafkaClientPort;
let admin: KafkaAdminPort;
let producer: KafkaProducerPort;
const consumers: BatchConsumerPort[] = [];
const topics: string[] = [];

const uniqueName = (name: string) => `argus-test.${name}.${randomBytes(4).toString('hex')}`;

async function createTopic(name: string, partitions = 3, configs?: Record<string, string>): Promise<string> {
  const topic = uniqueName(name);
  await admin.ensureTopics([{ topic, partitions, configs }]);
  topics.push(topic);
  return topic;
}

async function waitFor(
  condition: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function startConsumer(
  topic: string,
  handler: BatchHandler,
  options: Partial<BatchConsumerOptions> = {},
): Promise<BatchConsumerPort> {
  const consumer = client.createBatchConsumer({ groupId: uniqueName('group'), ...options });
  consumers.push(consumer);
  await consumer.connect();
  await consumer.subscribe([topic], { fromBeginning: true });
  await consumer.run(handler);
  return consumer;
}

function collector(): { records: ConsumedRecord[]; handler: BatchHandler } {
  const records: ConsumedRecord[] = [];
  return {
    records,
    handler: (batch) => {
      records.push(...batch.records);
      return Promise.resolve();
    },
  };
}

async function committedTotal(groupId: string, topic: string): Promise<bigint> {
  const offsets = await admin.committedOffsets(groupId, topic);
  return offsets.reduce((sum, { offset }) => sum + (BigInt(offset) > 0n ? BigInt(offset) : 0n), 0n);
}

beforeAll(async () => {
  client = createKafkaClient({
    brokers,
    clientId: 'argus-integration',
    logger: (level, message, extra) => logs.push({ level, message, extra }),
    logLevel: 'warn',
  });
  admin = client.createAdmin();
  producer = client.createProducer();
  await admin.connect();
  await producer.connect();
});

afterEach(async () => {
  await Promise.allSettled(consumers.splice(0).map((consumer) => consumer.disconnect()));
});

afterAll(async () => {
  await admin.deleteTopics(topics).catch(() => undefined);
  await Promise.allSettled([producer.disconnect(), admin.disconnect()]);
  // Client errors help to explain a failure; the handler failure the redelivery test provokes does not.
  const problems = logs.filter(
    ({ level, message }) => level === 'error' && !message.startsWith('batch handler failed'),
  );
  if (problems.length > 0)
    console.log('kafka client errors during the run:', JSON.stringify(problems, null, 1));
});

describe('libs/kafka on a real broker', () => {
  it('round-trips keys, values and headers; one key stays on one partition', async () => {
    const topic = await createTopic('roundtrip');
    const { records, handler } = collector();
    const consumer = await startConsumer(topic, handler);

    const sent = Array.from({ length: 6 }, (_, index) => ({
      key: `tenant-${index % 2}:conversation`,
      value: JSON.stringify({ event_id: `e${index}` }),
      headers: { 'content-type': 'application/json', 'x-index': String(index) },
    }));
    await producer.send(topic, sent);

    await waitFor(() => records.length === sent.length, 'all records');
    for (const original of sent) {
      const received = records.find((record) => record.headers['x-index'] === original.headers['x-index']);
      expect(received?.key?.toString()).toBe(original.key);
      expect(received?.value?.toString()).toBe(original.value);
      expect(received?.headers).toEqual(original.headers);
      expect(received?.timestamp).toMatch(/^\d+$/);
    }
    for (const key of ['tenant-0:conversation', 'tenant-1:conversation']) {
      const partitions = new Set(
        records.filter((record) => record.key?.toString() === key).map((r) => r.partition),
      );
      expect(partitions.size).toBe(1);
    }
    // Within a partition, records arrive in offset order.
    for (const partition of new Set(records.map((record) => record.partition))) {
      const offsets = records
        .filter((record) => record.partition === partition)
        .map((record) => BigInt(record.offset));
      expect([...offsets].sort((a, b) => (a < b ? -1 : 1))).toEqual(offsets);
    }
    expect(consumer.isAssigned()).toBe(true);
  });

  it('redelivers a failed batch and commits nothing until the handler succeeds', async () => {
    const topic = await createTopic('redelivery', 1);
    await producer.send(topic, [{ value: 'a' }, { value: 'b' }, { value: 'c' }]);
    const deliveries: string[][] = [];
    let failed = false;
    let releaseRetry = () => undefined as void;
    const retryReleased = new Promise<void>((resolve) => (releaseRetry = resolve));
    const groupId = uniqueName('group');

    const consumer = await startConsumer(
      topic,
      async (batch) => {
        deliveries.push(batch.records.map((record) => `${record.offset}:${record.value?.toString()}`));
        if (!failed) {
          failed = true;
          throw new Error('ClickHouse is down');
        }
        // The second delivery waits until the test has looked at the committed offsets.
        await retryReleased;
      },
      { groupId, retryBackoff: { initialMs: 300, maxMs: 300 } },
    );

    await waitFor(() => deliveries.length === 2, 'the redelivery');
    expect(deliveries[1]).toEqual(deliveries[0]);
    expect(deliveries[0]).toEqual(['0:a', '1:b', '2:c']);
    expect(await admin.committedOffsets(groupId, topic)).toEqual([{ partition: 0, offset: '-1' }]);

    releaseRetry();
    await waitFor(async () => (await committedTotal(groupId, topic)) === 3n, 'the commit after success');
    expect(await admin.committedOffsets(groupId, topic)).toEqual([{ partition: 0, offset: '3' }]);
    expect(deliveries).toHaveLength(2);
    expect(logs.some(({ message }) => message.includes('batch handler failed'))).toBe(true);
    await consumer.stop();
  });

  it('commits after success: a new member of the group does not see the records again', async () => {
    const topic = await createTopic('commit');
    const groupId = uniqueName('group');
    await producer.send(topic, [
      { key: 'a', value: 'first' },
      { key: 'b', value: 'second' },
    ]);

    const first = collector();
    const firstConsumer = await startConsumer(topic, first.handler, { groupId });
    await waitFor(() => first.records.length === 2, 'the first records');
    await waitFor(async () => (await committedTotal(groupId, topic)) === 2n, 'the commit');
    await firstConsumer.stop();
    await firstConsumer.disconnect();

    await producer.send(topic, [{ key: 'c', value: 'third' }]);
    const second = collector();
    await startConsumer(topic, second.handler, { groupId });
    await waitFor(() => second.records.length >= 1, 'the new record');
    // Give a wrongly redelivered record time to show up.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(second.records.map((record) => record.value?.toString())).toEqual(['third']);
  });

  it('keeps its partitions through a handler slower than the session timeout', async () => {
    const topic = await createTopic('slow', 1);
    const groupId = uniqueName('group');
    await producer.send(topic, [{ value: 'slow' }]);
    let deliveries = 0;
    const consumer = await startConsumer(
      topic,
      async () => {
        deliveries += 1;
        // 6 s is the broker's minimum session timeout: without heartbeats the member would be evicted.
        await new Promise((resolve) => setTimeout(resolve, 8_000));
      },
      { groupId, sessionTimeoutMs: 6_000, heartbeatIntervalMs: 1_000 },
    );
    await waitFor(async () => (await committedTotal(groupId, topic)) === 1n, 'the commit', 30_000);
    expect(deliveries).toBe(1);
    expect(consumer.isAssigned()).toBe(true);
    expect(logs.some(({ message }) => message.includes('rebalancing'))).toBe(false);
  });

  it('dead-letters the original bytes and key with the error headers', async () => {
    const source = await createTopic('source', 1);
    const deadLetterTopic = await createTopic('source-dlq', 1);
    const invalidBytes = Buffer.from([0x7b, 0xff, 0x00, 0xfe, 0x22]);
    await producer.send(source, [
      { key: 'tenant:conv', value: invalidBytes, headers: { traceparent: 'tp-1' } },
    ]);

    const publisher = new DeadLetterPublisher(producer, deadLetterTopic);
    const before = Date.now();
    await startConsumer(source, (batch) =>
      publisher.publish(
        batch.records.map((record) => ({
          record,
          error: { code: 'invalid_json', reason: `Unexpected token at position 1: ${'x'.repeat(3000)}` },
        })),
      ),
    );

    const deadLetters = collector();
    await startConsumer(deadLetterTopic, deadLetters.handler);
    await waitFor(() => deadLetters.records.length === 1, 'the dead letter');
    const [deadLetter] = deadLetters.records;
    expect(deadLetter.value?.equals(invalidBytes)).toBe(true);
    expect(deadLetter.key?.toString()).toBe('tenant:conv');
    const headers = deadLetter.headers;
    expect(headers).toMatchObject({
      traceparent: 'tp-1',
      'argus-error': 'invalid_json',
      'argus-source-topic': source,
      'argus-source-partition': '0',
      'argus-source-offset': '0',
    });
    expect(headers['argus-error-reason']).toMatch(/^Unexpected token at position 1: x+…$/);
    expect(Buffer.byteLength(headers['argus-error-reason'])).toBeLessThanOrEqual(1024);
    expect(Date.parse(headers['argus-failed-at'])).toBeGreaterThanOrEqual(before - 1000);
  });

  it('consumes a record larger than the consumer fetch size', async () => {
    const topic = await createTopic('oversized', 1, { 'max.message.bytes': String(3 * 1024 * 1024) });
    const large = randomBytes(2 * 1024 * 1024);
    await producer.send(topic, [{ value: 'small-before' }, { value: large }, { value: 'small-after' }]);

    const { records, handler } = collector();
    await startConsumer(topic, handler, { maxBytesPerPartition: 64 * 1024, maxBytes: 256 * 1024 });
    await waitFor(() => records.length === 3, 'the three records');
    expect(records[0].value?.toString()).toBe('small-before');
    expect(records[1].value?.equals(large)).toBe(true);
    expect(records[2].value?.toString()).toBe('small-after');
  });

  it('reports the assignment after the group join and clears it on stop', async () => {
    const topic = await createTopic('assignment');
    const consumer = client.createBatchConsumer({ groupId: uniqueName('group') });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe([topic], { fromBeginning: true });
    expect(consumer.isAssigned()).toBe(false);

    await consumer.run(() => Promise.resolve());
    await waitFor(() => consumer.isAssigned(), 'the assignment');
    expect(consumer.assignedPartitions()).toEqual([{ topic, partitions: [0, 1, 2] }]);

    await consumer.stop();
    expect(consumer.isAssigned()).toBe(false);
  });

  it('reports the lag of the group per partition', async () => {
    const topic = await createTopic('lag', 2);
    await producer.send(topic, [
      { key: 'k1', value: '1' },
      { key: 'k1', value: '2' },
      { key: 'k2', value: '3' },
      { key: 'k3', value: '4' },
      { key: 'k4', value: '5' },
    ]);
    let release = () => undefined as void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const consumer = await startConsumer(topic, () => released);

    const before = await consumer.lag();
    expect(before.map(({ topic: name, partition }) => ({ topic: name, partition }))).toEqual([
      { topic, partition: 0 },
      { topic, partition: 1 },
    ]);
    expect(before.reduce((sum, { lag }) => sum + lag, 0)).toBe(5);

    release();
    await waitFor(
      async () => (await consumer.lag()).every(({ lag }) => lag === 0),
      'the lag to drop to zero after the commits',
    );
  });
});
