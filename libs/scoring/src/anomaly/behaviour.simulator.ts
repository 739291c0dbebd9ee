import { type BehaviourEntity, type EntityKind, type HourlyActivity, idleHour } from './behaviour.types';
import { DAY_MS, HOUR_MS } from './robust.baseline';

/**
 * Deterministic synthetic traffic with a weekly rhythm (busy weekday afternoons, quiet nights and
 * weekends), per-user habits and day-to-day wobble, plus injectable incidents. Used by the unit tests,
 * `test/eval/eval-anomaly.ts` and the integration test, so all three judge the same kind of traffic.
 */

export type TokenBurst = {
  readonly userId: string;
  readonly fromHour: number;
  readonly hours: number;
  /** Factor on the user's tokens per request. */
  readonly tokenFactor: number;
};

export type RefusalJump = {
  readonly model: string;
  readonly fromHour: number;
  readonly hours: number;
  /** Refusal probability per request during the jump. */
  readonly refusalRate: number;
};

export type SimulationOptions = {
  readonly seed: number;
  readonly start: number;
  readonly hours: number;
  readonly users: number;
  readonly tenantId?: string;
  readonly appId?: string;
  readonly models?: readonly string[];
  /** Mean requests per hour of a typical user at the busiest hour. */
  readonly peakRequestsPerUser?: number;
  readonly tokenBursts?: readonly TokenBurst[];
  readonly refusalJumps?: readonly RefusalJump[];
};

/** One hour of one (user, model) pair: the grain of the ClickHouse aggregate. */
export type SimulatedHour = HourlyActivity & {
  readonly tenantId: string;
  readonly appId: string;
  readonly userId: string;
  readonly model: string;
};

/** One simulated request, for tests that go through the real tables. */
export type SimulatedRequest = {
  readonly timestamp: number;
  readonly userId: string;
  readonly model: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly latencyMs: number;
  readonly error: boolean;
  readonly refusal: boolean;
  readonly toolCall: boolean;
  readonly finding: boolean;
};

/** mulberry32: small, fast, good enough for simulation, and reproducible from the seed. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function poisson(random: () => number, mean: number): number {
  if (mean > 50) return Math.max(0, Math.round(mean + Math.sqrt(mean) * normal(random)));
  const limit = Math.exp(-mean);
  let count = 0;
  let product = random();
  while (product > limit) {
    count++;
    product *= random();
  }
  return count;
}

/** Share of a user's peak activity at this hour: weekday office hours, a little at night and weekends. */
export function weeklyIntensity(hourStart: number): number {
  const date = new Date(hourStart);
  const hour = date.getUTCHours();
  const weekend = date.getUTCDay() === 0 || date.getUTCDay() === 6;
  const daytime = Math.max(0, Math.sin(((hour - 7) / 12) * Math.PI));
  return (weekend ? 0.25 : 1) * (0.04 + 0.96 * daytime);
}

type UserHabit = { id: string; peak: number; inputTokens: number; outputTokens: number; latencyMs: number };

export function simulateRequests(options: SimulationOptions): SimulatedRequest[] {
  const random = randomSource(options.seed);
  const models = options.models ?? ['model-a', 'model-b'];
  const peak = options.peakRequestsPerUser ?? 6;
  const habits: UserHabit[] = Array.from({ length: options.users }, (_, index) => ({
    id: `user-${index}`,
    peak: peak * Math.exp(0.5 * normal(random)),
    inputTokens: 400 * Math.exp(0.4 * normal(random)),
    outputTokens: 250 * Math.exp(0.4 * normal(random)),
    latencyMs: 900 * Math.exp(0.2 * normal(random)),
  }));
  const requests: SimulatedRequest[] = [];
  const dayWobble = new Map<string, number>();
  for (let hour = options.start; hour < options.start + options.hours * HOUR_MS; hour += HOUR_MS) {
    const intensity = weeklyIntensity(hour);
    for (const habit of habits) {
      const dayKey = `${habit.id}:${Math.floor(hour / DAY_MS)}`;
      if (!dayWobble.has(dayKey)) dayWobble.set(dayKey, Math.exp(0.2 * normal(random)));
      const count = poisson(random, habit.peak * intensity * (dayWobble.get(dayKey) ?? 1));
      const burst = options.tokenBursts?.find(
        (b) => b.userId === habit.id && hour >= b.fromHour && hour < b.fromHour + b.hours * HOUR_MS,
      );
      for (let index = 0; index < count; index++) {
        const model = models[random() < 0.7 ? 0 : Math.min(1, models.length - 1)];
        const jump = options.refusalJumps?.find(
          (j) => j.model === model && hour >= j.fromHour && hour < j.fromHour + j.hours * HOUR_MS,
        );
        const factor = burst?.tokenFactor ?? 1;
        requests.push({
          timestamp: hour + Math.floor(random() * HOUR_MS),
          userId: habit.id,
          model,
          inputTokens: Math.round(habit.inputTokens * factor * Math.exp(0.3 * normal(random))),
          outputTokens: Math.round(habit.outputTokens * factor * Math.exp(0.3 * normal(random))),
          latencyMs: Math.round(habit.latencyMs * Math.exp(0.25 * normal(random))),
          error: random() < 0.01,
          refusal: random() < (jump?.refusalRate ?? 0.02),
          toolCall: random() < 0.2,
          finding: random() < 0.03,
        });
      }
    }
  }
  return requests;
}

/** Requests summed to the aggregate's grain: one row per (user, model, hour). */
export function toHourlyRows(
  requests: readonly SimulatedRequest[],
  tenantId = 'tenant-sim',
  appId = 'app-sim',
): SimulatedHour[] {
  const rows = new Map<string, SimulatedHour>();
  for (const request of requests) {
    const hourStart = request.timestamp - (request.timestamp % HOUR_MS);
    const key = `${request.userId}|${request.model}|${hourStart}`;
    const row = rows.get(key) ?? {
      tenantId,
      appId,
      userId: request.userId,
      model: request.model,
      ...idleHour(hourStart),
    };
    rows.set(key, {
      ...row,
      requests: row.requests + 1,
      inputTokens: row.inputTokens + request.inputTokens,
      outputTokens: row.outputTokens + request.outputTokens,
      latencyMsSum: row.latencyMsSum + request.latencyMs,
      latencyCount: row.latencyCount + 1,
      errors: row.errors + Number(request.error),
      refusals: row.refusals + Number(request.refusal),
      toolCalls: row.toolCalls + Number(request.toolCall),
      withFindings: row.withFindings + Number(request.finding),
    });
  }
  return [...rows.values()];
}

export function simulateHourlyRows(options: SimulationOptions): SimulatedHour[] {
  return toHourlyRows(simulateRequests(options), options.tenantId, options.appId);
}

/** The entity a fine-grained row belongs to, for each kind. */
export function entityOf(row: Omit<SimulatedHour, keyof HourlyActivity>, kind: EntityKind): BehaviourEntity {
  switch (kind) {
    case 'user':
      return { kind, tenantId: row.tenantId, appId: row.appId, userId: row.userId };
    case 'app':
      return { kind, tenantId: row.tenantId, appId: row.appId };
    case 'model':
      return { kind, tenantId: row.tenantId, appId: row.appId, model: row.model };
  }
}

export function entityKey(entity: BehaviourEntity): string {
  return [entity.kind, entity.tenantId, entity.appId, entity.model ?? '', entity.userId ?? ''].join('\u001f');
}

/** Sums fine-grained rows into one hourly series per entity of the given kind (what the job's SQL does). */
export function rollUp(
  rows: readonly SimulatedHour[],
  kind: EntityKind,
): Map<string, { entity: BehaviourEntity; hours: HourlyActivity[] }> {
  const series = new Map<string, { entity: BehaviourEntity; byHour: Map<number, HourlyActivity> }>();
  for (const row of rows) {
    const entity = entityOf(row, kind);
    const key = entityKey(entity);
    const entry = series.get(key) ?? { entity, byHour: new Map<number, HourlyActivity>() };
    series.set(key, entry);
    const previous = entry.byHour.get(row.hourStart);
    entry.byHour.set(row.hourStart, previous ? addActivity(previous, row) : pickActivity(row));
  }
  return new Map(
    [...series].map(([key, entry]) => [key, { entity: entry.entity, hours: [...entry.byHour.values()] }]),
  );
}

function pickActivity(row: HourlyActivity): HourlyActivity {
  return {
    hourStart: row.hourStart,
    requests: row.requests,
    inputTokens: row.inputTokens,
    outputTokens: row.outputTokens,
    latencyMsSum: row.latencyMsSum,
    latencyCount: row.latencyCount,
    errors: row.errors,
    refusals: row.refusals,
    toolCalls: row.toolCalls,
    withFindings: row.withFindings,
  };
}

export function addActivity(left: HourlyActivity, right: HourlyActivity): HourlyActivity {
  return {
    hourStart: left.hourStart,
    requests: left.requests + right.requests,
    inputTokens: left.inputTokens + right.inputTokens,
    outputTokens: left.outputTokens + right.outputTokens,
    latencyMsSum: left.latencyMsSum + right.latencyMsSum,
    latencyCount: left.latencyCount + right.latencyCount,
    errors: left.errors + right.errors,
    refusals: left.refusals + right.refusals,
    toolCalls: left.toolCalls + right.toolCalls,
    withFindings: left.withFindings + right.withFindings,
  };
}
