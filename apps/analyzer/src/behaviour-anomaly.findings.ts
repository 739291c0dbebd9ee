import { createHash } from 'node:crypto';
import { CATEGORY_MAPPING, type Finding } from '@argus/contracts';
import { type BehaviourAnomaly, type BehaviourEntity, metricDefinition } from '@argus/scoring';

export const BEHAVIOUR_DETECTOR = 'behaviour_anomaly';

/**
 * The id a behaviour finding is keyed on, in the event id's place: the entity and the hour. Hashed,
 * because tenant, app and user ids may each be long; the readable parts are in the attributes.
 */
export function behaviourWindowId(entity: BehaviourEntity, hourStart: number): string {
  const entityHash = createHash('sha256')
    .update(
      JSON.stringify([entity.kind, entity.tenantId, entity.appId, entity.model ?? '', entity.userId ?? '']),
    )
    .digest('hex')
    .slice(0, 24);
  return `behaviour:${new Date(hourStart).toISOString().slice(0, 13)}:${entity.kind}:${entityHash}`;
}

/** Same scheme as the detectors' ids: sha256(`event_id|detector|rule_id|location JSON`), 32 hex. */
export function behaviourFindingId(windowId: string, metric: string): string {
  return createHash('sha256')
    .update(`${windowId}|${BEHAVIOUR_DETECTOR}|${BEHAVIOUR_DETECTOR}.${metric}|{"field":"event"}`)
    .digest('hex')
    .slice(0, 32);
}

function entityLabel(entity: BehaviourEntity): string {
  switch (entity.kind) {
    case 'user':
      return `user ${entity.userId ?? ''} in app ${entity.appId}`;
    case 'model':
      return `model ${entity.model || '(unknown)'} in app ${entity.appId}`;
    case 'app':
      return `app ${entity.appId}`;
  }
}

const BASELINE_WORDS = {
  hour_of_week: 'the same hour of week',
  hour_of_day: 'the same hour of day',
  trailing: 'the trailing weeks',
} as const;

function formatValue(value: number, kind: BehaviourAnomaly['kind']): string {
  if (kind === 'rate') return `${(value * 100).toFixed(1)}%`;
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}

/**
 * The `behaviour_anomaly` finding of one anomaly: the message says the metric, the observed value and
 * the expected range; the attributes carry the numbers for dashboards and SIEM rules.
 */
export function behaviourFinding(anomaly: BehaviourAnomaly, zThreshold: number): Finding {
  const { entity } = anomaly;
  const windowId = behaviourWindowId(entity, anomaly.hourStart);
  const definition = metricDefinition(anomaly.metric);
  const mapping = CATEGORY_MAPPING.behaviour_anomaly;
  const hour = new Date(anomaly.hourStart).toISOString().slice(0, 16);
  const format = (value: number) => formatValue(value, anomaly.kind);
  const how =
    anomaly.test === 'ewma'
      ? `raised for several hours (EWMA of z-scores ${anomaly.zScore.toFixed(1)})`
      : `robust z ${anomaly.zScore.toFixed(1)}`;
  return {
    finding_id: behaviourFindingId(windowId, anomaly.metric),
    event_id: windowId,
    tenant_id: entity.tenantId,
    app_id: entity.appId,
    // The start of the judged hour: deterministic, and never in the future while that hour is in progress.
    timestamp: new Date(anomaly.hourStart).toISOString(),
    detector: BEHAVIOUR_DETECTOR,
    rule_id: `${BEHAVIOUR_DETECTOR}.${anomaly.metric}`,
    category: 'behaviour_anomaly',
    // Far past the threshold (z ≥ 3× it) is worth waking someone; otherwise it is context for triage.
    severity: Math.abs(anomaly.zScore) >= 3 * zThreshold ? 'high' : 'medium',
    score: round(anomaly.score),
    location: { field: 'event' },
    entity: `${entity.kind}:${entity.userId ?? entity.model ?? entity.appId}`,
    evidence: '',
    message:
      `${definition.name.replace(/_/g, ' ')} of ${entityLabel(entity)}, hour from ` +
      `${hour}Z: observed ${format(anomaly.observed)} ${definition.unit}, expected ` +
      `${format(anomaly.expectedLow)}–${format(anomaly.expectedHigh)} (median ${format(anomaly.expected)}, ` +
      `${BASELINE_WORDS[anomaly.baseline]}, ${anomaly.baselineHours} hours); ${how} over ` +
      `${anomaly.requests} requests.`,
    owasp: mapping.owasp,
    atlas: [...mapping.atlas],
    attributes: {
      metric: anomaly.metric,
      unit: definition.unit,
      entity_kind: entity.kind,
      ...(entity.model !== undefined ? { model: entity.model } : {}),
      ...(entity.userId !== undefined ? { user_id: entity.userId } : {}),
      hour_start: new Date(anomaly.hourStart).toISOString(),
      observed: round(anomaly.observed),
      expected: round(anomaly.expected),
      expected_low: round(anomaly.expectedLow),
      expected_high: round(anomaly.expectedHigh),
      z_score: round(anomaly.zScore),
      direction: anomaly.direction,
      test: anomaly.test,
      baseline: anomaly.baseline,
      baseline_hours: anomaly.baselineHours,
      requests: anomaly.requests,
      ...(anomaly.pValue !== undefined ? { p_value: anomaly.pValue } : {}),
    },
    ...(entity.userId !== undefined ? { user_id: entity.userId } : {}),
  };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
