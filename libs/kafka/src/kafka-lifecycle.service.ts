import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { KafkaConsumerFactory } from './kafka-consumer-factory.service';
import { type KafkaAdminPort, type KafkaProducerPort } from './kafka.port';
import { KAFKA_ADMIN, KAFKA_MODULE_OPTIONS, KAFKA_PRODUCER, type KafkaModuleOptions } from './kafka.tokens';

/**
 * Connects the shared producer and admin client at start-up and closes them in the LAST shutdown phase
 * (onApplicationShutdown): the apps stop their consumers and drain their batches, which may still
 * produce, in onModuleDestroy, which Nest runs for every module before any onApplicationShutdown.
 */
@Injectable()
export class KafkaLifecycleService implements OnModuleInit, OnApplicationShutdown {
  constructor(
    @Inject(KAFKA_MODULE_OPTIONS) private readonly options: KafkaModuleOptions,
    @Inject(KAFKA_PRODUCER) private readonly producer: KafkaProducerPort,
    @Inject(KAFKA_ADMIN) private readonly admin: KafkaAdminPort,
    private readonly consumers: KafkaConsumerFactory,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.options.connectOnInit === false) return;
    await Promise.all([this.producer.connect(), this.admin.connect()]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.consumers.disconnectAll();
    await Promise.allSettled([this.producer.disconnect(), this.admin.disconnect()]);
  }
}
