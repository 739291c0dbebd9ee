import { type Admin, type Kafka } from 'kafkajs';
import { type KafkaAdminPort, type PartitionOffset, type TopicSpec } from '../kafka.port';
import { toKafkaError } from './kafkajs-errors.mapper';

export class KafkaJsAdminAdapter implements KafkaAdminPort {
  private readonly admin: Admin;
  private connecting: Promise<void> | undefined;

  constructor(kafka: Kafka) {
    this.admin = kafka.admin();
  }

  /** Connects once; every other method calls it, so an explicit `connect` only fails faster. */
  async connect(): Promise<void> {
    this.connecting ??= this.admin.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw toKafkaError(error, 'KAFKA_ADMIN_FAILED', 'connecting the Kafka admin client');
    });
    await this.connecting;
  }

  async ensureTopics(specs: TopicSpec[]): Promise<string[]> {
    if (specs.length === 0) return [];
    await this.connect();
    try {
      const existing = new Set(await this.admin.listTopics());
      const missing = specs.filter((spec) => !existing.has(spec.topic));
      if (missing.length === 0) return [];
      // createTopics reports `false` when a topic already existed: another instance created it first.
      await this.admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((spec) => ({
          topic: spec.topic,
          numPartitions: spec.partitions,
          replicationFactor: spec.replicationFactor ?? 1,
          configEntries: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
      return missing.map((spec) => spec.topic);
    } catch (error) {
      const topics = specs.map((spec) => spec.topic).join(', ');
      throw toKafkaError(error, 'KAFKA_ADMIN_FAILED', `creating topics ${topics}`);
    }
  }

  async deleteTopics(topics: string[]): Promise<void> {
    if (topics.length === 0) return;
    await this.connect();
    try {
      await this.admin.deleteTopics({ topics });
    } catch (error) {
      throw toKafkaError(error, 'KAFKA_ADMIN_FAILED', `deleting topics ${topics.join(', ')}`);
    }
  }

  async committedOffsets(groupId: string, topic: string): Promise<PartitionOffset[]> {
    await this.connect();
    try {
      const [offsets] = await this.admin.fetchOffsets({ groupId, topics: [topic] });
      return (offsets?.partitions ?? [])
        .map(({ partition, offset }) => ({ partition, offset }))
        .sort((left, right) => left.partition - right.partition);
    } catch (error) {
      throw toKafkaError(error, 'KAFKA_ADMIN_FAILED', `fetching offsets of group ${groupId} on ${topic}`);
    }
  }

  async endOffsets(topic: string): Promise<PartitionOffset[]> {
    await this.connect();
    try {
      const offsets = await this.admin.fetchTopicOffsets(topic);
      return offsets
        .map(({ partition, high }) => ({ partition, offset: high }))
        .sort((left, right) => left.partition - right.partition);
    } catch (error) {
      throw toKafkaError(error, 'KAFKA_ADMIN_FAILED', `fetching end offsets of ${topic}`);
    }
  }

  async disconnect(): Promise<void> {
    this.connecting = undefined;
    await this.admin.disconnect();
  }
}
