import {
  type AlertDeliveryRow,
  type AlertRow,
  type ClickHouseDateTime,
  toClickHouseDateTime,
} from '@argus/clickhouse/rows';
import { type Alert } from './alert';
import { type DeliveryAttempt } from './alert-delivery';
import { type AlertGroupSnapshot } from './policy/alert-grouper';

export function toAlertRow(alert: Alert, updatedAt: Date): AlertRow {
  return {
    alert_id: alert.alert_id,
    dedup_key: alert.dedup_key,
    tenant_id: alert.tenant_id,
    app_id: alert.app_id,
    created_at: toClickHouseDateTime(alert.created_at),
    updated_at: toClickHouseDateTime(updatedAt),
    severity: alert.severity,
    category: alert.category,
    title: alert.title,
    finding_ids: alert.finding_ids,
    // Exact, while `finding_ids` is capped on grouped alerts.
    finding_count: alert.occurrences ?? alert.finding_ids.length,
    first_seen: toClickHouseDateTime(alert.first_seen),
    last_seen: toClickHouseDateTime(alert.last_seen),
    payload: JSON.stringify(alert),
  };
}

export function toDeliveryRow(alertId: string, attempt: DeliveryAttempt): AlertDeliveryRow {
  return {
    alert_id: alertId,
    sink: attempt.sink,
    attempt: attempt.attempt,
    status: attempt.status,
    error: attempt.error,
    at: toClickHouseDateTime(attempt.at),
  };
}

/** The `pending` row written before any send: a crash after it leaves a visible trace of the alert. */
export function pendingDeliveryRow(alertId: string, sink: string, at: Date): AlertDeliveryRow {
  return { alert_id: alertId, sink, attempt: 0, status: 'pending', error: '', at: toClickHouseDateTime(at) };
}

/** `alert_groups` (migration 005): the latest state of one alert group; `state` is the snapshot as JSON. */
export type AlertGroupRow = {
  group_id: string;
  dedup_key: string;
  tenant_id: string;
  window_end: ClickHouseDateTime;
  closed: number;
  updated_at: ClickHouseDateTime;
  state: string;
};

export function toAlertGroupRow(snapshot: AlertGroupSnapshot, updatedAt: Date): AlertGroupRow {
  return {
    group_id: snapshot.id,
    dedup_key: snapshot.key,
    tenant_id: snapshot.base.tenant_id,
    window_end: toClickHouseDateTime(new Date(snapshot.window_end)),
    closed: snapshot.closed ? 1 : 0,
    updated_at: toClickHouseDateTime(updatedAt),
    state: JSON.stringify(snapshot),
  };
}
