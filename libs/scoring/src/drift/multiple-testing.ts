/**
 * Corrections for running several drift tests per analyzer run (one per app, model and field): each
 * returns adjusted p-values in the input order, to compare with the same alpha as a single test.
 */

/** Benjamini–Hochberg step-up adjustment (controls the false discovery rate). */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const count = pValues.length;
  const order = sortedOrder(pValues);
  const adjusted = new Array<number>(count);
  let runningMinimum = 1;
  for (let rank = count; rank >= 1; rank--) {
    const index = order[rank - 1];
    runningMinimum = Math.min(runningMinimum, (pValues[index] * count) / rank);
    adjusted[index] = runningMinimum;
  }
  return adjusted;
}

/** Holm step-down adjustment (controls the family-wise error rate; uniformly better than Bonferroni). */
export function holm(pValues: readonly number[]): number[] {
  const count = pValues.length;
  const order = sortedOrder(pValues);
  const adjusted = new Array<number>(count);
  let runningMaximum = 0;
  order.forEach((index, rank) => {
    runningMaximum = Math.max(runningMaximum, Math.min(1, (count - rank) * pValues[index]));
    adjusted[index] = runningMaximum;
  });
  return adjusted;
}

export type CorrectionMethod = 'benjamini-hochberg' | 'holm' | 'none';

/** Adjusted p-values under the chosen correction. */
export function adjustPValues(pValues: readonly number[], method: CorrectionMethod): number[] {
  switch (method) {
    case 'benjamini-hochberg':
      return benjaminiHochberg(pValues);
    case 'holm':
      return holm(pValues);
    case 'none':
      return [...pValues];
  }
}

function sortedOrder(pValues: readonly number[]): number[] {
  for (const value of pValues) {
    if (!(value >= 0 && value <= 1)) throw new RangeError(`p-values must be in [0, 1], got ${value}`);
  }
  return pValues.map((_, index) => index).sort((left, right) => pValues[left] - pValues[right]);
}
