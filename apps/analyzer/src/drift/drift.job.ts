import { randomUUID } from 'node:crypto';
import { type DriftReferenceRow, type DriftScoreRow, toClickHouseDateTime } from '@argus/clickhouse/rows';
import { type Finding } from '@argus/contracts';
import { type EmbeddingService } from '@argus/embeddings';
import { toFindingRow } from '@argus/ingestion';
import { type Logger } from '@argus/observability';
import {
  type DriftRunOptions,
  type DriftSeriesTest,
  type DriftWindowOptions,
  type DriftWindowPlan,
  type Sample,
  correctDriftRun,
  DriftInputError,
  driftSeriesLabel,
  planDriftWindows,
  summariseReference,
  createDriftTester,
  type DriftTester,
} from '@argus/scoring';
import { type AnalyzerJob, type AnalyzerJobResult } from '../analyzer-job';
import { type DriftSeriesKeyWithSample, driftFinding, driftScoreRow } from './drift.findings';
import { type DriftSeriesCandidate, type DriftStore, type SampledEvent, scoredKey } from './drift.store';

export type DriftJobOptions = DriftWindowOptions & {
  sampleSize: number;
  /** Events sampled from the reference per series (default `sampleSize`). */
  referenceSampleSize?: number;
  minEvents: number;
  fields: readonly ('input' | 'output')[];
  test: Omit<DriftRunOptions, 'seed' | 'examples'>;
  /** Series sampled per ClickHouse query (bounds the vectors held at once). */
  seriesPerQuery?: number;
};

export type DriftJobDeps = {
  store: DriftStore;
  embedder: Pick<EmbeddingService, 'id' | 'embed'>;
  /** Produces findings to the findings topic; resolves once the broker has them. */
  publishFindings: (findings: Finding[]) => Promise<void>;
  logger: Pick<Logger, 'info' | 'warn' | 'debug'>;
  clock?: () => Date;
  /** Where the tests run (default: this thread, one at a time); see createDriftTester. */
  tester?: DriftTester;
};

const IN_THREAD = createDriftTester(0);

type Field = 'input' | 'output';
type SeriesId = Pick<DriftSeriesCandidate, 'tenantId' | 'appId' | 'model'>;

/**
 * Embedding drift per (tenant, app, model, field): the last complete window against its reference, both
 * sampled from ClickHouse; the MMD² tests of the run corrected together; `drift_scores` rows for every
 * test, an `embedding_drift` finding for each drifting series.
 *
 * Delivery: findings go to Kafka and the findings table first, the `drift_scores` rows last. A window
 * with rows is done and skipped by later runs; a crash before the rows means the next run tests the
 * window again and produces the same findings (same ids), so nothing is lost and downstream dedups.
 */
export class DriftJob implements AnalyzerJob {
  readonly name = 'embedding_drift';

  constructor(
    private readonly options: DriftJobOptions,
    private readonly deps: DriftJobDeps,
  ) {}

  async run(now: Date): Promise<AnalyzerJobResult> {
    const { options, deps } = this;
    const plan = planDriftWindows(now, options);
    const runId = randomUUID();
    const scored = await deps.store.scoredSeries(plan.current.start);
    const candidates = await deps.store.listSeries(plan.current, plan.reference, options.minEvents);
    const pending = candidates.filter((series) =>
      options.fields.some(
        (field) => !scored.has(scoredKey(series.tenantId, series.appId, series.model, field)),
      ),
    );
    const tests: DriftSeriesTest<DriftSeriesKeyWithSample>[] = [];
    const tester = deps.tester ?? IN_THREAD;
    const inFlight = new Set<Promise<void>>();
    let failure: Error | undefined;
    const references: DriftReferenceRow[] = [];
    const chunkSize = options.seriesPerQuery ?? 20;
    let skipped = candidates.length - pending.length;
    for (let offset = 0; offset < pending.length; offset += chunkSize) {
      const chunk = pending.slice(offset, offset + chunkSize);
      const [currentRows, referenceRows] = await Promise.all([
        deps.store.sample(chunk, plan.current, options.sampleSize),
        deps.store.sample(chunk, plan.reference, options.referenceSampleSize ?? options.sampleSize),
      ]);
      const current = groupBySeries(currentRows);
      const reference = groupBySeries(referenceRows);
      for (const series of chunk) {
        for (const field of options.fields) {
          if (scored.has(scoredKey(series.tenantId, series.appId, series.model, field))) continue;
          const id = seriesKey(series);
          const vectors = await this.vectors(field, reference.get(id) ?? [], current.get(id) ?? []);
          if (vectors === undefined) {
            skipped += 1;
            continue;
          }
          const key: DriftSeriesKeyWithSample = {
            tenantId: series.tenantId,
            appId: series.appId,
            model: series.model,
            field,
            embedder: vectors.embedder,
            currentEventIds: vectors.currentEventIds,
          };
          // At most `tester.size` tests in flight: their vectors are the run's largest allocation.
          while (inFlight.size >= tester.size) await Promise.race(inFlight);
          const referenceVectors = vectors.reference;
          const running: Promise<void> = tester
            .test(
              {
                key,
                reference: referenceVectors,
                current: vectors.current,
                currentTexts: vectors.currentTexts,
              },
              { ...options.test, seed: seedOf(driftSeriesLabel(key), plan) },
            )
            .then((test) => {
              tests.push(test);
              references.push(referenceRow(key, referenceVectors, plan, now));
            })
            .catch((error: unknown) => {
              // Bad vectors of one series (mixed dimensions, NaN from a platform) skip that series,
              // not the run: logged, no scores row, tried again while the window is current.
              if (!(error instanceof DriftInputError)) {
                failure ??= error instanceof Error ? error : new Error('drift test failed', { cause: error });
                return;
              }
              skipped += 1;
              deps.logger.warn(
                { series: driftSeriesLabel(key), code: error.code, reason: error.message },
                'drift series skipped: unusable vectors',
              );
            })
            .finally(() => inFlight.delete(running));
          inFlight.add(running);
          if (failure !== undefined) break;
        }
      }
      if (failure !== undefined) break;
    }
    await Promise.all(inFlight);
    if (failure !== undefined) throw failure;
    const outcomes = correctDriftRun(tests, options.test.correction);
    const computedAt = (deps.clock ?? (() => new Date()))();
    const findings: Finding[] = [];
    const rows: DriftScoreRow[] = outcomes.map((outcome) => {
      const finding = outcome.drift ? driftFinding(outcome, plan) : undefined;
      if (finding !== undefined) findings.push(finding);
      return driftScoreRow(outcome, {
        plan,
        testsInRun: outcomes.length,
        findingId: finding?.finding_id ?? '',
        runId,
        computedAt,
      });
    });
    await deps.publishFindings(findings);
    await deps.store.writeFindings(findings.map((finding) => toFindingRow(finding, computedAt)));
    await deps.store.writeReferences(references);
    await deps.store.writeScores(rows);
    deps.logger.info(
      {
        run_id: runId,
        window_start: plan.current.start.toISOString(),
        window_end: plan.current.end.toISOString(),
        reference: plan.reference.kind,
        tests: outcomes.length,
        drifting: findings.length,
      },
      'embedding drift run',
    );
    return {
      series: outcomes.length,
      skipped,
      rowsWritten: rows.length + references.length,
      findings: findings.length,
    };
  }

  /**
   * The vectors of one series and field. Vectors stored with the events are used when every sampled
   * event of both windows has one from the same model (the platform's own embeddings); otherwise the
   * stored texts are embedded, reusing stored vectors of our own embedder. Mixing models would compare
   * incomparable spaces. Undefined when either window has fewer than two texts for the field.
   */
  private async vectors(
    field: Field,
    referenceRows: SampledEvent[],
    currentRows: SampledEvent[],
  ): Promise<
    | {
        embedder: string;
        reference: Sample;
        current: Sample;
        currentTexts: string[];
        currentEventIds: string[];
      }
    | undefined
  > {
    const textOf = (row: SampledEvent) => (field === 'input' ? row.inputText : row.outputText);
    const storedOf = (row: SampledEvent) => (field === 'input' ? row.embeddingInput : row.embeddingOutput);
    const usable = (rows: SampledEvent[]) =>
      rows.filter((row) => textOf(row).length > 0 || storedOf(row).length > 0);
    const reference = usable(referenceRows);
    const current = usable(currentRows);
    if (reference.length < this.options.minEvents || current.length < this.options.minEvents)
      return undefined;
    const all = [...reference, ...current];
    const firstModel = all[0].embeddingModel;
    const dimensions = storedOf(all[0]).length;
    const supplied =
      firstModel !== '' &&
      dimensions > 0 &&
      all.every((row) => row.embeddingModel === firstModel && storedOf(row).length === dimensions);
    const currentTexts = current.map(textOf);
    const currentEventIds = current.map((row) => row.eventId);
    if (supplied) {
      return {
        embedder: firstModel,
        reference: reference.map(storedOf),
        current: current.map(storedOf),
        currentTexts,
        currentEventIds,
      };
    }
    const own = this.deps.embedder.id;
    const needText = all.filter((row) => !(row.embeddingModel === own && storedOf(row).length > 0));
    const embedded = await this.deps.embedder.embed(needText.map(textOf));
    const computed = new Map(needText.map((row, index) => [row, embedded[index]]));
    const vectorOf = (row: SampledEvent) => computed.get(row) ?? storedOf(row);
    return {
      embedder: own,
      reference: reference.map(vectorOf),
      current: current.map(vectorOf),
      currentTexts,
      currentEventIds,
    };
  }
}

function seriesKey(series: SeriesId): string {
  return JSON.stringify([series.tenantId, series.appId, series.model]);
}

function groupBySeries(rows: SampledEvent[]): Map<string, SampledEvent[]> {
  const groups = new Map<string, SampledEvent[]>();
  for (const row of rows) {
    const key = seriesKey(row);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [row]);
    else group.push(row);
  }
  return groups;
}

/** A seed per series and window: reproducible p-values, independent permutations across series. */
function seedOf(label: string, plan: DriftWindowPlan): number {
  let hash = 0x811c9dc5 ^ Math.floor(plan.current.start.getTime() / 1000);
  for (let index = 0; index < label.length; index++) {
    hash = Math.imul(hash ^ label.charCodeAt(index), 0x01000193);
  }
  return hash >>> 0;
}

function referenceRow(
  key: DriftSeriesKeyWithSample,
  vectors: Sample,
  plan: DriftWindowPlan,
  now: Date,
): DriftReferenceRow {
  const summary = summariseReference(vectors);
  return {
    tenant_id: key.tenantId,
    app_id: key.appId,
    model: key.model,
    field: key.field,
    embedder: key.embedder,
    reference_start: toClickHouseDateTime(plan.reference.start),
    reference_end: toClickHouseDateTime(plan.reference.end),
    n_reference: summary.count,
    centroid: Array.from(summary.centroid, (value) => Math.fround(value)),
    median_distance: summary.medianDistance,
    computed_at: toClickHouseDateTime(now),
  };
}
