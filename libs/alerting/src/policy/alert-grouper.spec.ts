import { makeFinding } from '@argus/testing';
import { type Alert } from '../alert';
import { parseAlertPolicy } from './alert-policy';
import { AlertPolicyEngine } from './alert-policy.engine';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const SECOND = 1000;

function engine(grouping = '{ window: 60s, escalation_factor: 0 }') {
  return new AlertPolicyEngine(
    parseAlertPolicy(`version: 1\ngrouping: ${grouping}\nrules: [{ name: all, match: {} }]`),
    { minSeverity: 'info', configuredSinks: ['webhook'] },
  );
}

/** Findings of one incident: same tenant/app/category/rule/user/conversation, distinct ids. */
function incident(count: number, prefix = 'f', overrides = {}) {
  return Array.from({ length: count }, (_, index) =>
    makeFinding({
      finding_id: `${prefix}${index}`,
      event_id: `e${prefix}${index}`,
      user_id: 'u1',
      conversation_id: 'c1',
      timestamp: new Date(T0 + index).toISOString(),
      ...overrides,
    }),
  );
}

describe('grouping and de-duplication', () => {
  it('raises one alert at once and folds the rest of the window into one summary', () => {
    const policyEngine = engine();
    const findings = incident(1000);
    const raised = findings.map((finding, index) => policyEngine.evaluate(finding, T0 + index * 10));
    expect(raised.filter((result) => result.alert !== undefined)).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      outcome: 'alerted',
      alert: { occurrences: 1, group: { kind: 'first' } },
    });
    expect(raised.slice(1).every((result) => result.outcome === 'folded')).toBe(true);

    expect(policyEngine.closeExpired(T0 + 59 * SECOND)).toEqual([]);
    const [summary, ...more] = policyEngine.closeExpired(T0 + 60 * SECOND);
    expect(more).toEqual([]);
    expect(summary).toMatchObject({
      occurrences: 1000,
      first_seen: findings[0].timestamp,
      last_seen: findings[999].timestamp,
      group: { kind: 'summary', id: raised[0].alert!.alert_id },
    });
    expect(summary.finding_ids).toHaveLength(100); // capped; the count is exact
    expect(summary.alert_id).not.toBe(raised[0].alert!.alert_id);
    expect(policyEngine.openGroups).toBe(0);
  });

  it('sends no summary for a group of one, and opens a new window after the old one ended', () => {
    const policyEngine = engine();
    const [first, second] = incident(2);
    const a = policyEngine.evaluate(first, T0).alert!;
    expect(policyEngine.closeExpired(T0 + 61 * SECOND)).toEqual([]);
    const b = policyEngine.evaluate(second, T0 + 62 * SECOND).alert!;
    expect(b.group?.kind).toBe('first');
    expect(b.alert_id).not.toBe(a.alert_id);
  });

  it('summarises an ended window even when the next finding arrives before the timer', () => {
    const policyEngine = engine();
    const findings = incident(3);
    policyEngine.evaluate(findings[0], T0);
    policyEngine.evaluate(findings[1], T0 + SECOND);
    const reopened = policyEngine.evaluate(findings[2], T0 + 70 * SECOND);
    expect(reopened.alert?.group?.kind).toBe('first');
    expect(policyEngine.closeExpired(T0 + 70 * SECOND)).toMatchObject([
      { occurrences: 2, group: { kind: 'summary' } },
    ]);
  });

  it('keeps other keys apart: another conversation, category or tenant is another group', () => {
    const policyEngine = engine();
    const base = { user_id: 'u1', conversation_id: 'c1' };
    const results = [
      makeFinding({ ...base, finding_id: 'a' }),
      makeFinding({ ...base, finding_id: 'b', conversation_id: 'c2' }),
      makeFinding({ ...base, finding_id: 'c', category: 'secret' }),
      makeFinding({ ...base, finding_id: 'd', tenant_id: 'globex' }),
      makeFinding({ ...base, finding_id: 'e' }),
    ].map((finding) => policyEngine.evaluate(finding, T0).outcome);
    expect(results).toEqual(['alerted', 'alerted', 'alerted', 'alerted', 'folded']);
  });

  it('groups by the configured fields only', () => {
    const policyEngine = engine('{ window: 60s, escalation_factor: 0, group_by: [tenant, category] }');
    const outcomes = [
      makeFinding({ finding_id: 'a', conversation_id: 'c1', app_id: 'x' }),
      makeFinding({ finding_id: 'b', conversation_id: 'c2', app_id: 'y' }),
    ].map((finding) => policyEngine.evaluate(finding, T0).outcome);
    expect(outcomes).toEqual(['alerted', 'folded']);
  });

  it('does not count a replayed finding twice', () => {
    const policyEngine = engine();
    const [first, second] = incident(2);
    policyEngine.evaluate(first, T0);
    policyEngine.evaluate(second, T0 + 1);
    expect(policyEngine.evaluate(second, T0 + 2).outcome).toBe('duplicate'); // at-least-once redelivery
    expect(policyEngine.evaluate(first, T0 + 3).outcome).toBe('duplicate');
    expect(policyEngine.closeExpired(T0 + 60 * SECOND)[0].occurrences).toBe(2);
  });

  it('derives the same alert ids from the same group key and window start', () => {
    const ids = () => {
      const policyEngine = engine('{ window: 10s, escalation_factor: 10 }');
      const alerts = incident(20).flatMap(
        (finding, index) => policyEngine.evaluate(finding, T0 + index).alert ?? [],
      );
      return [...alerts, ...policyEngine.closeExpired(T0 + 10 * SECOND)].map((alert) => alert.alert_id);
    };
    expect(ids()).toHaveLength(3); // first, escalation at 10, summary
    expect(ids()).toEqual(ids());
  });
});

describe('escalation', () => {
  it('re-alerts when the group grows by the factor, at most max_escalations times', () => {
    const policyEngine = engine('{ window: 1h, escalation_factor: 10, max_escalations: 2 }');
    const alerts = incident(5000).flatMap(
      (finding, index) => policyEngine.evaluate(finding, T0 + index).alert ?? [],
    );
    expect(alerts.map((alert) => [alert.group?.kind, alert.occurrences, alert.escalation])).toEqual([
      ['first', 1, 0],
      ['escalation', 10, 1],
      ['escalation', 100, 2],
    ]);
    expect(new Set(alerts.map((alert) => alert.alert_id)).size).toBe(3);
    const [summary] = policyEngine.closeExpired(T0 + 3600 * SECOND);
    expect(summary).toMatchObject({ occurrences: 5000, escalation: 2, group: { kind: 'summary' } });
  });

  it('raises the severity of a group to its worst finding', () => {
    const policyEngine = engine('{ window: 60s, escalation_factor: 2 }');
    const [low, critical] = incident(2);
    policyEngine.evaluate({ ...low, severity: 'medium' }, T0);
    const escalated = policyEngine.evaluate({ ...critical, severity: 'critical' }, T0 + 1);
    expect(escalated.alert).toMatchObject({ severity: 'critical', occurrences: 2 });
  });
});

describe('restore after a restart', () => {
  it('rebuilds open groups from recorded alerts, so replayed findings fold instead of re-alerting', () => {
    const before = engine('{ window: 60s, escalation_factor: 10 }');
    const findings = incident(30);
    const recorded: Alert[] = findings.flatMap(
      (finding, index) => before.evaluate(finding, T0 + index).alert ?? [],
    );
    expect(recorded).toHaveLength(2); // first + escalation at 10

    const after = engine('{ window: 60s, escalation_factor: 10 }');
    expect(after.restore(recorded, T0 + 10 * SECOND)).toBe(1);
    const replayed = findings
      .slice(5, 30)
      .map((finding) => after.evaluate(finding, T0 + 11 * SECOND).outcome);
    // 5..9 are listed on the recorded escalation: known duplicates; 10..29 were never seen.
    expect(replayed).toEqual([...Array(5).fill('duplicate'), ...Array(20).fill('folded')]);
    const [summary] = after.closeExpired(T0 + 60 * SECOND);
    expect(summary.alert_id).toBe(before.closeExpired(T0 + 60 * SECOND)[0].alert_id);
    expect(summary.occurrences).toBe(30); // 10 known from the escalation + 20 folded since
  });

  it('recognises a replayed finding whose window ended while the process was down', () => {
    const before = engine();
    const [first] = incident(1);
    const opened = before.evaluate(first, T0).alert!;
    const after = engine();
    expect(after.restore([opened], T0 + 120 * SECOND)).toBe(0); // window over: no open group
    expect(after.evaluate(first, T0 + 121 * SECOND).outcome).toBe('duplicate');
    const [, fresh] = incident(2);
    expect(after.evaluate(fresh, T0 + 121 * SECOND).outcome).toBe('alerted');
  });

  it('keeps every folded count across a restart through the stored group snapshots', () => {
    const before = engine('{ window: 60s, escalation_factor: 0 }');
    const findings = incident(50);
    const recorded: Alert[] = [];
    for (const [index, finding] of findings.slice(0, 40).entries()) {
      const alert = before.evaluate(finding, T0 + index).alert;
      if (alert) recorded.push(alert);
    }
    const snapshots = before.takeChangedGroups();
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0]).toMatchObject({ occurrences: 40, alerted_occurrences: 1, closed: false });
    expect(before.takeChangedGroups()).toEqual([]); // nothing changed since

    const after = engine('{ window: 60s, escalation_factor: 0 }');
    expect(after.restore(recorded, T0 + 100, snapshots)).toBe(1);
    for (const finding of findings.slice(30)) after.evaluate(finding, T0 + 200); // 30..39 replayed
    const [summary] = after.closeExpired(T0 + 60 * SECOND);
    expect(summary.occurrences).toBe(50);
    expect(after.takeChangedGroups()).toMatchObject([{ id: summary.group!.id, closed: true }]);
  });

  it('sends the summary of a window that ended while the process was down', () => {
    const before = engine();
    const [first, second] = incident(2);
    const recorded = [before.evaluate(first, T0).alert!];
    before.evaluate(second, T0 + 1);
    const snapshots = before.takeChangedGroups();
    const after = engine();
    expect(after.restore(recorded, T0 + 600 * SECOND, snapshots)).toBe(1);
    expect(after.closeExpired(T0 + 600 * SECOND)).toMatchObject([
      { occurrences: 2, group: { kind: 'summary' } },
    ]);
    // A closed snapshot, or a summary already recorded, restores nothing.
    const closed = after.takeChangedGroups();
    expect(engine().restore(recorded, T0 + 600 * SECOND, closed)).toBe(0);
  });

  it('does not restore a group whose window ended or that was already summarised', () => {
    const before = engine();
    const [first, second] = incident(2);
    const opened = before.evaluate(first, T0).alert!;
    before.evaluate(second, T0 + 1);
    const [summary] = before.closeExpired(T0 + 60 * SECOND);
    expect(engine().restore([opened], T0 + 61 * SECOND)).toBe(0);
    expect(engine().restore([opened, summary], T0 + 30 * SECOND)).toBe(0);
    expect(engine().restore([opened], T0 + 30 * SECOND)).toBe(1);
  });
});
