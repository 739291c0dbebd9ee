import { median } from 'simple-statistics';
import { type DriftTestOptions, type DriftTestResult, testDrift } from './drift.analysis';
import { type DriftExample, explainDrift } from './drift.explanation';
import { type CorrectionMethod, adjustPValues } from './multiple-testing';
import { centroidOf, distanceToVector, type Sample, stackSamples } from './vectors';

export type DriftSeriesInput<Key> = {
  readonly key: Key;
  readonly reference: Sample;
  readonly current: Sample;
  /** Texts of the current sample (as stored, i.e. redacted), for the explanation. */
  readonly currentTexts?: readonly string[];
};

export type DriftRunOptions = DriftTestOptions & {
  /** Correction across every test of the run (default Benjamini–Hochberg). */
  readonly correction?: CorrectionMethod;
  /** Examples explained per drifting series (default 5). */
  readonly examples?: number;
};

export type DriftSeriesOutcome<Key> = {
  readonly key: Key;
  readonly result: DriftTestResult;
  /** p-value after the run's correction. */
  readonly pAdjusted: number;
  /** pAdjusted < alpha AND effect ≥ minEffect: what the analyzer reports. */
  readonly drift: boolean;
  /** Only for drifting series: the current examples that show what changed. */
  readonly examples: DriftExample[];
};

/** One series' test before the run's correction; examples are kept for every candidate. */
export type DriftSeriesTest<Key> = {
  readonly key: Key;
  readonly result: DriftTestResult;
  /** Explained when the uncorrected test already passes (a superset of what the correction keeps). */
  readonly examples: DriftExample[];
};

/**
 * The test of one series. The analyzer calls it series by series and keeps only the (small) result, so
 * a run over thousands of series never holds all their vectors at once; `correctDriftRun` then applies
 * the run's correction. A corrected p-value is never below the raw one, so explaining every series
 * whose raw test passes covers every series that can end up drifting.
 */
export function testDriftSeries<Key>(
  input: DriftSeriesInput<Key>,
  options: DriftRunOptions = {},
): DriftSeriesTest<Key> {
  const result = testDrift(input.reference, input.current, options);
  const candidate = result.tailPValue < result.alpha && result.effect >= result.minEffect;
  return {
    key: input.key,
    result,
    examples: candidate
      ? explainDrift(input.reference, input.current, input.currentTexts, options.examples ?? 5)
      : [],
  };
}

/**
 * The correction across every test of one run: an analyzer testing a thousand (app, model, field)
 * series at 5% would otherwise flag about fifty every run by chance. The min effect gate is applied
 * after it, so very large windows do not flag shifts too small to matter.
 */
export function correctDriftRun<Key>(
  tests: readonly DriftSeriesTest<Key>[],
  correction: CorrectionMethod = 'benjamini-hochberg',
): DriftSeriesOutcome<Key>[] {
  const adjusted = adjustPValues(
    tests.map((test) => test.result.tailPValue),
    correction,
  );
  return tests.map((test, index) => {
    const drift = adjusted[index] < test.result.alpha && test.result.effect >= test.result.minEffect;
    return { ...test, pAdjusted: adjusted[index], drift, examples: drift ? test.examples : [] };
  });
}

/** Both steps for inputs already in memory (the evaluation, small runs). */
export function runDriftTests<Key>(
  inputs: readonly DriftSeriesInput<Key>[],
  options: DriftRunOptions = {},
): DriftSeriesOutcome<Key>[] {
  return correctDriftRun(
    inputs.map((input) => testDriftSeries(input, options)),
    options.correction,
  );
}

/** What ingest needs to score one event against a series' reference: its centroid and typical spread. */
export type ReferenceSummary = {
  readonly centroid: Float64Array;
  /** Median Euclidean distance of the reference vectors to their centroid (> 0). */
  readonly medianDistance: number;
  readonly count: number;
};

export function summariseReference(reference: Sample): ReferenceSummary {
  const matrix = stackSamples(reference);
  const centroid = centroidOf(matrix);
  const distances = Array.from({ length: matrix.rows }, (_, row) => distanceToVector(matrix, row, centroid));
  const spread = median(distances);
  return { centroid, medianDistance: spread > 0 ? spread : 1, count: matrix.rows };
}

/**
 * Outlier score of one vector: its distance to the reference centroid in units of the reference's
 * median distance. ≈ 1 for a typical event, well above 1 for one unlike the reference. Undefined when
 * the dimensions differ (a vector of another embedder is not comparable).
 */
export function centroidOutlierScore(
  vector: ArrayLike<number>,
  summary: Pick<ReferenceSummary, 'centroid' | 'medianDistance'>,
): number | undefined {
  const { centroid } = summary;
  if (vector.length !== centroid.length) return undefined;
  let sum = 0;
  for (let index = 0; index < centroid.length; index++) {
    const difference = vector[index] - centroid[index];
    sum += difference * difference;
  }
  return Math.sqrt(sum) / summary.medianDistance;
}
