export * from './env.schema';
export * from './argus-config';
export * from './config.module';
export * from './config-table';
