import { createHash } from 'node:crypto';
import { type DriftScoreRow, toClickHouseDateTime } from '@argus/clickhouse/rows';
import { CATEGORY_MAPPING, type Finding } from '@argus/contracts';
import { type DriftSeriesKey, type DriftSeriesOutcome, type DriftWindowPlan } from '@argus/scoring';

export const DRIFT_DETECTOR = 'embedding_drift';

/** A tested series with what the finding and the row need beyond the statistics. */
export type DriftSeriesKeyWithSample = DriftSeriesKey & {
  embedder: string;
  /** Event ids of the current sample, in sample order (examples point into it). */
  currentEventIds: readonly string[];
};

export type DriftExampleRecord = { event_id: string; text: string; score: number };

const EXAMPLE_TEXT_LIMIT = 300;
const EVIDENCE_LIMIT = 200;

/**
 * The id a window finding is keyed on. Drift is about a window, not one event; this id names the window
 * so the finding id is deterministic in (tenant, app, model, field, window) and a re-run replaces.
 */
export function driftWindowId(key: DriftSeriesKey, plan: DriftWindowPlan): string {
  return ['drift', key.tenantId, key.appId, key.model, key.field, plan.current.start.toISOString()].join(':');
}

export function examplesOf(outcome: DriftSeriesOutcome<DriftSeriesKeyWithSample>): DriftExampleRecord[] {
  return outcome.examples.map((example) => ({
    event_id: outcome.key.currentEventIds[example.index] ?? '',
    text: truncate(example.text ?? '', EXAMPLE_TEXT_LIMIT),
    score: round(example.score),
  }));
}

/**
 * The `embedding_drift` finding of a drifting series. Texts in it are the stored (already redacted)
 * texts, shortened; the full examples are in the `drift_scores` row.
 */
export function driftFinding(
  outcome: DriftSeriesOutcome<DriftSeriesKeyWithSample>,
  plan: DriftWindowPlan,
): Finding {
  const { key, result } = outcome;
  const location = { field: key.field };
  const windowId = driftWindowId(key, plan);
  const examples = examplesOf(outcome);
  const mapping = CATEGORY_MAPPING.embedding_drift;
  // Score grows with the effect: 0.5 at the min effect, → 1 for effects far above it.
  const score = result.effect / (result.effect + Math.max(result.minEffect, Number.EPSILON));
  return {
    finding_id: driftFindingId(windowId, key.field),
    event_id: windowId,
    tenant_id: key.tenantId,
    app_id: key.appId,
    timestamp: plan.current.end.toISOString(),
    detector: DRIFT_DETECTOR,
    rule_id: `${DRIFT_DETECTOR}.${key.field}`,
    category: 'embedding_drift',
    severity: 'medium',
    score: round(Math.min(1, Math.max(0, score))),
    confidence: round(1 - outcome.pAdjusted),
    location,
    entity: key.model,
    evidence: truncate(examples[0]?.text ?? '', EVIDENCE_LIMIT),
    message:
      `${key.field === 'input' ? 'Prompts to' : 'Responses of'} ${key.appId} (${key.model || 'unknown model'}) ` +
      `differ from the reference: MMD² ${result.effect.toPrecision(3)} (min ${result.minEffect}), ` +
      `p ${outcome.pAdjusted.toPrecision(2)} after correction, centroid shift ` +
      `${result.centroidCosineShift.toFixed(3)}, ${result.currentCount} vs ${result.referenceCount} events. ` +
      'Examples typical of the new window are attached.',
    owasp: mapping.owasp,
    atlas: [...mapping.atlas],
    attributes: {
      model: key.model,
      field: key.field,
      window_start: plan.current.start.toISOString(),
      window_end: plan.current.end.toISOString(),
      reference_kind: plan.reference.kind,
      reference_start: plan.reference.start.toISOString(),
      reference_end: plan.reference.end.toISOString(),
      statistic: result.statistic,
      effect: result.effect,
      p_value: result.pValue,
      p_adjusted: outcome.pAdjusted,
      energy_distance: result.energyDistance,
      centroid_shift: result.centroidCosineShift,
      n_reference: result.referenceCount,
      n_current: result.currentCount,
      embedder: key.embedder,
      example_event_ids: examples.map((example) => example.event_id).join(','),
      examples: JSON.stringify(examples),
    },
  };
}

export function driftScoreRow(
  outcome: DriftSeriesOutcome<DriftSeriesKeyWithSample>,
  context: {
    plan: DriftWindowPlan;
    testsInRun: number;
    findingId: string;
    runId: string;
    computedAt: Date;
  },
): DriftScoreRow {
  const { key, result } = outcome;
  const { plan } = context;
  return {
    tenant_id: key.tenantId,
    app_id: key.appId,
    model: key.model,
    field: key.field,
    window_start: toClickHouseDateTime(plan.current.start),
    window_end: toClickHouseDateTime(plan.current.end),
    reference_kind: plan.reference.kind,
    reference_start: toClickHouseDateTime(plan.reference.start),
    reference_end: toClickHouseDateTime(plan.reference.end),
    n_reference: result.referenceCount,
    n_current: result.currentCount,
    statistic: result.statistic,
    p_value: result.pValue,
    p_adjusted: outcome.pAdjusted,
    energy_distance: result.energyDistance,
    centroid_shift: result.centroidCosineShift,
    effect: result.effect,
    min_effect: result.minEffect,
    alpha: result.alpha,
    permutations: result.permutations,
    tests_in_run: context.testsInRun,
    drift: outcome.drift,
    embedder: key.embedder,
    finding_id: context.findingId,
    examples: JSON.stringify(examplesOf(outcome)),
    run_id: context.runId,
    computed_at: toClickHouseDateTime(context.computedAt),
  };
}

/**
 * Same scheme as the detectors' finding ids (sha256 of `event_id|detector|rule_id|location JSON`, 32
 * hex characters), with the window id in the event id's place.
 */
export function driftFindingId(windowId: string, field: DriftSeriesKey['field']): string {
  return createHash('sha256')
    .update(`${windowId}|${DRIFT_DETECTOR}|${DRIFT_DETECTOR}.${field}|{"field":${JSON.stringify(field)}}`)
    .digest('hex')
    .slice(0, 32);
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
