import { type RenderableAlert, alertLink, categoryTitle, occurrencesOf } from './alert-view';

export type PagerDutyFormatOptions = { routingKey: string; dashboardUrl?: string; source: string };

/** PagerDuty Events API v2 severities. */
const PAGERDUTY_SEVERITY: Record<RenderableAlert['severity'], 'critical' | 'error' | 'warning' | 'info'> = {
  critical: 'critical',
  high: 'error',
  medium: 'warning',
  low: 'info',
  info: 'info',
};

/**
 * A `trigger` event of the PagerDuty Events API v2. The dedup key is the alert's group (or its
 * de-duplication key), so escalations and summaries of one incident update one PagerDuty incident
 * instead of opening new ones. `summary` is capped at PagerDuty's 1024 characters.
 */
export function toPagerDutyEvent(
  alert: RenderableAlert,
  options: PagerDutyFormatOptions,
): Record<string, unknown> {
  const link = alertLink(options.dashboardUrl, alert);
  const summary = `[${alert.severity.toUpperCase()}] ${alert.title}: ${alert.summary}`;
  return {
    routing_key: options.routingKey,
    event_action: 'trigger',
    dedup_key: (alert.group?.id ?? alert.dedup_key).slice(0, 255),
    client: 'Argus',
    ...(link !== undefined ? { client_url: link, links: [{ href: link, text: 'Open in Argus' }] } : {}),
    payload: {
      summary: summary.length <= 1024 ? summary : `${summary.slice(0, 1023)}…`,
      source: options.source,
      severity: PAGERDUTY_SEVERITY[alert.severity],
      timestamp: alert.created_at,
      component: alert.app_id,
      group: alert.tenant_id,
      class: alert.category,
      custom_details: {
        alert_id: alert.alert_id,
        category: categoryTitle(alert),
        owasp: alert.owasp,
        atlas: alert.atlas,
        occurrences: occurrencesOf(alert),
        first_seen: alert.first_seen,
        last_seen: alert.last_seen,
        rule: `${alert.detector}/${alert.rule_id}`,
        evidence_redacted: alert.evidence,
        ...(alert.user_id !== undefined ? { user_id: alert.user_id } : {}),
        ...(alert.conversation_id !== undefined ? { conversation_id: alert.conversation_id } : {}),
      },
    },
  };
}
