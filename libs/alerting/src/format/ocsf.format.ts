import { OCSF_SEVERITY_ID, type RenderableAlert, categoryTitle, epochMs, occurrencesOf } from './alert-view';
import { atlasTechnique } from './atlas-techniques';

export const OCSF_SCHEMA_VERSION = '1.3.0';
const DETECTION_FINDING = { class_uid: 2004, category_uid: 2 } as const;

export type OcsfFormatOptions = {
  /** Version of Argus that raised the alert (`metadata.product.version`). */
  productVersion: string;
  vendorName?: string;
  dashboardUrl?: string;
};

/**
 * OCSF activity: the alert that opens an incident is Create (1); an escalation or end-of-window summary of
 * the same group, or a re-raise counted by `escalation`, is Update (2) of that incident.
 */
function activityOf(alert: RenderableAlert): { activity_id: 1 | 2; activity_name: string } {
  const update =
    alert.group?.kind === 'escalation' ||
    alert.group?.kind === 'summary' ||
    (alert.escalation !== undefined && alert.escalation > 0);
  return update ? { activity_id: 2, activity_name: 'Update' } : { activity_id: 1, activity_name: 'Create' };
}

const SEVERITY_NAME: Record<RenderableAlert['severity'], string> = {
  info: 'Informational',
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  critical: 'Critical',
};

/**
 * An alert as an OCSF Detection Finding (class 2004 in category 2, Findings): type_uid is
 * class_uid * 100 + activity_id; the rule that fired is the `analytic`, the ATLAS techniques are the
 * `attacks`, both inside `finding_info` where OCSF 1.1+ defines them.
 */
export function toOcsfDetectionFinding(
  alert: RenderableAlert,
  options: OcsfFormatOptions,
): Record<string, unknown> {
  const activity = activityOf(alert);
  const attacks = alert.atlas.map((id) => {
    const technique = atlasTechnique(id);
    return {
      technique: { uid: technique.id, name: technique.name, src_url: technique.reference },
      version: 'ATLAS',
    };
  });
  return {
    ...DETECTION_FINDING,
    category_name: 'Findings',
    class_name: 'Detection Finding',
    ...activity,
    type_uid: DETECTION_FINDING.class_uid * 100 + activity.activity_id,
    type_name: `Detection Finding: ${activity.activity_name}`,
    time: epochMs(alert.created_at),
    severity_id: OCSF_SEVERITY_ID[alert.severity],
    severity: SEVERITY_NAME[alert.severity],
    status_id: 1,
    status: 'New',
    is_alert: true,
    message: alert.summary,
    count: occurrencesOf(alert),
    metadata: {
      version: OCSF_SCHEMA_VERSION,
      uid: alert.alert_id,
      correlation_uid: alert.group?.id ?? alert.dedup_key,
      tenant_uid: alert.tenant_id,
      product: {
        name: 'Argus',
        vendor_name: options.vendorName ?? 'Argus',
        version: options.productVersion,
        feature: { name: alert.detector },
      },
      labels: [`tenant:${alert.tenant_id}`, `app:${alert.app_id}`],
    },
    finding_info: {
      uid: alert.alert_id,
      title: alert.title,
      desc: alert.summary,
      first_seen_time: epochMs(alert.first_seen),
      last_seen_time: epochMs(alert.last_seen),
      created_time: epochMs(alert.created_at),
      types: [alert.category, categoryTitle(alert)],
      analytic: {
        uid: alert.rule_id,
        name: alert.rule_id,
        category: alert.category,
        type_id: 1,
        type: 'Rule',
      },
      attacks,
      related_events_count: alert.event_ids.length,
      ...(options.dashboardUrl !== undefined ? { src_url: options.dashboardUrl } : {}),
    },
    evidences: [{ data: { evidence: alert.evidence, redacted: true } }],
    ...(alert.user_id !== undefined ? { actor: { user: { uid: alert.user_id } } } : {}),
    resources: [{ type: 'AI Application', uid: alert.app_id, labels: [`tenant:${alert.tenant_id}`] }],
    unmapped: {
      owasp: alert.owasp,
      finding_ids: alert.finding_ids,
      event_ids: alert.event_ids,
      ...(alert.conversation_id !== undefined ? { conversation_id: alert.conversation_id } : {}),
      ...(alert.escalation !== undefined ? { escalation: alert.escalation } : {}),
    },
  };
}
