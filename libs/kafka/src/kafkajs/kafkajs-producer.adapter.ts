import { CompressionTypes, type Kafka, Partitioners, type Producer } from 'kafkajs';
import { type KafkaProducerPort, type OutgoingRecord, type ProducerOptions } from '../kafka.port';
import { toKafkaError } from './kafkajs-errors.mapper';
import { toKafkaJsMessage } from './kafkajs-records.mapper';

const DEFAULT_RETRIES = 10;

/**
 * Idempotent producer: acks from all in-sync replicas, one request in flight per broker (kafkajs
 * serialises idempotent requests anyway), murmur2 partitioning like the Java client, so a key lands
 * on the same partition whichever client produced it.
 */
export class KafkaJsProducerAdapter implements KafkaProducerPort {
  private readonly producer: Producer;
  private readonly compression: CompressionTypes;

  constructor(kafka: Kafka, options: ProducerOptions = {}) {
    this.compression = options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
    this.producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: options.retries ?? DEFAULT_RETRIES, initialRetryTime: 100, maxRetryTime: 5_000 },
    });
  }

  async connect(): Promise<void> {
    try {
      await this.producer.connect();
    } catch (error) {
      throw toKafkaError(error, 'KAFKA_PRODUCE_FAILED', 'connecting the Kafka producer');
    }
  }

  async send(topic: string, records: OutgoingRecord[]): Promise<void> {
    if (records.length === 0) return;
    try {
      await this.producer.send({
        topic,
        acks: -1,
        compression: this.compression,
        messages: records.map(toKafkaJsMessage),
      });
    } catch (error) {
      throw toKafkaError(error, 'KAFKA_PRODUCE_FAILED', `producing ${records.length} record(s) to ${topic}`);
    }
  }

  async disconnect(): Promise<void> {
    await this.producer.disconnect();
  }
}
