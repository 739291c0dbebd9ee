import { median, medianAbsoluteDeviation } from 'simple-statistics';
import type { BaselineMode } from './behaviour.types';

/** MAD × 1.4826 estimates σ for normal data, so robust z-scores read like ordinary ones. */
export const MAD_TO_SIGMA = 1.4826;

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

export type TimedValue = { readonly hourStart: number; readonly value: number };

export type SeasonalityOptions = {
  /** Same-hour-of-week points needed before the weekly baseline is used (default 3). */
  readonly minWeeks: number;
  /** Same-hour-of-day points needed before the daily baseline is used (default 5). */
  readonly minDays: number;
};

export type RobustBaseline = {
  readonly mode: BaselineMode;
  /** Median of the comparable history (in the transformed space the caller works in). */
  readonly center: number;
  /** Robust σ: 1.4826·MAD of the residuals, at least the caller's floor. */
  readonly scale: number;
  /** Points the centre is the median of. */
  readonly points: number;
};

function periodOf(mode: BaselineMode): number | undefined {
  switch (mode) {
    case 'hour_of_week':
      return WEEK_MS;
    case 'hour_of_day':
      return DAY_MS;
    case 'trailing':
      return undefined;
  }
}

function phaseOf(hourStart: number, period: number): number {
  return ((hourStart % period) + period) % period;
}

/** History values by seasonal phase, so peers are a lookup rather than a scan (O(n) per series). */
function groupByPhase(history: readonly TimedValue[], period: number): Map<number, TimedValue[]> {
  const groups = new Map<number, TimedValue[]>();
  for (const point of history) {
    const phase = phaseOf(point.hourStart, period);
    const group = groups.get(phase);
    if (group) group.push(point);
    else groups.set(phase, [point]);
  }
  return groups;
}

function peersOf(history: readonly TimedValue[], hourStart: number, period: number | undefined): number[] {
  if (period === undefined) return history.map((point) => point.value);
  const group = groupByPhase(history, period).get(phaseOf(hourStart, period)) ?? [];
  return group.filter((point) => point.hourStart !== hourStart).map((point) => point.value);
}

/** The most specific seasonal comparison the history supports. */
export function chooseBaselineMode(
  history: readonly TimedValue[],
  hourStart: number,
  seasonality: SeasonalityOptions,
): BaselineMode {
  if (peersOf(history, hourStart, WEEK_MS).length >= seasonality.minWeeks) return 'hour_of_week';
  if (peersOf(history, hourStart, DAY_MS).length >= seasonality.minDays) return 'hour_of_day';
  return 'trailing';
}

/**
 * Centre and scale of the history comparable to `hourStart`. With a seasonal mode there are only a few
 * peers (4 weeks → 4 values), far too few for a stable MAD; the scale is therefore pooled: the MAD of
 * every history point's deviation from the median of its own peers (leave-one-out), i.e. how much an
 * hour usually differs from its seasonal expectation. `minScale` keeps a constant series from turning
 * every small change into an infinite z-score.
 */
export function robustBaseline(
  history: readonly TimedValue[],
  hourStart: number,
  mode: BaselineMode,
  minScale: number,
): RobustBaseline | undefined {
  const period = periodOf(mode);
  const peers = peersOf(history, hourStart, period);
  if (peers.length === 0) return undefined;
  const center = median(peers);
  let spread: number;
  if (period === undefined) {
    spread = peers.length >= 2 ? MAD_TO_SIGMA * medianAbsoluteDeviation(peers) : 0;
  } else {
    const residuals: number[] = [];
    for (const group of groupByPhase(history, period).values()) {
      if (group.length < 3) continue;
      for (const point of group) {
        const others = group.filter((other) => other !== point).map((other) => other.value);
        residuals.push(point.value - median(others));
      }
    }
    spread =
      residuals.length >= 4
        ? MAD_TO_SIGMA * medianAbsoluteDeviation(residuals)
        : MAD_TO_SIGMA * medianAbsoluteDeviation(peers);
  }
  // The peers' own spread counts too: an hour of week that is always erratic keeps its wider band.
  const local = peers.length >= 3 ? MAD_TO_SIGMA * medianAbsoluteDeviation(peers) : 0;
  return { mode, center, scale: Math.max(spread, local, minScale), points: peers.length };
}
