import {
  type Alert,
  type AlertGroupSnapshot,
  alertFromFinding,
  pendingDeliveryRow,
  toAlertGroupRow,
  toAlertRow,
  toDeliveryRow,
} from '@argus/alerting';
import {
  DEFAULT_RETENTION,
  applyMigrations,
  createClickHouseClient,
  embeddedTestDataDir,
  type ClickHouseClient,
} from '@argus/clickhouse';
import { makeFinding } from '@argus/testing';
import { AlertOutboxStore } from '../../apps/alerter/src/alert-outbox.store';

// Real embedded ClickHouse (chdb): the outbox queries the alerter runs at start-up, on the real tables.
const DATABASE = 'argus_it_alert_outbox';

describe('alert outbox store on embedded ClickHouse', () => {
  let client: ClickHouseClient;
  let store: AlertOutboxStore;
  const now = new Date();
  const at = (offsetMs: number) => new Date(now.getTime() + offsetMs);
  const alert = (id: string, extra: Partial<Alert> = {}): Alert => ({
    ...alertFromFinding(makeFinding({ finding_id: `finding-${id}` }), now),
    alert_id: id,
    ...extra,
  });

  beforeAll(async () => {
    client = await createClickHouseClient({ database: DATABASE, dataDir: embeddedTestDataDir() });
    await applyMigrations(client, { database: DATABASE, retention: DEFAULT_RETENTION });
  });

  afterAll(async () => {
    await client.command({ query: `DROP DATABASE IF EXISTS ${DATABASE}` });
    await client.close();
  });

  it('finds the deliveries a stopped process left unfinished, with their attempt count and payload', async () => {
    store = new AlertOutboxStore(client);
    const alerts = ['delivered', 'pending', 'retrying', 'parked', 'two-sinks'].map((id) => alert(id));
    await client.insert({
      table: 'alerts',
      values: alerts.map((a) => toAlertRow(a, now)),
      format: 'JSONEachRow',
    });
    const attempt = (id: string, sink: string, number: number, status: 'delivered' | 'failed' | 'parked') =>
      toDeliveryRow(id, { sink, attempt: number, status, error: '', at: at(number * 10) });
    await client.insert({
      table: 'alert_deliveries',
      values: [
        ...alerts.map((a) => pendingDeliveryRow(a.alert_id, 'webhook', now)),
        pendingDeliveryRow('two-sinks', 'slack', now),
        attempt('delivered', 'webhook', 1, 'delivered'),
        attempt('retrying', 'webhook', 1, 'failed'),
        attempt('retrying', 'webhook', 2, 'failed'),
        attempt('parked', 'webhook', 1, 'parked'),
        attempt('two-sinks', 'webhook', 1, 'delivered'),
      ],
      format: 'JSONEachRow',
    });

    const unfinished = await store.unfinishedDeliveries(at(-60_000), 100);
    const summary = unfinished.map((entry) => [entry.alert.alert_id, entry.sink, entry.attempts]).sort();
    expect(summary).toEqual([
      ['pending', 'webhook', 0],
      ['retrying', 'webhook', 2],
      ['two-sinks', 'slack', 0],
    ]);
    expect(unfinished.find((entry) => entry.alert.alert_id === 'pending')!.alert.summary).toBe(
      alerts[1].summary,
    );
    expect(await store.unfinishedDeliveries(at(-60_000), 1)).toHaveLength(1);
  });

  it('reads back the grouped alerts of the look-back window only', async () => {
    const group = {
      id: 'g1',
      kind: 'first' as const,
      window_start: now.toISOString(),
      window_end: at(60_000).toISOString(),
    };
    const grouped = alert('grouped', { group });
    const old = alert('old-grouped', {
      group: { ...group, id: 'g0' },
      created_at: at(-7_200_000).toISOString(),
    });
    const plain = alert('plain');
    await client.insert({
      table: 'alerts',
      values: [grouped, old, plain].map((a) => toAlertRow(a, now)),
      format: 'JSONEachRow',
    });
    const read = await store.groupAlertsSince(at(-3_600_000));
    expect(read.map((a) => a.alert_id)).toEqual(['grouped']);
    expect(read[0].group).toEqual(group);
  });

  it('reads the latest snapshot of each open group; a closed or expired group is not read', async () => {
    const snapshot = (
      id: string,
      occurrences: number,
      closed: boolean,
      windowEnd = at(60_000),
    ): AlertGroupSnapshot => ({
      id,
      key: `policy=all|conversation=${id}`,
      window_start: now.getTime(),
      window_end: windowEnd.getTime(),
      occurrences,
      alerted_occurrences: 1,
      escalations: 0,
      severity: 'high',
      first_seen: now.toISOString(),
      last_seen: now.toISOString(),
      finding_ids: ['f1'],
      event_ids: ['e1'],
      base: alert(`base-${id}`),
      closed,
    });
    await client.insert({
      table: 'alert_groups',
      values: [
        toAlertGroupRow(snapshot('open', 5, false), at(0)),
        toAlertGroupRow(snapshot('open', 9, false), at(10)), // a later batch folded more
        toAlertGroupRow(snapshot('closed', 3, false), at(0)),
        toAlertGroupRow(snapshot('closed', 4, true), at(10)),
        toAlertGroupRow(snapshot('expired', 2, false, at(-7_200_000)), at(0)),
      ],
      format: 'JSONEachRow',
    });
    const open = await store.openGroupSnapshots(at(-3_600_000));
    expect(open.map((group) => [group.id, group.occurrences])).toEqual([['open', 9]]);
    expect(open[0].base.alert_id).toBe('base-open');
  });
});
