export * from './env.schema';
export * from './argus-config';
export * from './config.module';
