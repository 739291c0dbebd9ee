import { Kafka } from 'kafkajs';
import {
  type BatchConsumerOptions,
  type BatchConsumerPort,
  type KafkaAdminPort,
  type KafkaClientPort,
  type KafkaConnectionOptions,
  type KafkaLogger,
  type KafkaProducerPort,
  type ProducerOptions,
} from '../kafka.port';
import { KafkaJsAdminAdapter } from './kafkajs-admin.adapter';
import { KafkaJsBatchConsumerAdapter } from './kafkajs-batch-consumer.adapter';
import { levelFilteredLogger, toKafkaJsConfig } from './kafkajs-options.mapper';
import { KafkaJsProducerAdapter } from './kafkajs-producer.adapter';

/** The kafkajs implementation of the Kafka port; the only place a kafkajs client is created. */
export class KafkaJsClient implements KafkaClientPort {
  private readonly kafka: Kafka;
  private readonly logger: KafkaLogger | undefined;

  constructor(options: KafkaConnectionOptions) {
    this.kafka = new Kafka(toKafkaJsConfig(options));
    this.logger = levelFilteredLogger(options.logger, options.logLevel);
  }

  createProducer(options?: ProducerOptions): KafkaProducerPort {
    return new KafkaJsProducerAdapter(this.kafka, options);
  }

  createBatchConsumer(options: BatchConsumerOptions): BatchConsumerPort {
    return new KafkaJsBatchConsumerAdapter(this.kafka, options, this.logger);
  }

  createAdmin(): KafkaAdminPort {
    return new KafkaJsAdminAdapter(this.kafka);
  }
}

export function createKafkaClient(options: KafkaConnectionOptions): KafkaClientPort {
  return new KafkaJsClient(options);
}
