import { type Alert, type AlertGroupSnapshot, alertFromFinding } from '@argus/alerting';
import { makeFinding } from '@argus/testing';
import { AlertOutboxRecorder } from './alert-outbox.recorder';

const alert = (id: string): Alert => ({ ...alertFromFinding(makeFinding(), new Date(0)), alert_id: id });
const snapshot = (id: string, occurrences: number) => ({ id, occurrences }) as AlertGroupSnapshot;

describe('AlertOutboxRecorder', () => {
  it('keeps what a failed write did not store and stores it with the next one', async () => {
    const stored: { alerts: string[]; groups: [string, number][] }[] = [];
    let failing = true;
    const recorder = new AlertOutboxRecorder((alerts, groups) => {
      if (failing) return Promise.reject(new Error('ClickHouse down'));
      stored.push({
        alerts: alerts.map((a) => a.alert_id),
        groups: groups.map((g) => [g.id, g.occurrences]),
      });
      return Promise.resolve();
    });
    await expect(recorder.record([alert('a1')], [snapshot('g1', 1)])).rejects.toThrow('ClickHouse down');
    failing = false;
    // The retried batch raises nothing new (its findings are duplicates now), a later one folds more.
    const recorded = await recorder.record([], [snapshot('g1', 5), snapshot('g2', 1)]);
    expect(recorded.map((a) => a.alert_id)).toEqual(['a1']);
    expect(stored).toEqual([
      {
        alerts: ['a1'],
        groups: [
          ['g1', 5],
          ['g2', 1],
        ],
      },
    ]);
    expect(await recorder.record([], [])).toEqual([]); // nothing left over
    expect(stored).toHaveLength(1);
  });
});
