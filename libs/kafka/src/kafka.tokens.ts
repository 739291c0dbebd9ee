import { type KafkaConnectionOptions, type ProducerOptions } from './kafka.port';

/** Injection tokens of KafkaModule. */
export const KAFKA_MODULE_OPTIONS = 'argus:kafka:module-options';
/** A `KafkaClientPort`, to create further producers, consumers or admin clients. */
export const KAFKA_CLIENT = 'argus:kafka:client';
/** The shared `KafkaProducerPort`, connected at module init. */
export const KAFKA_PRODUCER = 'argus:kafka:producer';
/** The shared `KafkaAdminPort`, connected at module init. */
export const KAFKA_ADMIN = 'argus:kafka:admin';

export type KafkaModuleOptions = {
  connection: KafkaConnectionOptions;
  producer?: ProducerOptions;
  /** Connect the producer and the admin client during module init, failing start-up early (default true). */
  connectOnInit?: boolean;
};
