import {
  OCSF_SEVERITY_ID,
  RISK_SCORE,
  type RenderableAlert,
  categoryTitle,
  occurrencesOf,
} from './alert-view';
import { atlasTechnique } from './atlas-techniques';

/** An alert as an Elastic Common Schema document (ECS 8.x field names). */
export function toEcsDocument(alert: RenderableAlert): Record<string, unknown> {
  const techniques = alert.atlas.map(atlasTechnique);
  return {
    '@timestamp': alert.created_at,
    message: alert.summary,
    ecs: { version: '8.11.0' },
    event: {
      kind: 'alert',
      category: ['intrusion_detection'],
      type: ['info'],
      id: alert.alert_id,
      severity: OCSF_SEVERITY_ID[alert.severity],
      risk_score: RISK_SCORE[alert.severity],
      start: alert.first_seen,
      end: alert.last_seen,
      created: alert.created_at,
      dataset: 'argus.alerts',
      module: 'argus',
      provider: alert.detector,
      reason: alert.title,
    },
    rule: {
      id: alert.rule_id,
      name: categoryTitle(alert),
      category: alert.category,
      ruleset: alert.detector,
      reference: alert.owasp,
    },
    threat: {
      framework: 'MITRE ATLAS',
      technique: {
        id: techniques.map((technique) => technique.id),
        name: techniques.map((technique) => technique.name),
        reference: techniques.map((technique) => technique.reference),
      },
    },
    labels: { tenant_id: alert.tenant_id, app_id: alert.app_id, severity: alert.severity },
    organization: { id: alert.tenant_id },
    service: { name: alert.app_id },
    ...(alert.user_id !== undefined ? { user: { id: alert.user_id } } : {}),
    argus: {
      alert_id: alert.alert_id,
      dedup_key: alert.dedup_key,
      title: alert.title,
      owasp: alert.owasp,
      evidence: alert.evidence,
      occurrences: occurrencesOf(alert),
      ...(alert.escalation !== undefined ? { escalation: alert.escalation } : {}),
      ...(alert.group !== undefined ? { group: alert.group } : {}),
      finding_ids: alert.finding_ids,
      event_ids: alert.event_ids,
      ...(alert.conversation_id !== undefined ? { conversation_id: alert.conversation_id } : {}),
    },
  };
}

/**
 * `_bulk` request body: a `create` action with the alert id as `_id` (so a re-delivered alert is a 409
 * conflict, not a duplicate document; `create` is also the only action data streams accept) followed by
 * the document, each on its own line, the body ending with a newline as `_bulk` requires.
 */
export function toElasticBulkBody(alerts: readonly RenderableAlert[], index: string): string {
  return alerts
    .map(
      (alert) =>
        `${JSON.stringify({ create: { _index: index, _id: alert.alert_id } })}\n${JSON.stringify(toEcsDocument(alert))}\n`,
    )
    .join('');
}
