export * from './telemetry.decoder';
export * from './telemetry-batch.processor';
export * from './event-row.mapper';
export * from './redaction';
export * from './event-embedding.stage';
