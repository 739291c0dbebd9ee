import { type Finding, type Severity, isAtLeast } from '@argus/contracts';
import { type Alert } from '../alert';
import { AlertGrouper, type AlertGroupSnapshot, type AlertRoute } from './alert-grouper';
import { type AlertPolicy, type AlertRule } from './alert-policy';

/**
 * Why a finding did or did not raise an alert. Every finding ends in exactly one outcome, counted in
 * `argus_alert_findings_total`: nothing is dropped without a trace.
 */
export type FindingOutcome =
  | 'alerted' // opened a group: alert sent now
  | 'escalated' // folded, and the group grew enough to re-alert
  | 'folded' // folded into an open group: reported by its next escalation or its summary
  | 'duplicate' // a replay of a finding already counted or alerted (at-least-once input)
  | 'muted' // a mute/maintenance window covered it
  | 'dropped' // the first matching rule says `action: drop`
  | 'no_rule' // no rule matched
  | 'below_floor'; // below ALERT_MIN_SEVERITY

export type AlertPolicyEngineOptions = {
  /** ALERT_MIN_SEVERITY: the global floor, applied before any rule. */
  minSeverity: Severity;
  /** Names of the sinks this process has; `*` routes to all of them. */
  configuredSinks: readonly string[];
};

export type Evaluation = { outcome: FindingOutcome; alert?: Alert; rule?: string; mute?: string };

/**
 * The alert policy as one synchronous, pure step (no I/O, time passed in): global floor → mute windows
 * → first matching rule → grouping. The caller records what comes out (outbox) and delivers it.
 */
export class AlertPolicyEngine {
  private readonly grouper = new AlertGrouper();
  private readonly routes = new Map<string, AlertRoute>();

  constructor(
    private readonly policy: AlertPolicy,
    private readonly options: AlertPolicyEngineOptions,
  ) {
    for (const rule of policy.rules) this.routes.set(rule.name, this.routeOf(rule));
  }

  get openGroups(): number {
    return this.grouper.openGroups;
  }

  evaluate(finding: Finding, now: number): Evaluation {
    if (!isAtLeast(finding.severity, this.options.minSeverity)) return { outcome: 'below_floor' };
    for (const mute of this.policy.mutes) {
      if (mute.isActive(finding, now)) return { outcome: 'muted', mute: mute.name };
    }
    const rule = this.policy.rules.find((candidate) => candidate.matches(finding));
    if (rule === undefined) return { outcome: 'no_rule' };
    if (rule.action === 'drop') return { outcome: 'dropped', rule: rule.name };
    const result = this.grouper.add(finding, this.routes.get(rule.name)!, now);
    if (result.kind !== 'alert') return { outcome: result.kind, rule: rule.name };
    const alert = result.alert;
    return { outcome: alert.group?.kind === 'escalation' ? 'escalated' : 'alerted', alert, rule: rule.name };
  }

  /** Summaries of the groups whose window has ended; call it on a timer. */
  closeExpired(now: number): Alert[] {
    return this.grouper.closeExpired(now);
  }

  /** Group state changed since the last call, to store with the alerts (see AlertGrouper.takeChanged). */
  takeChangedGroups(): AlertGroupSnapshot[] {
    return this.grouper.takeChanged();
  }

  /**
   * Rebuilds groups (start-up) from stored snapshots and recorded alerts; groups of rules no longer in
   * the policy are skipped.
   */
  restore(recorded: readonly Alert[], now: number, snapshots: readonly AlertGroupSnapshot[] = []): number {
    return this.grouper.restore(
      recorded,
      snapshots,
      (alert) => {
        const rule = /^policy=([^|]+)/.exec(alert.dedup_key)?.[1];
        return rule === undefined ? undefined : this.routes.get(rule);
      },
      now,
    );
  }

  /**
   * How far back start-up reads recorded alerts: the longest window (open groups), and at least an hour
   * so findings replayed after their window ended are still recognised by id.
   */
  restoreLookbackMs(): number {
    return Math.max(3_600_000, ...this.policy.rules.map((rule) => rule.grouping.windowMs));
  }

  private routeOf(rule: AlertRule): AlertRoute {
    const configured = this.options.configuredSinks;
    const routed = rule.sinks === '*' ? configured : configured.filter((sink) => rule.sinks.includes(sink));
    const bySeverity = new Map<Severity, string[]>();
    return {
      rule: rule.name,
      severity: rule.severity,
      grouping: rule.grouping,
      sinksFor: (severity) => {
        let sinks = bySeverity.get(severity);
        if (sinks === undefined) {
          sinks = routed.filter((sink) => isAtLeast(severity, this.policy.sinkSettings(sink).minSeverity));
          bySeverity.set(severity, sinks);
        }
        return [...sinks];
      },
    };
  }
}
