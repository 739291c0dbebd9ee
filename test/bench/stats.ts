/** Percentile summary of a sample, in the sample's unit. */
export type Distribution = {
  count: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
};

/** Nearest-rank percentiles (no interpolation: every figure is a value that was measured). */
export function distribution(values: ArrayLike<number>): Distribution {
  const sorted = Float64Array.from(values).sort();
  const count = sorted.length;
  if (count === 0) return { count, min: NaN, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };
  const rank = (q: number) => sorted[Math.min(count - 1, Math.max(0, Math.ceil(q * count) - 1))];
  let sum = 0;
  for (const value of sorted) sum += value;
  return {
    count,
    min: sorted[0],
    p50: rank(0.5),
    p90: rank(0.9),
    p99: rank(0.99),
    max: sorted[count - 1],
    mean: sum / count,
  };
}

export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export const sleep = (milliseconds: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/** Formats 12345.6 as "12,346" (or with `digits` decimals). */
export function formatNumber(value: number, digits = 0): string {
  if (!Number.isFinite(value)) return 'n/a';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
