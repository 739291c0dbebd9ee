import { type Alert, type AlertGroupSnapshot } from '@argus/alerting';

export type StoreOutbox = (alerts: readonly Alert[], groups: readonly AlertGroupSnapshot[]) => Promise<void>;

/**
 * The recording half of the outbox, with the one rule that keeps alerts from being lost when a write
 * fails: what was raised in memory but not stored is kept and stored with the next attempt. The batch
 * whose write failed is not committed and comes back, but its findings are duplicates by then and raise
 * nothing again: without this its alerts would never be recorded, nor sent.
 */
export class AlertOutboxRecorder {
  private alerts: Alert[] = [];
  private groups = new Map<string, AlertGroupSnapshot>();

  constructor(private readonly store: StoreOutbox) {}

  /** Stores the given alerts and group snapshots plus any left over; resolves with every alert stored. */
  async record(raised: readonly Alert[], changed: readonly AlertGroupSnapshot[]): Promise<Alert[]> {
    const alerts = [...this.alerts.splice(0), ...raised];
    const groups = this.groups;
    this.groups = new Map();
    for (const snapshot of changed) groups.set(snapshot.id, snapshot);
    if (alerts.length === 0 && groups.size === 0) return [];
    try {
      await this.store(alerts, [...groups.values()]);
      return alerts;
    } catch (error) {
      this.alerts.unshift(...alerts);
      // A snapshot taken while this write was in flight is newer: it wins.
      for (const [id, snapshot] of groups) if (!this.groups.has(id)) this.groups.set(id, snapshot);
      throw error;
    }
  }
}
