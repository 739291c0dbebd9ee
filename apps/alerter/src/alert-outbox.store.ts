import { type Alert, type AlertGroupSnapshot } from '@argus/alerting';
import { type ClickHouseClient, toClickHouseDateTime } from '@argus/clickhouse';

export type UnfinishedDelivery = { alert: Alert; sink: string; attempts: number };

/**
 * Reads the outbox back (`alerts`, `alert_deliveries`): the alerts of still-open groups, and the
 * deliveries a previous process recorded but did not finish. The only ClickHouse reads of the alerter.
 */
export class AlertOutboxStore {
  constructor(private readonly client: ClickHouseClient) {}

  /** Alerts recorded since `since` that belong to a group (to rebuild open groups at start-up). */
  async groupAlertsSince(since: Date): Promise<Alert[]> {
    const rows = await this.select<{ payload: string }>(
      `SELECT payload FROM alerts FINAL
       WHERE created_at >= {since:DateTime64(3, 'UTC')} AND JSONHas(payload, 'group')`,
      { since: toClickHouseDateTime(since) },
    );
    return rows.map((row) => JSON.parse(row.payload) as Alert);
  }

  /** The latest snapshot of every group not closed whose window ended after `since`. */
  async openGroupSnapshots(since: Date): Promise<AlertGroupSnapshot[]> {
    const rows = await this.select<{ state: string }>(
      `SELECT state FROM alert_groups FINAL
       WHERE closed = 0 AND window_end >= {since:DateTime64(3, 'UTC')}`,
      { since: toClickHouseDateTime(since) },
    );
    return rows.map((row) => JSON.parse(row.state) as AlertGroupSnapshot);
  }

  /**
   * (alert, sink) pairs whose log has no `delivered` and no `parked` row: recorded as pending, maybe
   * tried and failed, but never finished (the process stopped, crashed, or had no room to queue them).
   */
  async unfinishedDeliveries(since: Date, limit: number): Promise<UnfinishedDelivery[]> {
    const open = await this.select<{ alert_id: string; sink: string; attempts: number | string }>(
      `SELECT alert_id, sink, max(attempt) AS attempts
       FROM alert_deliveries
       WHERE at >= {since:DateTime64(3, 'UTC')}
       GROUP BY alert_id, sink
       HAVING countIf(status IN ('delivered', 'parked')) = 0
       ORDER BY min(at)
       LIMIT {limit:UInt32}`,
      { since: toClickHouseDateTime(since), limit },
    );
    if (open.length === 0) return [];
    const payloads = await this.select<{ alert_id: string; payload: string }>(
      `SELECT alert_id, any(payload) AS payload FROM alerts
       WHERE alert_id IN {ids:Array(String)} GROUP BY alert_id`,
      { ids: [...new Set(open.map((row) => row.alert_id))] },
    );
    const byId = new Map(payloads.map((row) => [row.alert_id, JSON.parse(row.payload) as Alert]));
    return open.flatMap((row) => {
      const alert = byId.get(row.alert_id);
      return alert === undefined ? [] : [{ alert, sink: row.sink, attempts: Number(row.attempts) }];
    });
  }

  private async select<Row>(query: string, params: Record<string, unknown>): Promise<Row[]> {
    const result = await this.client.query({ query, query_params: params, format: 'JSONEachRow' });
    return result.json<Row>();
  }
}
