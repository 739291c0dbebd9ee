/**
 * Which time ranges one analyzer run compares. Pure and clock-free (the caller passes `now`), so a
 * restarted analyzer, a second replica and a test all plan the same windows for the same instant.
 */

export type TimeRange = { readonly start: Date; readonly end: Date };

export type ReferencePlan =
  /** The period just before the current window, of `referenceMs`. Follows slow, legitimate change. */
  | { readonly kind: 'trailing'; readonly referenceMs: number }
  /** A fixed baseline (e.g. the week after a release was validated). Catches slow creep too. */
  | { readonly kind: 'pinned'; readonly start: Date; readonly end: Date };

export type DriftWindowPlan = {
  readonly current: TimeRange;
  readonly reference: TimeRange & { readonly kind: ReferencePlan['kind'] };
};

export type DriftWindowOptions = {
  /** Length of the current window; windows are aligned to multiples of it since the Unix epoch. */
  readonly windowMs: number;
  /** Events may arrive this long after their timestamp; a window is only analysed once it has passed. */
  readonly lateMs?: number;
  readonly reference: ReferencePlan;
};

/**
 * The last complete, aligned window before `now − lateMs`, and its reference. Alignment makes the
 * window a stable key: every run inside the same period plans the same window, so its `drift_scores`
 * row and finding id are the same and a re-run replaces instead of adding.
 */
export function planDriftWindows(now: Date, options: DriftWindowOptions): DriftWindowPlan {
  const { windowMs } = options;
  const lateMs = options.lateMs ?? 0;
  if (!Number.isInteger(windowMs) || windowMs < 1000) {
    throw new RangeError(`windowMs must be an integer of at least 1000, got ${windowMs}`);
  }
  if (!(lateMs >= 0)) throw new RangeError(`lateMs must be ≥ 0, got ${lateMs}`);
  const end = Math.floor((now.getTime() - lateMs) / windowMs) * windowMs;
  const current = { start: new Date(end - windowMs), end: new Date(end) };
  const { reference } = options;
  if (reference.kind === 'trailing') {
    if (!(reference.referenceMs >= windowMs)) {
      throw new RangeError(
        `the trailing reference (${reference.referenceMs} ms) must be at least one window (${windowMs} ms)`,
      );
    }
    return {
      current,
      reference: {
        kind: 'trailing',
        start: new Date(current.start.getTime() - reference.referenceMs),
        end: current.start,
      },
    };
  }
  if (!(reference.start.getTime() < reference.end.getTime())) {
    throw new RangeError('the pinned baseline must start before it ends');
  }
  return { current, reference: { kind: 'pinned', start: reference.start, end: reference.end } };
}

/** One series of the drift job: what is compared, window against reference. */
export type DriftSeriesKey = {
  readonly tenantId: string;
  readonly appId: string;
  readonly model: string;
  readonly field: 'input' | 'output';
};

/** Stable text key of a series, for maps and logs. */
export function driftSeriesLabel(key: DriftSeriesKey): string {
  return [key.tenantId, key.appId, key.model, key.field].map((part) => encodeURIComponent(part)).join('/');
}
