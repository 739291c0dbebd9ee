import { createHash } from 'node:crypto';
import { CATEGORY_MAPPING, type Finding, type Severity, isAtLeast } from '@argus/contracts';

/**
 * One alert per finding that passes the policy. The id is derived from the finding id, so a replayed
 * finding (at-least-once consumption) yields the same alert id: storage de-duplicates it and webhook
 * receivers can de-duplicate on the `x-argus-alert-id` header. Grouping several findings into one alert
 * is the job of the alerting policy engine (a later issue); `finding_ids` is already a list for it.
 */
export type Alert = {
  alert_id: string;
  dedup_key: string;
  created_at: string;
  tenant_id: string;
  app_id: string;
  severity: Severity;
  category: Finding['category'];
  title: string;
  summary: string;
  finding_ids: string[];
  event_ids: string[];
  first_seen: string;
  last_seen: string;
  owasp: string;
  atlas: string[];
  /** Redacted evidence from the finding, never raw content. */
  evidence: string;
  detector: string;
  rule_id: string;
  user_id?: string;
  conversation_id?: string;
};

export type MinimumSeverityPolicy = { minSeverity: Severity };

export function shouldAlert(finding: Finding, policy: MinimumSeverityPolicy): boolean {
  return isAtLeast(finding.severity, policy.minSeverity);
}

export function alertFromFinding(finding: Finding, now: Date): Alert {
  const mapping = CATEGORY_MAPPING[finding.category];
  return {
    alert_id: createHash('sha256').update(`alert|${finding.finding_id}`).digest('hex').slice(0, 32),
    dedup_key: [
      finding.tenant_id,
      finding.app_id,
      finding.category,
      finding.rule_id,
      finding.entity ?? '',
    ].join('|'),
    created_at: now.toISOString(),
    tenant_id: finding.tenant_id,
    app_id: finding.app_id,
    severity: finding.severity,
    category: finding.category,
    title: `${mapping.title} in ${finding.tenant_id}/${finding.app_id}`.slice(0, 150),
    summary: finding.message,
    finding_ids: [finding.finding_id],
    event_ids: [finding.event_id],
    first_seen: finding.timestamp,
    last_seen: finding.timestamp,
    owasp: finding.owasp,
    atlas: finding.atlas,
    evidence: finding.evidence,
    detector: finding.detector,
    rule_id: finding.rule_id,
    ...(finding.user_id !== undefined ? { user_id: finding.user_id } : {}),
    ...(finding.conversation_id !== undefined ? { conversation_id: finding.conversation_id } : {}),
  };
}
