import { type DynamicModule, Global, Module } from '@nestjs/common';
import { HealthRegistry } from './health.registry';
import { type Logger } from './logger';
import { type ArgusMetrics } from './metrics';

export const LOGGER = Symbol('LOGGER');
export const METRICS = Symbol('METRICS');

/** Logger, metrics and the readiness registry, shared by every app hosted in the process. */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(options: { logger: Logger; metrics: ArgusMetrics; health: HealthRegistry }): DynamicModule {
    return {
      module: ObservabilityModule,
      providers: [
        { provide: LOGGER, useValue: options.logger },
        { provide: METRICS, useValue: options.metrics },
        { provide: HealthRegistry, useValue: options.health },
      ],
      exports: [LOGGER, METRICS, HealthRegistry],
    };
  }
}
