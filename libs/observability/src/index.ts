export * from './logger';
export * from './metrics';
export * from './health.registry';
export * from './observability.module';
export * from './nest-logger.adapter';
