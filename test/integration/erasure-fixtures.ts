import { randomUUID } from 'node:crypto';
import {
  type Alert,
  alertFromFinding,
  pendingDeliveryRow,
  toAlertGroupRow,
  toAlertRow,
} from '@argus/alerting';
import { type ClickHouseClient, toClickHouseDateTime } from '@argus/clickhouse';
import { type Finding } from '@argus/contracts';
import { toFindingRow } from '@argus/ingestion';
import { makeFinding } from '@argus/testing';
import { behaviourFinding } from '../../apps/analyzer/src/behaviour-anomaly.findings';
import { driftFinding, driftScoreRow } from '../../apps/analyzer/src/drift/drift.findings';
import { makeEventRow } from '../support/event-row.factory';

export type SeededUser = { eventIds: string[]; findingIds: string[]; alertIds: string[]; text: string };

/**
 * Rows about people, written the way ingest, the alerter and the analyzer write them (their own row
 * mappers), and a way to look for any trace of them in every table, for the erasure tests.
 */
export class ErasureFixtures {
  constructor(private readonly client: ClickHouseClient) {}

  async rows<T>(query: string, params: Record<string, string> = {}): Promise<T[]> {
    const result = await this.client.query({ query, query_params: params, format: 'JSONEachRow' });
    return result.json<T>();
  }
  async count(query: string, params: Record<string, string> = {}): Promise<number> {
    return Number((await this.rows<{ n: string }>(query, params))[0].n);
  }
  private insert(table: string, values: object[]) {
    return this.client.insert({ table, values, format: 'JSONEachRow' });
  }

  /** What each app stores about one user: events, findings, a behaviour finding, alerts, deliveries, group, baseline. */
  async seedUser(tenantId: string, userId: string, conversationId: string): Promise<SeededUser> {
    const text = `private words of ${userId} in ${tenantId} ${randomUUID()}`;
    const events = [0, 1].map((turn) =>
      makeEventRow({
        tenant_id: tenantId,
        user_id: userId,
        session_id: `session-${userId}`,
        conversation_id: conversationId,
        input_text: `${text} turn ${turn}`,
        event_json: JSON.stringify({ user: { id: userId }, input: text }),
        input_tokens: 10,
        finding_count: 1,
      }),
    );
    await this.insert('events', events);
    const findings: Finding[] = events.map((event) =>
      makeFinding({
        finding_id: randomUUID().replace(/-/g, ''),
        event_id: event.event_id,
        tenant_id: tenantId,
        timestamp: new Date().toISOString(),
        evidence: text.slice(0, 20),
        user_id: userId,
        conversation_id: conversationId,
      }),
    );
    const behaviour = behaviourFinding(
      {
        entity: { kind: 'user', tenantId, appId: 'app-a', userId },
        metric: 'requests',
        kind: 'volume',
        hourStart: Math.floor(Date.now() / 3_600_000) * 3_600_000,
        direction: 'up',
        observed: 500,
        expected: 10,
        expectedLow: 0,
        expectedHigh: 30,
        zScore: 12,
        score: 0.9,
        test: 'robust_z',
        baseline: 'trailing',
        baselineHours: 48,
        requests: 500,
      },
      5,
    );
    await this.insert(
      'findings',
      [...findings, behaviour].map((finding) => toFindingRow(finding, new Date())),
    );
    const alerts = [alertFromFinding(findings[0], new Date()), alertFromFinding(behaviour, new Date())];
    await this.insert(
      'alerts',
      alerts.map((alert) => toAlertRow(alert, new Date())),
    );
    await this.insert(
      'alert_deliveries',
      alerts.map((alert) => pendingDeliveryRow(alert.alert_id, 'stdout', new Date())),
    );
    await this.insert('alert_groups', [this.groupRow(alerts[0], findings)]);
    await this.insert('behaviour_baselines', [
      {
        tenant_id: tenantId,
        app_id: 'app-a',
        user_id: userId,
        tokens_log_median: 2,
        tokens_log_scale: 0.5,
        active_hours: 9,
        computed_at: toClickHouseDateTime(new Date()),
      },
    ]);
    return {
      eventIds: events.map((event) => event.event_id),
      findingIds: [...findings, behaviour].map((finding) => finding.finding_id),
      alertIds: alerts.map((alert) => alert.alert_id),
      text,
    };
  }

  private groupRow(base: Alert, findings: Finding[]) {
    const now = Date.now();
    return toAlertGroupRow(
      {
        id: base.alert_id,
        key: `policy=default|user=${base.user_id ?? ''}`,
        window_start: now,
        window_end: now + 300_000,
        occurrences: findings.length,
        alerted_occurrences: 1,
        escalations: 0,
        severity: base.severity,
        first_seen: base.first_seen,
        last_seen: base.last_seen,
        finding_ids: findings.map((finding) => finding.finding_id),
        event_ids: findings.map((finding) => finding.event_id),
        base,
        closed: false,
      },
      new Date(),
    );
  }

  /** A drift result of `tenantId` whose examples quote `first` (also its evidence), then `second`. */
  async seedDrift(
    tenantId: string,
    first: { eventId: string; text: string },
    second: { eventId: string; text: string },
  ) {
    const start = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000);
    const plan = {
      current: { start, end: new Date(start.getTime() + 3_600_000) },
      reference: { kind: 'trailing' as const, start: new Date(start.getTime() - 86_400_000), end: start },
    };
    const example = (index: number, text: string, score: number) => ({
      index,
      text,
      distanceToCurrentCentroid: 0.1,
      distanceToReferenceCentroid: 0.1 + score,
      score,
    });
    const outcome = {
      key: {
        tenantId,
        appId: 'app-a',
        model: 'gpt-x',
        field: 'input' as const,
        embedder: 'hashing',
        currentEventIds: [first.eventId, second.eventId],
      },
      result: {
        statistic: 0.01,
        pValue: 0.001,
        tailPValue: 0.001,
        effect: 0.01,
        drift: true,
        referenceCount: 200,
        currentCount: 100,
        energyDistance: 0.2,
        centroidCosineShift: 0.05,
        bandwidth: 1,
        permutations: 200,
        alpha: 0.05,
        minEffect: 0.00035,
      },
      pAdjusted: 0.01,
      drift: true,
      examples: [example(0, first.text, 0.4), example(1, second.text, 0.3)],
    };
    const finding = driftFinding(outcome, plan);
    await this.insert('findings', [toFindingRow(finding, new Date())]);
    await this.insert('drift_scores', [
      driftScoreRow(outcome, {
        plan,
        testsInRun: 1,
        findingId: finding.finding_id,
        runId: 'run-1',
        computedAt: new Date(),
      }),
    ]);
    const alert = alertFromFinding(finding, new Date());
    await this.insert('alerts', [toAlertRow(alert, new Date())]);
    return { findingId: finding.finding_id, alertId: alert.alert_id };
  }

  /** Rows of every table that mention `needle` anywhere (any column), by table. */
  async tablesMentioning(needle: string): Promise<Record<string, number>> {
    const tables = await this.rows<{ name: string }>(
      "SELECT name FROM system.tables WHERE database = currentDatabase() AND engine LIKE '%MergeTree'",
    );
    const found: Record<string, number> = {};
    for (const { name } of tables) {
      const n = await this.count(
        `SELECT count() AS n FROM ${name} WHERE position(formatRow('JSONEachRow', *), {needle:String}) > 0`,
        { needle },
      );
      if (n > 0) found[name] = n;
    }
    return found;
  }
}
