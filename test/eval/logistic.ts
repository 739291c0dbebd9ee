/** Small numeric helpers for evaluation: logistic regression (Newton's method with L2) and ROC AUC. */

export type Fit = { bias: number; weights: number[] };

/**
 * Fits P(y=1|x) = σ(b + w·x) by Newton–Raphson on the log-likelihood with an L2 penalty pulling each
 * weight towards its `prior` (0 by default; the bias is not penalised): a maximum a-posteriori fit,
 * so features the data says little about keep their prior weight. `rows` are feature vectors,
 * `labels` 0/1; `sampleWeights` rebalance classes. `l2` is one penalty for every weight, or one per
 * weight (a very large one pins a hand-set weight to its prior).
 */
export function fitLogistic(
  rows: readonly number[][],
  labels: readonly number[],
  l2: number | readonly number[],
  sampleWeights?: readonly number[],
  prior?: readonly number[],
  iterations = 50,
): Fit {
  const dimensions = rows[0].length + 1;
  const target = [0, ...(prior ?? new Array<number>(dimensions - 1).fill(0))];
  const penalty = [0, ...(typeof l2 === 'number' ? new Array<number>(dimensions - 1).fill(l2) : l2)];
  let beta = new Array<number>(dimensions).fill(0);
  const objective = (candidate: number[]) => {
    let value = 0;
    rows.forEach((row, index) => {
      const z = candidate[0] + row.reduce((sum, x, k) => sum + x * candidate[k + 1], 0);
      const weight = sampleWeights?.[index] ?? 1;
      // log(1 + e^z) computed without overflow.
      const softplus = z > 30 ? z : Math.log1p(Math.exp(z));
      value += weight * (labels[index] * z - softplus);
    });
    for (let a = 1; a < dimensions; a++) value -= (penalty[a] / 2) * (candidate[a] - target[a]) ** 2;
    return value;
  };
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = new Array<number>(dimensions).fill(0);
    const hessian = Array.from({ length: dimensions }, () => new Array<number>(dimensions).fill(0));
    rows.forEach((row, index) => {
      const x = [1, ...row];
      const p = sigmoid(x.reduce((sum, value, k) => sum + value * beta[k], 0));
      const weight = sampleWeights?.[index] ?? 1;
      const residual = (labels[index] - p) * weight;
      const curvature = p * (1 - p) * weight;
      for (let a = 0; a < dimensions; a++) {
        gradient[a] += residual * x[a];
        for (let b = 0; b < dimensions; b++) hessian[a][b] += curvature * x[a] * x[b];
      }
    });
    for (let a = 1; a < dimensions; a++) {
      gradient[a] -= penalty[a] * (beta[a] - target[a]);
      hessian[a][a] += penalty[a];
    }
    hessian[0][0] += 1e-9;
    const step = solve(hessian, gradient);
    // Newton step, halved until the penalised likelihood improves (saturated starts overshoot otherwise).
    const before = objective(beta);
    let scale = 1;
    let next = beta.map((value, a) => value + step[a]);
    while (objective(next) < before && scale > 1e-4) {
      scale /= 2;
      next = beta.map((value, a) => value + scale * step[a]);
    }
    const change = Math.max(...next.map((value, a) => Math.abs(value - beta[a])));
    beta = next;
    if (change < 1e-7) break;
  }
  return { bias: beta[0], weights: beta.slice(1) };
}

export function sigmoid(value: number): number {
  return 1 / (1 + Math.exp(-value));
}

function solve(matrix: number[][], vector: number[]): number[] {
  const size = vector.length;
  const a = matrix.map((row, index) => [...row, vector[index]]);
  for (let column = 0; column < size; column++) {
    let pivot = column;
    for (let row = column + 1; row < size; row++)
      if (Math.abs(a[row][column]) > Math.abs(a[pivot][column])) pivot = row;
    [a[column], a[pivot]] = [a[pivot], a[column]];
    const divisor = a[column][column] || 1e-12;
    for (let row = 0; row < size; row++) {
      if (row === column) continue;
      const factor = a[row][column] / divisor;
      for (let k = column; k <= size; k++) a[row][k] -= factor * a[column][k];
    }
  }
  return a.map((row, index) => row[size] / (a[index][index] || 1e-12));
}

/** Area under the ROC curve (ties count half), by the rank-sum formula. */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number {
  const order = scores
    .map((score, index) => ({ score, positive: labels[index] }))
    .sort((a, b) => a.score - b.score);
  let positives = 0;
  let negatives = 0;
  let rankSum = 0;
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && order[end].score === order[start].score) end++;
    const averageRank = (start + 1 + end) / 2;
    for (let index = start; index < end; index++) {
      if (order[index].positive) {
        positives++;
        rankSum += averageRank;
      } else negatives++;
    }
    start = end;
  }
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** The lowest threshold whose false-positive rate on `negatives` is at most `maxFalsePositiveRate`. */
export function thresholdForFalsePositiveRate(
  negatives: readonly number[],
  maxFalsePositiveRate: number,
): number {
  const sorted = [...negatives].sort((a, b) => b - a);
  const allowed = Math.floor(sorted.length * maxFalsePositiveRate);
  // Scores strictly above the (allowed+1)-th highest negative pass; nudge just above it.
  const boundary = sorted[allowed] ?? 0;
  return boundary + 1e-9;
}
