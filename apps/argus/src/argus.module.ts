import { type DynamicModule, Global, Module, type ModuleMetadata } from '@nestjs/common';
import { ClickHouseModule } from '@argus/clickhouse';
import { type ArgusConfig, ConfigModule } from '@argus/config';
import { type DetectionPolicy } from '@argus/detectors';
import { KafkaModule } from '@argus/kafka';
import {
  type ArgusMetrics,
  type HealthRegistry,
  type Logger,
  ObservabilityModule,
} from '@argus/observability';
import { AlerterModule } from '../../alerter/src/alerter.module';
import { AnalyzerModule } from '../../analyzer/src/analyzer.module';
import { ApiModule } from '../../api/src/api.module';
import { IngestModule } from '../../ingest/src/ingest.module';
import { DETECTION_POLICY, detectionPolicyNeeded } from './detection-policy';
import { KafkaTopicsService } from './kafka-topics.service';
import { kafkaConnectionOptions } from './kafka-connection';

export type ArgusRuntime = {
  logger: Logger;
  metrics: ArgusMetrics;
  health: HealthRegistry;
  /** Loaded and checked before Nest starts (see detection-policy.ts); needed by ingest and the guard. */
  detectionPolicy?: DetectionPolicy;
};

/** Shares the one parsed detection policy with every module of the process. */
@Global()
@Module({})
class DetectionPolicyModule {
  static forRoot(policy: DetectionPolicy): DynamicModule {
    return {
      module: DetectionPolicyModule,
      providers: [{ provide: DETECTION_POLICY, useValue: policy }],
      exports: [DETECTION_POLICY],
    };
  }
}

/**
 * The composition root. Which apps run is configuration (`ARGUS_APPS`), so one process can host all of
 * them (the embedded default of `make demo`) or each can run in its own deployment.
 */
@Module({})
export class ArgusModule {
  static forRoot(config: ArgusConfig, runtime: ArgusRuntime): DynamicModule {
    const imports: NonNullable<ModuleMetadata['imports']> = [
      ConfigModule.forRoot(config),
      ObservabilityModule.forRoot(runtime),
      ClickHouseModule.forRootAsync({
        isGlobal: true,
        useFactory: () => ({
          connection: {
            url: config.clickhouse.url,
            username: config.clickhouse.username,
            password: config.clickhouse.password,
            database: config.clickhouse.database,
            dataDir: config.clickhouse.embeddedDataDir,
            applicationName: 'argus',
          },
          retention: config.clickhouse.retention,
        }),
      }),
    ];
    const providers = [];
    // The analyzer only produces (findings); it still needs the producer and the topics.
    const usesKafka = config.apps.some((app) => app === 'ingest' || app === 'alerter' || app === 'analyzer');
    if (usesKafka) {
      imports.push(KafkaModule.forRoot({ connection: kafkaConnectionOptions(config, runtime.logger) }));
      providers.push(KafkaTopicsService);
    }
    if (detectionPolicyNeeded(config)) {
      if (runtime.detectionPolicy === undefined)
        throw new Error('ingest and the guard need the detection policy: load it in bootstrap');
      imports.push(DetectionPolicyModule.forRoot(runtime.detectionPolicy));
    }
    if (config.apps.includes('ingest')) imports.push(IngestModule);
    if (config.apps.includes('alerter')) imports.push(AlerterModule);
    if (config.apps.includes('api')) imports.push(ApiModule.forRoot(config));
    if (config.apps.includes('analyzer')) imports.push(AnalyzerModule);
    return { module: ArgusModule, imports, providers };
  }
}
