import { CATEGORY_MAPPING, type Severity } from '@argus/contracts';
import { type Alert } from '../alert';

/**
 * The alert as the formatters read it. `occurrences` (findings folded into one grouped alert) and
 * `escalation` (how many times a growing group was re-raised) come from the policy engine; an alert
 * built straight from one finding has neither, so both are optional here.
 */
export type RenderableAlert = Alert & { occurrences?: number; escalation?: number };

export function occurrencesOf(alert: RenderableAlert): number {
  return alert.occurrences ?? 1;
}

/** Where a receiver of the alert links back to; absent when no dashboard URL is configured. */
export function alertLink(dashboardUrl: string | undefined, alert: Alert): string | undefined {
  if (dashboardUrl === undefined) return undefined;
  const url = new URL(dashboardUrl);
  url.searchParams.set('alert_id', alert.alert_id);
  url.searchParams.set('tenant_id', alert.tenant_id);
  return url.toString();
}

/** Human name of the alert's category (the rule family), e.g. "Prompt injection". */
export function categoryTitle(alert: Alert): string {
  return CATEGORY_MAPPING[alert.category].title;
}

/** OCSF severity_id (1 Informational … 5 Critical); ECS `event.severity` uses the same scale. */
export const OCSF_SEVERITY_ID: Record<Severity, number> = {
  info: 1,
  low: 2,
  medium: 3,
  high: 4,
  critical: 5,
};

/** CEF Severity 0–10: Low 0–3, Medium 4–6, High 7–8, Very-High 9–10. */
export const CEF_SEVERITY: Record<Severity, number> = { info: 1, low: 3, medium: 5, high: 8, critical: 10 };

/** ECS `event.risk_score` 0–100. */
export const RISK_SCORE: Record<Severity, number> = { info: 10, low: 30, medium: 50, high: 75, critical: 95 };

/** RFC 5424 severity (0 Emergency … 7 Debug). An AI finding never takes a host down: critical is `crit`. */
export const SYSLOG_SEVERITY: Record<Severity, number> = { info: 6, low: 5, medium: 4, high: 3, critical: 2 };

/** Milliseconds since the epoch of an ISO timestamp (OCSF and CEF times are epoch numbers). */
export function epochMs(iso: string): number {
  return Date.parse(iso);
}
