// Client-free entry point (`@argus/clickhouse/rows`): row types and value formatting for pure libraries
// that build rows without loading a ClickHouse client.
export * from './table-rows';
export {
  parseClickHouseDateTime,
  toClickHouseDateTime,
  type ClickHouseDateTime,
} from './clickhouse-date-time.util';
