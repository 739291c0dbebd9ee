import { createHash } from 'node:crypto';
import { type Finding, type Severity, severityRank } from '@argus/contracts';
import { type Alert, type AlertGroupInfo, alertFromFinding } from '../alert';
import { type GroupingSettings } from './alert-policy';
import { type GroupField } from './alert-policy.schema';

/** What the policy decided for a finding that should alert. */
export type AlertRoute = {
  rule: string;
  /** Severity forced by the rule; unset: the highest finding severity of the group. */
  severity: Severity | undefined;
  grouping: GroupingSettings;
  /** Sinks for an alert of this severity (policy routing and per-sink floors applied). */
  sinksFor(severity: Severity): string[];
};

type Group = {
  id: string;
  key: string;
  route: AlertRoute;
  windowStart: number;
  windowEnd: number;
  occurrences: number;
  /** `occurrences` at the last alert sent for this group. */
  alertedOccurrences: number;
  escalations: number;
  severity: Severity;
  firstSeen: string;
  lastSeen: string;
  findingIds: string[];
  eventIds: string[];
  /** Recently folded finding ids: a replayed finding (at-least-once) is not counted twice. */
  seen: Set<string>;
  base: Alert;
};

const SEEN_LIMIT = 10_000;
/** Finding ids listed on alerts already raised, kept to recognise replays after their window ended. */
const REPORTED_LIMIT = 100_000;

/** `duplicate`: a replay of a finding already counted (at-least-once input), ignored. */
export type GroupingResult = { kind: 'alert'; alert: Alert } | { kind: 'folded' } | { kind: 'duplicate' };

/** A group as stored in `alert_groups.state` (JSON). */
export type AlertGroupSnapshot = {
  id: string;
  key: string;
  window_start: number;
  window_end: number;
  occurrences: number;
  alerted_occurrences: number;
  escalations: number;
  severity: Severity;
  first_seen: string;
  last_seen: string;
  finding_ids: string[];
  event_ids: string[];
  /** The alert the group opened with: the template of its escalations and summary. */
  base: Alert;
  closed: boolean;
};

function snapshotOf(group: Group, closed: boolean): AlertGroupSnapshot {
  return {
    id: group.id,
    key: group.key,
    window_start: group.windowStart,
    window_end: group.windowEnd,
    occurrences: group.occurrences,
    alerted_occurrences: group.alertedOccurrences,
    escalations: group.escalations,
    severity: group.severity,
    first_seen: group.firstSeen,
    last_seen: group.lastSeen,
    finding_ids: [...group.findingIds],
    event_ids: [...group.eventIds],
    base: group.base,
    closed,
  };
}

function groupFromSnapshot(snapshot: AlertGroupSnapshot, route: AlertRoute): Group {
  return {
    id: snapshot.id,
    key: snapshot.key,
    route,
    windowStart: snapshot.window_start,
    windowEnd: snapshot.window_end,
    occurrences: snapshot.occurrences,
    alertedOccurrences: snapshot.alerted_occurrences,
    escalations: snapshot.escalations,
    severity: snapshot.severity,
    firstSeen: snapshot.first_seen,
    lastSeen: snapshot.last_seen,
    findingIds: [...snapshot.finding_ids],
    eventIds: [...snapshot.event_ids],
    seen: new Set(snapshot.finding_ids),
    base: snapshot.base,
  };
}

/**
 * Groups findings by key within a window. The window opens with the group's first finding (processing
 * time) and lasts `windowMs`: that first finding raises an alert at once; later findings are folded into
 * the group (exact count, capped id lists); when the count has grown by `escalationFactor` since the last
 * alert, an escalation alert goes out (at most `maxEscalations`); when the window ends with findings not
 * yet reported, one summary alert does. Alert ids hash the group key and window start, so replaying the
 * same alert (after a crash) yields the same id.
 */
export class AlertGrouper {
  private readonly groups = new Map<string, Group>();
  /** Summaries of windows that ended when a new finding of the same key arrived before the tick. */
  private readonly pendingSummaries: Alert[] = [];
  /** Insertion-ordered, so the oldest id is evicted first. */
  private readonly reported = new Set<string>();
  /** Groups changed since the last takeChanged(), and groups closed since then. */
  private readonly dirty = new Set<Group>();
  private readonly closedSnapshots: AlertGroupSnapshot[] = [];

  get openGroups(): number {
    return this.groups.size;
  }

  /** Folds the finding into its group; says whether to raise an alert now. */
  add(finding: Finding, route: AlertRoute, now: number): GroupingResult {
    const key = groupKey(finding, route.rule, route.grouping.groupBy);
    let group = this.groups.get(key);
    if (group !== undefined && now < group.windowEnd) {
      if (group.seen.has(finding.finding_id)) return { kind: 'duplicate' };
      const escalation = this.fold(group, finding, now);
      return escalation === undefined ? { kind: 'folded' } : { kind: 'alert', alert: escalation };
    }
    if (this.reported.has(finding.finding_id)) return { kind: 'duplicate' };
    if (group !== undefined) {
      // The window ended before the tick closed it: its summary is due before the new group opens;
      // callers of add() get one alert, the summary goes out with the next closeExpired().
      const summary = this.close(group, now);
      if (summary !== undefined) this.pendingSummaries.push(summary);
    }
    group = this.open(key, finding, route, now);
    return { kind: 'alert', alert: this.alertFor(group, 'first', now) };
  }

  /** Ends every group whose window is over; returns the summaries of groups with unreported findings. */
  closeExpired(now: number): Alert[] {
    const alerts = this.pendingSummaries.splice(0);
    for (const group of this.groups.values()) {
      if (now < group.windowEnd) continue;
      const summary = this.close(group, now);
      if (summary !== undefined) alerts.push(summary);
    }
    return alerts;
  }

  /**
   * Group state changed since the last call (opened, folded into, alerted, closed): what the caller
   * writes to `alert_groups` with the batch's alerts, before committing, so a restart loses no count.
   */
  takeChanged(): AlertGroupSnapshot[] {
    const changed = this.closedSnapshots.splice(0);
    for (const group of this.dirty) changed.push(snapshotOf(group, false));
    this.dirty.clear();
    return changed;
  }

  /**
   * Rebuilds groups at start-up from what storage holds: the latest snapshot of each open group and the
   * alerts recorded in the look-back. A group whose window ended while the process was down is restored
   * too, so the next closeExpired() sends its summary. The finding ids the alerts list are remembered, so
   * a replayed finding is recognised even after its window ended.
   */
  restore(
    recorded: readonly Alert[],
    snapshots: readonly AlertGroupSnapshot[],
    routeFor: (alert: Alert) => AlertRoute | undefined,
    now: number,
  ): number {
    const byGroup = new Map<string, Alert[]>();
    for (const alert of recorded) {
      for (const findingId of alert.finding_ids) this.remember(findingId);
      if (alert.group === undefined) continue;
      const list = byGroup.get(alert.group.id) ?? [];
      list.push(alert);
      byGroup.set(alert.group.id, list);
    }
    const summarised = (id: string) =>
      byGroup.get(id)?.some((alert) => alert.group?.kind === 'summary') ?? false;
    let restored = 0;
    const place = (group: Group) => {
      const alerts = byGroup.get(group.id) ?? [];
      // An alert recorded after the snapshot (its write failed, then the process stopped) knows more.
      for (const alert of alerts) {
        group.alertedOccurrences = Math.max(group.alertedOccurrences, alert.occurrences);
        group.escalations = Math.max(group.escalations, alert.escalation ?? 0);
      }
      group.occurrences = Math.max(group.occurrences, group.alertedOccurrences);
      this.groups.set(group.key, group);
      restored++;
    };
    for (const snapshot of snapshots) {
      if (snapshot.closed || summarised(snapshot.id) || this.groups.has(snapshot.key)) continue;
      const route = routeFor(snapshot.base);
      if (route === undefined) continue;
      place(groupFromSnapshot(snapshot, route));
    }
    for (const [id, alerts] of byGroup) {
      if (summarised(id)) continue;
      const latest = alerts.reduce((a, b) => (b.occurrences > a.occurrences ? b : a));
      const first = alerts.find((alert) => alert.group?.kind === 'first') ?? latest;
      const info = first.group!;
      const windowEnd = Date.parse(info.window_end);
      if (windowEnd <= now || this.groups.has(first.dedup_key)) continue;
      const route = routeFor(first);
      if (route === undefined) continue;
      place({
        id: info.id,
        key: first.dedup_key,
        route,
        windowStart: Date.parse(info.window_start),
        windowEnd,
        occurrences: latest.occurrences,
        alertedOccurrences: latest.occurrences,
        escalations: 0,
        severity: latest.severity,
        firstSeen: latest.first_seen,
        lastSeen: latest.last_seen,
        findingIds: [...latest.finding_ids],
        eventIds: [...latest.event_ids],
        seen: new Set(latest.finding_ids),
        base: first,
      });
    }
    return restored;
  }

  private open(key: string, finding: Finding, route: AlertRoute, now: number): Group {
    const windowStart = now;
    const id = hashId(`group|${key}|${windowStart}`);
    const group: Group = {
      id,
      key,
      route,
      windowStart,
      windowEnd: windowStart + route.grouping.windowMs,
      occurrences: 1,
      alertedOccurrences: 0,
      escalations: 0,
      severity: route.severity ?? finding.severity,
      firstSeen: finding.timestamp,
      lastSeen: finding.timestamp,
      findingIds: [finding.finding_id],
      eventIds: [finding.event_id],
      seen: new Set([finding.finding_id]),
      base: { ...alertFromFinding(finding, new Date(now)), dedup_key: key },
    };
    this.groups.set(key, group);
    this.dirty.add(group);
    return group;
  }

  private fold(group: Group, finding: Finding, now: number): Alert | undefined {
    group.occurrences++;
    this.dirty.add(group);
    if (group.seen.size < SEEN_LIMIT) group.seen.add(finding.finding_id);
    const { maxIds, escalationFactor, maxEscalations } = group.route.grouping;
    if (group.findingIds.length < maxIds) group.findingIds.push(finding.finding_id);
    if (group.eventIds.length < maxIds && !group.eventIds.includes(finding.event_id))
      group.eventIds.push(finding.event_id);
    if (finding.timestamp < group.firstSeen) group.firstSeen = finding.timestamp;
    if (finding.timestamp > group.lastSeen) group.lastSeen = finding.timestamp;
    if (group.route.severity === undefined && severityRank(finding.severity) > severityRank(group.severity))
      group.severity = finding.severity;
    const escalate =
      escalationFactor > 1 &&
      group.escalations < maxEscalations &&
      group.occurrences >= group.alertedOccurrences * escalationFactor;
    if (!escalate) return undefined;
    group.escalations++;
    return this.alertFor(group, 'escalation', now);
  }

  private close(group: Group, now: number): Alert | undefined {
    this.groups.delete(group.key);
    this.dirty.delete(group);
    const summary =
      group.occurrences > group.alertedOccurrences ? this.alertFor(group, 'summary', now) : undefined;
    this.closedSnapshots.push(snapshotOf(group, true));
    return summary;
  }

  private remember(findingId: string): void {
    this.reported.add(findingId);
    if (this.reported.size > REPORTED_LIMIT) this.reported.delete(this.reported.values().next().value!);
  }

  private alertFor(group: Group, kind: AlertGroupInfo['kind'], now: number): Alert {
    group.alertedOccurrences = group.occurrences;
    for (const findingId of group.findingIds) this.remember(findingId);
    const info: AlertGroupInfo = {
      id: group.id,
      kind,
      window_start: new Date(group.windowStart).toISOString(),
      window_end: new Date(group.windowEnd).toISOString(),
    };
    const alertId =
      kind === 'first'
        ? group.id
        : hashId(`${group.id}|${kind}|${kind === 'escalation' ? group.escalations : ''}`);
    const base = group.base;
    const grouped = group.occurrences > 1;
    return {
      ...base,
      alert_id: alertId,
      created_at: new Date(now).toISOString(),
      severity: group.severity,
      summary: grouped
        ? `${base.summary} (${group.occurrences} occurrences, ${group.firstSeen} to ${group.lastSeen}${kind === 'summary' ? ', window closed' : ''})`
        : base.summary,
      finding_ids: [...group.findingIds],
      event_ids: [...group.eventIds],
      first_seen: group.firstSeen,
      last_seen: group.lastSeen,
      occurrences: group.occurrences,
      escalation: group.escalations,
      sinks: group.route.sinksFor(group.severity),
      group: info,
    };
  }
}

const FIELD_VALUES: Record<GroupField, (finding: Finding) => string | undefined> = {
  tenant: (finding) => finding.tenant_id,
  app: (finding) => finding.app_id,
  category: (finding) => finding.category,
  rule: (finding) => finding.rule_id,
  detector: (finding) => finding.detector,
  entity: (finding) => finding.entity,
  user: (finding) => finding.user_id,
  conversation: (finding) => finding.conversation_id,
};

/**
 * The de-duplication key: the chosen fields, named, in a fixed order. The policy rule's name is always
 * part of it (a finding routed by another rule is another incident); an absent field is empty.
 */
export function groupKey(finding: Finding, rule: string, fields: readonly GroupField[]): string {
  let key = `policy=${rule}`;
  for (const field of fields) key += `|${field}=${FIELD_VALUES[field](finding) ?? ''}`;
  return key;
}

function hashId(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
