import type { ClickHouseClient } from '@clickhouse/client';
import {
  ClickHouseStorageError,
  NonRetryableClickHouseStorageError,
  describeError,
} from './clickhouse.errors';
import { classifyClickHouseError } from './clickhouse-error.classifier';
import { CLICKHOUSE_TABLES } from './table-rows';

/** Days each kind of data is kept. Alerts and their delivery records share `alertsDays`. */
export type RetentionPolicy = {
  eventsDays: number;
  findingsDays: number;
  alertsDays: number;
};

export const DEFAULT_RETENTION: Readonly<RetentionPolicy> = {
  eventsDays: 90,
  findingsDays: 180,
  alertsDays: 365,
};

export type TableTtl = { table: string; column: string; days: number };

const MAX_RETENTION_DAYS = 36500;

export function retentionTargets(retention: RetentionPolicy): TableTtl[] {
  return [
    { table: CLICKHOUSE_TABLES.events, column: 'timestamp', days: retention.eventsDays },
    { table: CLICKHOUSE_TABLES.findings, column: 'timestamp', days: retention.findingsDays },
    { table: CLICKHOUSE_TABLES.alerts, column: 'created_at', days: retention.alertsDays },
    { table: CLICKHOUSE_TABLES.alertDeliveries, column: 'at', days: retention.alertsDays },
    // Drift results are findings' evidence: kept as long as findings.
    { table: CLICKHOUSE_TABLES.driftScores, column: 'window_start', days: retention.findingsDays },
    // Hourly behaviour aggregates carry user ids: no longer than the events they summarise.
    { table: CLICKHOUSE_TABLES.behaviourHourly, column: 'hour', days: retention.eventsDays },
  ];
}

/**
 * Reads a table TTL of the form `toDateTime(column) + INTERVAL n DAY` out of system.tables.engine_full,
 * where the server has normalised the interval to `toIntervalDay(n)`. Anything else (no TTL, a
 * hand-written TTL) gives undefined, and applyRetention then rewrites it.
 */
export function parseDayTtl(engineFull: string): { column: string; days: number } | undefined {
  const match =
    /\bTTL\s+toDateTime\(\s*`?(\w+)`?\s*\)\s*\+\s*(?:toIntervalDay\(\s*(\d+)\s*\)|INTERVAL\s+(\d+)\s+DAY)\s*(?:SETTINGS\b|$)/i.exec(
      engineFull.trim(),
    );
  if (!match) {
    return undefined;
  }
  return { column: match[1], days: Number(match[2] ?? match[3]) };
}

function assertRetention(retention: RetentionPolicy): void {
  for (const [key, days] of Object.entries(retention)) {
    if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS) {
      throw new NonRetryableClickHouseStorageError(
        'INVALID_RETENTION',
        `Retention ${key} must be a whole number of days between 1 and ${MAX_RETENTION_DAYS}, got ${String(days)}`,
      );
    }
  }
}

/**
 * Makes each table's TTL match the configured retention. Run at every start-up, so changing the
 * configuration changes retention; a table whose TTL already matches is left alone, because
 * MODIFY TTL re-evaluates the TTL over all existing parts, which is not free on a large table.
 * Returns the tables whose TTL changed.
 */
export async function applyRetention(
  client: Pick<ClickHouseClient, 'query' | 'command'>,
  options: { database: string; retention: RetentionPolicy },
): Promise<string[]> {
  assertRetention(options.retention);
  const targets = retentionTargets(options.retention);
  let current: Map<string, string>;
  try {
    const result = await client.query({
      query: 'SELECT name, engine_full FROM system.tables WHERE database = {database:String}',
      query_params: { database: options.database },
      format: 'JSONEachRow',
    });
    const rows = await result.json<{ name: string; engine_full: string }>();
    current = new Map(rows.map((row) => [row.name, row.engine_full]));
  } catch (error) {
    throw retentionError(`Could not read table definitions of database ${options.database}`, error);
  }
  const updated: string[] = [];
  for (const target of targets) {
    const engineFull = current.get(target.table);
    if (engineFull === undefined) {
      throw new NonRetryableClickHouseStorageError(
        'RETENTION_UPDATE_FAILED',
        `Table ${options.database}.${target.table} does not exist; apply the migrations first`,
      );
    }
    const ttl = parseDayTtl(engineFull);
    if (ttl?.column === target.column && ttl.days === target.days) {
      continue;
    }
    try {
      await client.command({
        query: `ALTER TABLE \`${options.database}\`.\`${target.table}\` MODIFY TTL toDateTime(\`${target.column}\`) + INTERVAL ${target.days} DAY`,
      });
    } catch (error) {
      throw retentionError(`Could not set the TTL of ${options.database}.${target.table}`, error);
    }
    updated.push(target.table);
  }
  return updated;
}

function retentionError(message: string, cause: unknown): ClickHouseStorageError {
  const ErrorClass =
    classifyClickHouseError(cause) === 'transient'
      ? ClickHouseStorageError
      : NonRetryableClickHouseStorageError;
  return new ErrorClass('RETENTION_UPDATE_FAILED', `${message}: ${describeError(cause)}`, { cause });
}
