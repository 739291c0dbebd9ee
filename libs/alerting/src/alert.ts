import { createHash } from 'node:crypto';
import { CATEGORY_MAPPING, type Finding, type Severity, isAtLeast } from '@argus/contracts';

/**
 * An alert as recorded in `alerts` and rendered by every sink. The alert policy engine
 * (`policy/alert-policy.engine.ts`) groups findings: the first finding of a group raises an alert at
 * once, later ones are folded into it, and an escalation or an end-of-window summary alert reports the
 * count. Ids are deterministic (group key and window start), so a replay re-creates the same id: storage
 * de-duplicates it and receivers can de-duplicate on the `x-argus-alert-id` header.
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
  /** Findings folded into this alert (exact count; `finding_ids` is capped). 1 for a single finding. */
  occurrences: number;
  /** 0 for the alert that opened a group, n for its n-th escalation; absent outside groups. */
  escalation?: number;
  /**
   * Names of the sinks to notify, chosen by the policy (rule sinks ∩ configured sinks, minus sinks whose
   * minimum severity is above the alert's). Absent: every configured sink.
   */
  sinks?: string[];
  /** The group this alert belongs to: why it was sent (first, escalation, summary) and its window. */
  group?: AlertGroupInfo;
};

export type AlertGroupInfo = {
  id: string;
  kind: 'first' | 'escalation' | 'summary';
  window_start: string;
  window_end: string;
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
    occurrences: 1,
  };
}
