import { Inject, Injectable } from '@nestjs/common';
import { type BatchConsumerOptions, type BatchConsumerPort, type KafkaClientPort } from './kafka.port';
import { KAFKA_CLIENT } from './kafka.tokens';

/**
 * Creates batch consumers (one per consumer group) on the module's connection. The owner of a
 * consumer stops it in its own shutdown step; whatever is still open when the module is destroyed
 * gets disconnected here.
 */
@Injectable()
export class KafkaConsumerFactory {
  private readonly consumers = new Set<BatchConsumerPort>();

  constructor(@Inject(KAFKA_CLIENT) private readonly client: KafkaClientPort) {}

  create(options: BatchConsumerOptions): BatchConsumerPort {
    const consumer = this.client.createBatchConsumer(options);
    this.consumers.add(consumer);
    return consumer;
  }

  async disconnectAll(): Promise<void> {
    const consumers = [...this.consumers];
    this.consumers.clear();
    await Promise.allSettled(consumers.map((consumer) => consumer.disconnect()));
  }
}
