import { randomUUID } from 'node:crypto';
import {
  type ConsumedRecord,
  type KafkaAdminPort,
  type KafkaClientPort,
  type KafkaProducerPort,
  type OutgoingRecord,
  createKafkaClient,
} from '@argus/kafka';
import { waitFor } from './argus-process';

export function testBrokers(): string {
  const brokers = process.env.KAFKA_BROKERS;
  if (!brokers) throw new Error('KAFKA_BROKERS is not set: the jest globalSetup starts the local broker');
  return brokers;
}

/** Producer, admin and a "read the whole topic" helper for tests, on the project's own Kafka port. */
export class KafkaTestClient {
  readonly client: KafkaClientPort;
  readonly producer: KafkaProducerPort;
  readonly admin: KafkaAdminPort;

  constructor() {
    this.client = createKafkaClient({
      brokers: testBrokers().split(','),
      clientId: `argus-test-${randomUUID().slice(0, 8)}`,
    });
    this.producer = this.client.createProducer();
    this.admin = this.client.createAdmin();
  }

  async connect(): Promise<this> {
    await Promise.all([this.producer.connect(), this.admin.connect()]);
    return this;
  }

  async produce(topic: string, records: OutgoingRecord[], chunkSize = 500): Promise<void> {
    for (let index = 0; index < records.length; index += chunkSize) {
      await this.producer.send(topic, records.slice(index, index + chunkSize));
    }
  }

  /** Every record of a topic from the beginning, once at least `minimum` have arrived. */
  async readAll(topic: string, minimum: number, timeoutMs = 60_000): Promise<ConsumedRecord[]> {
    const records: ConsumedRecord[] = [];
    const consumer = this.client.createBatchConsumer({ groupId: `argus-test-reader-${randomUUID()}` });
    await consumer.connect();
    await consumer.subscribe([topic], { fromBeginning: true });
    await consumer.run((batch) => {
      records.push(...batch.records);
      return Promise.resolve();
    });
    try {
      await waitFor(`${minimum} records on ${topic}`, () => Promise.resolve(records.length >= minimum), {
        timeoutMs,
      });
      // Give a moment for anything beyond the minimum (tests also assert "no more than").
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      await consumer.stop();
      await consumer.disconnect();
    }
    return records;
  }

  async disconnect(): Promise<void> {
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}
