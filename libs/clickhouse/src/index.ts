export {
  ClickHouseStorageError,
  NonRetryableClickHouseStorageError,
  type ClickHouseStorageErrorCode,
} from './clickhouse.errors';
export {
  classifyClickHouseError,
  clickHouseErrorCode,
  isTooLargeClickHouseError,
  isTransientClickHouseError,
  type ClickHouseErrorKind,
} from './clickhouse-error.classifier';
export {
  parseClickHouseDateTime,
  toClickHouseDateTime,
  type ClickHouseDateTime,
} from './clickhouse-date-time.util';
export {
  createClickHouseClient,
  describeServerUrl,
  type ClickHouseConnectionOptions,
} from './clickhouse.factory';
export {
  BatchingWriter,
  type BatchingWriterOptions,
  type ClickHouseInsertClient,
  type WriterFlushInfo,
} from './clickhouse.writer';
export {
  CLICKHOUSE_CLIENT,
  CLICKHOUSE_MODULE_OPTIONS,
  ClickHouseModule,
  type ClickHouseModuleAsyncOptions,
  type ClickHouseModuleOptions,
} from './clickhouse.module';
export {
  applyMigrations,
  migrationChecksum,
  migrationLabel,
  type ApplyMigrationsOptions,
  type ApplyMigrationsResult,
} from './migrator';
export { MIGRATIONS, type Migration } from './migrations';
export { splitSqlStatements } from './sql-statement.splitter';
export { DEFAULT_RETENTION, applyRetention, parseDayTtl, type RetentionPolicy } from './table-retention';
export {
  CLICKHOUSE_TABLES,
  type AlertDeliveryRow,
  type AlertDeliveryStatus,
  type AlertRow,
  type ClickHouseTableName,
  type DriftReferenceRow,
  type DriftScoreRow,
  type EventRow,
  type FindingRow,
  type SchemaMigrationRow,
} from './table-rows';
export * from './erasure';
export { embeddedTestDataDir } from './testing/embedded-test-data-dir';
export type { ClickHouseClient } from '@clickhouse/client';
