export * from './categories';
export * from './topics';
export * from './telemetry.schema';
export * from './finding.schema';
export * from './validation';
export * from './telemetry.json-schema';
