import {
  type DynamicModule,
  type FactoryProvider,
  type ModuleMetadata,
  Module,
  type Provider,
} from '@nestjs/common';
import { KafkaConsumerFactory } from './kafka-consumer-factory.service';
import { KafkaLifecycleService } from './kafka-lifecycle.service';
import { type KafkaClientPort } from './kafka.port';
import {
  KAFKA_ADMIN,
  KAFKA_CLIENT,
  KAFKA_MODULE_OPTIONS,
  KAFKA_PRODUCER,
  type KafkaModuleOptions,
} from './kafka.tokens';
import { createKafkaClient } from './kafkajs/kafkajs.client';

export type KafkaModuleAsyncOptions = Pick<ModuleMetadata, 'imports'> & {
  useFactory: (...dependencies: never[]) => KafkaModuleOptions | Promise<KafkaModuleOptions>;
  inject?: FactoryProvider['inject'];
};

const CLIENT_PROVIDERS: Provider[] = [
  {
    provide: KAFKA_CLIENT,
    useFactory: (options: KafkaModuleOptions) => createKafkaClient(options.connection),
    inject: [KAFKA_MODULE_OPTIONS],
  },
  {
    provide: KAFKA_PRODUCER,
    useFactory: (client: KafkaClientPort, options: KafkaModuleOptions) =>
      client.createProducer(options.producer),
    inject: [KAFKA_CLIENT, KAFKA_MODULE_OPTIONS],
  },
  {
    provide: KAFKA_ADMIN,
    useFactory: (client: KafkaClientPort) => client.createAdmin(),
    inject: [KAFKA_CLIENT],
  },
  KafkaConsumerFactory,
  KafkaLifecycleService,
];

const EXPORTS = [KAFKA_CLIENT, KAFKA_PRODUCER, KAFKA_ADMIN, KafkaConsumerFactory];

/**
 * Kafka for the Nest apps: the shared producer (`KAFKA_PRODUCER`), the admin client (`KAFKA_ADMIN`)
 * and `KafkaConsumerFactory` for batch consumers. Global, so the modules of every app can inject them.
 */
@Module({})
export class KafkaModule {
  static forRoot(options: KafkaModuleOptions): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      providers: [{ provide: KAFKA_MODULE_OPTIONS, useValue: options }, ...CLIENT_PROVIDERS],
      exports: EXPORTS,
    };
  }

  static forRootAsync(options: KafkaModuleAsyncOptions): DynamicModule {
    return {
      module: KafkaModule,
      global: true,
      imports: options.imports ?? [],
      providers: [
        { provide: KAFKA_MODULE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] },
        ...CLIENT_PROVIDERS,
      ],
      exports: EXPORTS,
    };
  }
}
