export * from './kafka.port';
export * from './kafka.errors';
export * from './kafka.tokens';
export * from './dead-letter.publisher';
export { partitionLag, type PartitionPosition } from './consumer.lag';
export { backoffDelayMs, type BackoffPolicy, DEFAULT_BATCH_RETRY_BACKOFF } from './retry.backoff';
export { createKafkaClient } from './kafkajs/kafkajs.client';
export { KafkaConsumerFactory } from './kafka-consumer-factory.service';
export { KafkaModule, type KafkaModuleAsyncOptions } from './kafka.module';
