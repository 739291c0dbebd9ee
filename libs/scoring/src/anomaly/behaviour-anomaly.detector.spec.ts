import {
  type BehaviourAnomaly,
  type BehaviourEntity,
  detectBehaviourAnomalies,
  type EntityKind,
  HOUR_MS,
  type HourlyActivity,
  idleHour,
  rollUp,
  type SimulationOptions,
  simulateHourlyRows,
  WEEK_MS,
} from './index';

const START = Date.UTC(2026, 0, 5); // Monday 00:00 UTC
const HISTORY_HOURS = 4 * 7 * 24;
const WINDOW = 4 * WEEK_MS;

function judgeAll(
  options: SimulationOptions,
  from: number,
  hours: number,
  kinds: EntityKind[] = ['user', 'app', 'model'],
) {
  const rows = simulateHourlyRows(options);
  const anomalies: BehaviourAnomaly[] = [];
  for (const kind of kinds) {
    for (const series of rollUp(rows, kind).values()) {
      for (let hour = from; hour < from + hours * HOUR_MS; hour += HOUR_MS) {
        anomalies.push(...detectBehaviourAnomalies(series, hour, hour - WINDOW));
      }
    }
  }
  return anomalies;
}

const entity: BehaviourEntity = { kind: 'user', tenantId: 't', appId: 'a', userId: 'u' };

function hourAt(index: number, activity: Partial<HourlyActivity>): HourlyActivity {
  return { ...idleHour(START + index * HOUR_MS), ...activity };
}

describe('detectBehaviourAnomalies', () => {
  it('raises nothing over two weekdays and a weekend day of a normal weekly rhythm', () => {
    // Friday 00:00 of week 5 through Saturday 23:00: the busiest and quietest hours of the week.
    const from = START + HISTORY_HOURS * HOUR_MS + 4 * 24 * HOUR_MS;
    const anomalies = judgeAll(
      { seed: 21, start: START, hours: HISTORY_HOURS + 7 * 24, users: 15 },
      from,
      48,
    );
    expect(
      anomalies.map((a) => `${a.entity.userId ?? a.entity.model ?? a.entity.appId} ${a.metric}`),
    ).toEqual([]);
  });

  it('finds the user whose token usage jumps tenfold, with the expected range and the observed value', () => {
    const burstHour = START + HISTORY_HOURS * HOUR_MS + 34 * HOUR_MS; // Tuesday 10:00
    const anomalies = judgeAll(
      {
        seed: 22,
        start: START,
        hours: HISTORY_HOURS + 48,
        users: 15,
        tokenBursts: [{ userId: 'user-3', fromHour: burstHour, hours: 1, tokenFactor: 10 }],
      },
      burstHour,
      1,
      ['user'],
    );
    const tokens = anomalies.filter((a) => a.metric === 'input_tokens');
    expect(tokens).toHaveLength(1);
    const [anomaly] = tokens;
    expect(anomaly.entity.userId).toBe('user-3');
    expect(anomaly.direction).toBe('up');
    expect(anomaly.baseline).toBe('hour_of_week');
    expect(anomaly.observed).toBeGreaterThan(anomaly.expectedHigh);
    expect(anomaly.expectedLow).toBeLessThanOrEqual(anomaly.expected);
    expect(anomaly.expected).toBeLessThan(anomaly.expectedHigh);
    expect(anomaly.score).toBeGreaterThan(0.5);
    expect(anomalies.every((a) => a.entity.userId === 'user-3')).toBe(true);
    expect(anomalies.map((a) => a.metric)).toContain('tokens_per_request');
  });

  it('finds the model whose refusal rate jumps, and only that model', () => {
    const jumpHour = START + HISTORY_HOURS * HOUR_MS + 39 * HOUR_MS; // Tuesday 15:00
    const anomalies = judgeAll(
      {
        seed: 23,
        start: START,
        hours: HISTORY_HOURS + 48,
        users: 30,
        refusalJumps: [{ model: 'model-b', fromHour: jumpHour, hours: 1, refusalRate: 0.25 }],
      },
      jumpHour,
      1,
      ['model'],
    );
    expect(anomalies.map((a) => [a.entity.model, a.metric, a.test])).toEqual([
      ['model-b', 'refusal_rate', 'robust_z'],
    ]);
    expect(anomalies[0].pValue).toBeLessThan(1e-5);
    expect(anomalies[0].expected).toBeCloseTo(0.02, 1);
  });

  it('needs counts, not just a jump in proportion: 1 refusal out of 3 requests is not an anomaly', () => {
    const history = Array.from({ length: 200 }, (_, index) => hourAt(index, { requests: 3 }));
    const current = hourAt(200, { requests: 3, refusals: 1 });
    const jump = detectBehaviourAnomalies({ entity, hours: [...history, current] }, current.hourStart, START);
    expect(jump).toEqual([]);
    const many = hourAt(200, { requests: 30, refusals: 15 });
    const burst = detectBehaviourAnomalies({ entity, hours: [...history, many] }, many.hourStart, START);
    expect(burst.map((a) => a.metric)).toEqual(expect.arrayContaining(['requests', 'refusal_rate']));
  });

  it('does not explode on a constant history: a small change stays inside the floor', () => {
    const steady = {
      requests: 20,
      inputTokens: 8000,
      outputTokens: 4000,
      latencyMsSum: 20_000,
      latencyCount: 20,
    };
    const history = Array.from({ length: 300 }, (_, index) => hourAt(index, steady));
    const current = hourAt(300, {
      requests: 24,
      inputTokens: 10_000,
      outputTokens: 4800,
      latencyMsSum: 26_000,
      latencyCount: 24,
      errors: 1,
    });
    expect(
      detectBehaviourAnomalies({ entity, hours: [...history, current] }, current.hourStart, START),
    ).toEqual([]);
  });

  it('judges nobody without enough history: a new user has no norm yet', () => {
    const hours = [hourAt(0, { requests: 2 }), hourAt(1, { requests: 500, inputTokens: 1e6 })];
    expect(detectBehaviourAnomalies({ entity, hours }, hours[1].hourStart, START)).toEqual([]);
  });

  it('reports a sustained moderate refusal rise through the EWMA when no single hour is extreme', () => {
    const history = Array.from({ length: 400 }, (_, index) =>
      hourAt(index, { requests: 100, refusals: index % 2 === 0 ? 2 : 3 }),
    );
    const recent = Array.from({ length: 6 }, (_, offset) =>
      hourAt(400 + offset, { requests: 100, refusals: 6 }),
    );
    const current = recent[recent.length - 1];
    const anomalies = detectBehaviourAnomalies(
      { entity: { kind: 'model', tenantId: 't', appId: 'a', model: 'm' }, hours: [...history, ...recent] },
      current.hourStart,
      START,
    );
    expect(anomalies.map((a) => [a.metric, a.test])).toEqual([['refusal_rate', 'ewma']]);
    expect(anomalies[0].pValue).toBeLessThan(1e-5);
  });

  it('rejects an evaluated hour that is not the start of an hour', () => {
    expect(() => detectBehaviourAnomalies({ entity, hours: [] }, START + 1, START)).toThrow(RangeError);
  });
});
