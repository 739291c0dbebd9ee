import { TelemetryEventSchema, type TelemetryEventInputShape } from '@argus/contracts';
import {
  DetectionPipeline,
  defaultDetectorRegistry,
  loadDetectionPolicy,
  resolveAppPolicy,
} from '@argus/detectors';
import { ATTACK_KINDS } from './scenarios';
import {
  type GeneratorOptions,
  SYNTHETIC_EXPECT_DETECTORS,
  SYNTHETIC_LABEL,
  generateTelemetry,
} from './telemetry.generator';

const policy = loadDetectionPolicy();
const options = (overrides: Partial<GeneratorOptions> = {}): GeneratorOptions => ({
  count: 2000,
  attackRate: 0.3,
  seed: 'spec',
  start: new Date('2025-06-02T09:00:00Z'),
  ratePerSecond: 5,
  canaries: (tenantId, appId) => resolveAppPolicy(policy, tenantId, appId).canaries,
  ...overrides,
});
const generate = (overrides: Partial<GeneratorOptions> = {}) => [...generateTelemetry(options(overrides))];
const labelOf = (event: TelemetryEventInputShape) => event.attributes?.[SYNTHETIC_LABEL];

describe('generateTelemetry', () => {
  const events = generate();

  it('is deterministic for a seed and start, and differs for another seed', () => {
    const again = generate({ count: 300 });
    expect(JSON.stringify(again)).toBe(JSON.stringify(events.slice(0, 300)));
    const other = generate({ count: 300, seed: 'other' });
    expect(other.map((event) => event.event_id)).not.toEqual(again.map((event) => event.event_id));
  });

  it('produces valid telemetry v1 events with unique ids and increasing timestamps', () => {
    for (const event of events) {
      const parsed = TelemetryEventSchema.safeParse(event);
      if (!parsed.success) throw new Error(`${event.event_id}: ${parsed.error.message}`);
    }
    expect(new Set(events.map((event) => event.event_id)).size).toBe(events.length);
    const times = events.map((event) => Date.parse(event.timestamp));
    expect(times.every((time, index) => index === 0 || time >= times[index - 1])).toBe(true);
    expect(events[0].timestamp).toBe('2025-06-02T09:00:00.000Z');
    // 2000 events at 5/s span about 400 s.
    expect((times[times.length - 1] - times[0]) / 1000).toBeGreaterThan(300);
    expect((times[times.length - 1] - times[0]) / 1000).toBeLessThan(500);
  });

  it('covers tenants, apps, models and interaction shapes', () => {
    const distinct = (values: unknown[]) => new Set(values);
    expect(distinct(events.map((event) => event.tenant_id))).toEqual(
      new Set(['acme-bank', 'globex-trading', 'umbrella-wealth']),
    );
    expect(distinct(events.map((event) => event.app_id))).toEqual(
      new Set(['support-chat', 'research-rag', 'trade-agent']),
    );
    expect(distinct(events.map((event) => event.request_model))).toEqual(
      new Set(['gpt-4o', 'claude-sonnet-4', 'gemini-2.5-pro']),
    );
    expect(distinct(events.map((event) => event.provider))).toEqual(
      new Set(['openai', 'anthropic', 'gcp.gemini']),
    );
    expect(events.some((event) => (event.retrieval?.length ?? 0) > 0)).toBe(true);
    expect(events.some((event) => event.output_messages?.[0]?.parts[0]?.type === 'tool_call')).toBe(true);
    expect(events.some((event) => event.input_messages?.some((message) => message.role === 'tool'))).toBe(
      true,
    );
    expect(events.some((event) => (event.input_messages?.length ?? 0) > 2)).toBe(true);
    expect(events.filter((event) => event.error !== undefined).length).toBeGreaterThan(0);
    const conversations = new Map<string, number>();
    for (const event of events)
      conversations.set(event.conversation_id!, (conversations.get(event.conversation_id!) ?? 0) + 1);
    expect([...conversations.values()].some((turns) => turns > 1)).toBe(true);
    const crossTenant = events.filter((event) =>
      event.retrieval?.some((document) => document.tenant_id !== event.tenant_id),
    );
    expect(crossTenant.length).toBeGreaterThan(0);
    expect(crossTenant.every((event) => labelOf(event) === 'cross_tenant_leak')).toBe(true);
  });

  it('labels every event and covers every attack kind at about the requested rate', () => {
    const labels = events.map(labelOf);
    expect(new Set(labels)).toEqual(new Set(['benign', ...ATTACK_KINDS]));
    const attackShare = labels.filter((label) => label !== 'benign').length / labels.length;
    expect(attackShare).toBeGreaterThan(0.25);
    expect(attackShare).toBeLessThan(0.35);
    expect(generate({ count: 500, attackRate: 0 }).every((event) => labelOf(event) === 'benign')).toBe(true);
  });

  it('varies the text: dozens of distinct user messages and answers', () => {
    const userTexts = new Set(events.map((event) => JSON.stringify(event.input_messages?.at(-1)?.parts)));
    expect(userTexts.size).toBeGreaterThan(500);
  });

  it('keeps events around a few kilobytes', () => {
    const sizes = events.map((event) => JSON.stringify(event).length);
    const mean = sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
    expect(mean).toBeGreaterThan(1000);
    expect(mean).toBeLessThan(6000);
    expect(Math.max(...sizes)).toBeLessThan(20000);
  });

  it('fires exactly the detectors its labels expect: canary on leaks, injection detectors on attacks, nothing on benign events', () => {
    const pipeline = new DetectionPipeline({ registry: defaultDetectorRegistry(), policy });
    const mismatches: string[] = [];
    let expectedCanary = 0;
    let expectedInjection = 0;
    let expectedIndirect = 0;
    for (const event of events) {
      const expected = String(event.attributes?.[SYNTHETIC_EXPECT_DETECTORS] ?? '')
        .split(',')
        .filter(Boolean);
      const fired = [
        ...new Set(
          pipeline.run(TelemetryEventSchema.parse(event)).findings.map((finding) => finding.detector),
        ),
      ];
      if (expected.includes('canary')) expectedCanary++;
      if (expected.includes('injection')) expectedInjection++;
      if (expected.includes('indirect_injection')) expectedIndirect++;
      if (JSON.stringify(fired.sort()) !== JSON.stringify(expected.sort())) {
        mismatches.push(
          `${event.event_id} ${String(labelOf(event))} expected [${expected.join()}] got [${fired.join()}]`,
        );
      }
    }
    expect(mismatches).toEqual([]);
    expect(expectedCanary).toBeGreaterThan(20);
    expect(expectedInjection).toBeGreaterThan(50);
    expect(expectedIndirect).toBeGreaterThan(20);
  });
});
