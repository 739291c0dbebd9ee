import { type ClickHouseClient, CLICKHOUSE_TABLES, type FindingRow } from '@argus/clickhouse';
import { type BehaviourEntity, type EntityKind, type HourlyActivity } from '@argus/scoring';
import { sqlString } from './drift/drift.store';

/** Tables of migration 004. */
export const BEHAVIOUR_TABLES = {
  hourly: 'behaviour_hourly',
  baselines: 'behaviour_baselines',
} as const;

export type TimeRange = { start: Date; end: Date };

export type EntitySeries = { entity: BehaviourEntity; hours: HourlyActivity[] };

/** A user's norm of tokens per request, for the inline per-event score (table behaviour_baselines). */
export type BehaviourBaselineRow = {
  tenant_id: string;
  app_id: string;
  user_id: string;
  tokens_log_median: number;
  tokens_log_scale: number;
  active_hours: number;
  computed_at: string;
};

/** What the behaviour job reads and writes; `ClickHouseBehaviourStore` is the real one. */
export type BehaviourStore = {
  /**
   * Entities of a kind with activity in `active`, with their hourly series over `window`, a chunk at a
   * time so a tenant with many active users never holds all their histories at once.
   */
  series(kind: EntityKind, active: TimeRange, window: TimeRange): AsyncIterable<EntitySeries[]>;
  /** Which of these finding ids, all timestamped at or after `since`, are already stored. */
  existingFindings(findingIds: readonly string[], since: Date): Promise<Set<string>>;
  writeFindings(rows: FindingRow[]): Promise<void>;
  writeBaselines(rows: BehaviourBaselineRow[]): Promise<void>;
};

type AggregateRow = {
  tenant_id: string;
  app_id: string;
  model: string;
  user_id: string;
  hour_start: string;
  requests: string;
  rows: string;
  input_tokens: string;
  output_tokens: string;
  latency_ms_sum: number;
  latency_count: string;
  errors: string;
  refusals: string;
  tool_calls: string;
  with_findings: string;
};

/** Columns that name an entity of each kind (model and user are scoped to their app). */
const ENTITY_COLUMNS: Record<EntityKind, readonly string[]> = {
  app: ['tenant_id', 'app_id'],
  model: ['tenant_id', 'app_id', 'model'],
  user: ['tenant_id', 'app_id', 'user_id'],
};

/** Users and models per query: bounds the rows held at once to ~chunk × window hours. */
const ENTITIES_PER_QUERY = 200;

/**
 * The behaviour job's ClickHouse access. Reads the hourly aggregates of migration 004 and rolls them up
 * to the entity in SQL. Sums there include replayed rows (a materialized view sees every insert), so
 * each sum is scaled by requests / rows: a replay doubles both, the ratio stays.
 */
export class ClickHouseBehaviourStore implements BehaviourStore {
  constructor(private readonly client: ClickHouseClient) {}

  async *series(kind: EntityKind, active: TimeRange, window: TimeRange): AsyncIterable<EntitySeries[]> {
    const columns = ENTITY_COLUMNS[kind];
    const keys = await this.rows<Record<string, string>>(
      `SELECT DISTINCT ${columns.join(', ')} FROM ${BEHAVIOUR_TABLES.hourly}
       WHERE hour >= toDateTime({start:UInt32}, 'UTC') AND hour < toDateTime({end:UInt32}, 'UTC')
         ${kind === 'user' ? "AND user_id != ''" : ''}
       ORDER BY ${columns.join(', ')}`,
      epochSeconds(active),
    );
    for (let offset = 0; offset < keys.length; offset += ENTITIES_PER_QUERY) {
      const chunk = keys.slice(offset, offset + ENTITIES_PER_QUERY);
      // Literals, not an array parameter: embedded chdb mis-parses array parameters of several elements.
      const tuples = chunk.map((key) => `(${columns.map((column) => sqlString(key[column])).join(', ')})`);
      const rows = await this.rows<AggregateRow>(
        `SELECT ${selectEntity(kind)},
                toUnixTimestamp(hour) * 1000 AS hour_start,
                uniqCombined64Merge(requests) AS requests,
                sum(rows) AS rows,
                sum(input_tokens) AS input_tokens,
                sum(output_tokens) AS output_tokens,
                sum(latency_ms_sum) AS latency_ms_sum,
                sum(latency_count) AS latency_count,
                sum(errors) AS errors,
                sum(refusals) AS refusals,
                sum(tool_calls) AS tool_calls,
                sum(with_findings) AS with_findings
         FROM ${BEHAVIOUR_TABLES.hourly}
         WHERE hour >= toDateTime({start:UInt32}, 'UTC') AND hour < toDateTime({end:UInt32}, 'UTC')
           AND (${columns.join(', ')}) IN (${tuples.join(', ')})
         GROUP BY ${columns.join(', ')}, hour
         ORDER BY ${columns.join(', ')}, hour`,
        epochSeconds(window),
      );
      yield groupSeries(kind, rows);
    }
  }

  async existingFindings(findingIds: readonly string[], since: Date): Promise<Set<string>> {
    if (findingIds.length === 0) return new Set();
    // The time bound lets ClickHouse skip every partition and granule older than the judged hours.
    const rows = await this.rows<{ finding_id: string }>(
      `SELECT DISTINCT finding_id FROM ${CLICKHOUSE_TABLES.findings}
       WHERE timestamp >= toDateTime64({since:UInt32}, 3, 'UTC') AND category = 'behaviour_anomaly'
         AND finding_id IN (${findingIds.map(sqlString).join(', ')})`,
      { since: Math.floor(since.getTime() / 1000) },
    );
    return new Set(rows.map((row) => row.finding_id));
  }

  async writeFindings(rows: FindingRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.client.insert({ table: CLICKHOUSE_TABLES.findings, values: rows, format: 'JSONEachRow' });
  }

  async writeBaselines(rows: BehaviourBaselineRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.client.insert({ table: BEHAVIOUR_TABLES.baselines, values: rows, format: 'JSONEachRow' });
  }

  private async rows<Row>(query: string, query_params: Record<string, unknown>): Promise<Row[]> {
    const result = await this.client.query({ query, query_params, format: 'JSONEachRow' });
    return result.json<Row>();
  }
}

function selectEntity(kind: EntityKind): string {
  switch (kind) {
    case 'app':
      return "tenant_id, app_id, '' AS model, '' AS user_id";
    case 'model':
      return "tenant_id, app_id, model, '' AS user_id";
    case 'user':
      return "tenant_id, app_id, '' AS model, user_id";
  }
}

function groupSeries(kind: EntityKind, rows: readonly AggregateRow[]): EntitySeries[] {
  const byEntity = new Map<string, EntitySeries>();
  for (const row of rows) {
    const key = JSON.stringify([row.tenant_id, row.app_id, row.model, row.user_id]);
    let series = byEntity.get(key);
    if (!series) {
      const entity: BehaviourEntity = {
        kind,
        tenantId: row.tenant_id,
        appId: row.app_id,
        ...(kind === 'model' ? { model: row.model } : {}),
        ...(kind === 'user' ? { userId: row.user_id } : {}),
      };
      series = { entity, hours: [] };
      byEntity.set(key, series);
    }
    series.hours.push(toActivity(row));
  }
  return [...byEntity.values()];
}

/** Sums scaled to distinct requests (see the class comment); counts rounded back to whole events. */
function toActivity(row: AggregateRow): HourlyActivity {
  const requests = Number(row.requests);
  const scale = Number(row.rows) > 0 ? requests / Number(row.rows) : 0;
  const count = (value: string | number) => Math.round(Number(value) * scale);
  return {
    hourStart: Number(row.hour_start),
    requests,
    inputTokens: count(row.input_tokens),
    outputTokens: count(row.output_tokens),
    latencyMsSum: Number(row.latency_ms_sum) * scale,
    latencyCount: count(row.latency_count),
    errors: count(row.errors),
    refusals: count(row.refusals),
    toolCalls: count(row.tool_calls),
    withFindings: count(row.with_findings),
  };
}

function epochSeconds(range: TimeRange): { start: number; end: number } {
  return { start: Math.floor(range.start.getTime() / 1000), end: Math.floor(range.end.getTime() / 1000) };
}
