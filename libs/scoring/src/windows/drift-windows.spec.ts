import { driftSeriesLabel, planDriftWindows } from './drift-windows';

const HOUR = 60 * 60 * 1000;

describe('planDriftWindows', () => {
  it('plans the last complete aligned window before now − late, and the trailing reference before it', () => {
    const plan = planDriftWindows(new Date('2026-03-02T12:04:00Z'), {
      windowMs: HOUR,
      lateMs: 5 * 60 * 1000,
      reference: { kind: 'trailing', referenceMs: 24 * HOUR },
    });
    // 12:04 − 5 min = 11:59: the 11:00–12:00 window is not complete yet for late events.
    expect(plan.current).toEqual({
      start: new Date('2026-03-02T10:00:00Z'),
      end: new Date('2026-03-02T11:00:00Z'),
    });
    expect(plan.reference).toEqual({
      kind: 'trailing',
      start: new Date('2026-03-01T10:00:00Z'),
      end: new Date('2026-03-02T10:00:00Z'),
    });
  });

  it('gives every run inside one period the same window (the key of its scores and finding)', () => {
    const options = { windowMs: HOUR, reference: { kind: 'trailing', referenceMs: HOUR } } as const;
    const early = planDriftWindows(new Date('2026-03-02T12:00:00.001Z'), options);
    const late = planDriftWindows(new Date('2026-03-02T12:59:59.999Z'), options);
    expect(late).toEqual(early);
    expect(planDriftWindows(new Date('2026-03-02T13:00:00Z'), options).current.start).toEqual(
      new Date('2026-03-02T12:00:00Z'),
    );
  });

  it('uses a pinned baseline as given, and rejects windows it cannot plan', () => {
    const baseline = {
      kind: 'pinned',
      start: new Date('2026-01-01T00:00:00Z'),
      end: new Date('2026-01-08T00:00:00Z'),
    } as const;
    const plan = planDriftWindows(new Date('2026-03-02T12:30:00Z'), { windowMs: HOUR, reference: baseline });
    expect(plan.reference).toEqual(baseline);
    expect(() =>
      planDriftWindows(new Date(), { windowMs: 10, reference: { kind: 'trailing', referenceMs: HOUR } }),
    ).toThrow(RangeError);
    expect(() =>
      planDriftWindows(new Date(), { windowMs: HOUR, reference: { kind: 'trailing', referenceMs: 1000 } }),
    ).toThrow(/at least one window/);
    expect(() =>
      planDriftWindows(new Date(), {
        windowMs: HOUR,
        reference: { kind: 'pinned', start: baseline.end, end: baseline.start },
      }),
    ).toThrow(/start before it ends/);
  });

  it('labels series unambiguously even when names contain the separator', () => {
    const label = driftSeriesLabel({ tenantId: 'a/b', appId: 'c', model: 'm', field: 'input' });
    expect(label).not.toBe(driftSeriesLabel({ tenantId: 'a', appId: 'b/c', model: 'm', field: 'input' }));
  });
});
