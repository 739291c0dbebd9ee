import { CATEGORIES, SEVERITIES } from '@argus/contracts';
import { z } from 'zod';

/**
 * The alert policy file (version 1), validated at start-up. The shipped default is
 * `deploy/policy/alert-policy.yaml`, which documents every key. `strict` objects: a misspelt key is an
 * error naming its path, not a setting silently ignored.
 */

const DURATION_UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30s`, `5m`, `1h`, `250ms`, `1d`, or a number of seconds. */
export const DurationSchema = z
  .union([
    z.number().positive(),
    z.string().regex(/^\d+(\.\d+)?(ms|s|m|h|d)$/, 'a duration like 30s, 5m, 1h'),
  ])
  .transform((value) => {
    if (typeof value === 'number') return Math.round(value * 1000);
    const [, amount, unit] = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value)!;
    return Math.round(Number(amount) * DURATION_UNITS[unit as keyof typeof DURATION_UNITS]);
  })
  .refine((ms) => ms >= 1, 'must be at least 1 ms');

/** Fields a group (de-duplication) key can be built from. */
export const GROUP_FIELDS = [
  'tenant',
  'app',
  'category',
  'rule',
  'detector',
  'entity',
  'user',
  'conversation',
] as const;
export type GroupField = (typeof GROUP_FIELDS)[number];

const severity = z.enum(SEVERITIES);
/** Exact names or globs (`*` any run of characters, `?` one character). */
const patterns = z.array(z.string().min(1)).min(1);

const MatchSchema = z
  .strictObject({
    categories: z.array(z.enum(CATEGORIES)).min(1).optional(),
    min_severity: severity.optional(),
    min_score: z.number().min(0).max(1).optional(),
    tenants: patterns.optional(),
    apps: patterns.optional(),
    /** Matched against the finding's `attributes.model` (or `request_model` / `response_model`). */
    models: patterns.optional(),
    entities: patterns.optional(),
    detectors: patterns.optional(),
    rule_ids: patterns.optional(),
  })
  .default({});

const GroupingSchema = z.strictObject({
  group_by: z
    .array(z.enum(GROUP_FIELDS))
    .min(1)
    .refine((fields) => new Set(fields).size === fields.length, 'fields must not repeat')
    .optional(),
  window: DurationSchema.optional(),
  /** Re-alert when a group has grown by this factor since its last alert; 0 turns escalation off. */
  escalation_factor: z
    .number()
    .refine((factor) => factor === 0 || factor > 1, '0 (off) or greater than 1')
    .optional(),
  /** At most this many escalation alerts per group window. */
  max_escalations: z.number().int().min(0).optional(),
});

const RuleSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (at most 64)'),
  match: MatchSchema,
  /** `drop`: matching findings raise no alert (counted in metrics). */
  action: z.enum(['alert', 'drop']).default('alert'),
  /** Severity of the alert; unset: the finding's own severity. */
  severity: severity.optional(),
  /** Sink names to notify; `*` (the default) means every configured sink. */
  sinks: z.array(z.string().min(1)).min(1).default(['*']),
  grouping: GroupingSchema.optional(),
});

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM (24 h)');

const MuteSchema = z
  .strictObject({
    name: z.string().min(1),
    tenants: patterns.default(['*']),
    apps: patterns.default(['*']),
    categories: z.array(z.enum(CATEGORIES)).min(1).optional(),
    /** Absolute window: both RFC 3339 times. */
    from: z.iso.datetime({ offset: true }).optional(),
    until: z.iso.datetime({ offset: true }).optional(),
    /** Recurring window: every listed day from `start` to `end` (across midnight when end < start). */
    recurring: z
      .strictObject({
        days: z
          .array(z.enum(WEEKDAYS))
          .min(1)
          .default([...WEEKDAYS]),
        start: clock,
        end: clock,
        /** IANA time zone of start/end; default UTC. */
        timezone: z
          .string()
          .refine((zone) => isTimeZone(zone), 'an IANA time zone such as Europe/Paris')
          .default('UTC'),
      })
      .optional(),
  })
  .superRefine((mute, context) => {
    const absolute = mute.from !== undefined || mute.until !== undefined;
    if (absolute && (mute.from === undefined || mute.until === undefined))
      context.addIssue({ code: 'custom', message: 'from and until go together', path: ['until'] });
    if (absolute && mute.recurring !== undefined)
      context.addIssue({ code: 'custom', message: 'use either from/until or recurring, not both' });
    if (!absolute && mute.recurring === undefined)
      context.addIssue({ code: 'custom', message: 'needs from/until or recurring' });
    if (
      mute.from !== undefined &&
      mute.until !== undefined &&
      Date.parse(mute.from) >= Date.parse(mute.until)
    )
      context.addIssue({ code: 'custom', message: 'must be after from', path: ['until'] });
  });

const SinkSettingsSchema = z.strictObject({
  /** Alerts below this severity are not sent to this sink. */
  min_severity: severity.optional(),
  /** Token bucket: sustained sends per second and burst. Excess waits (deferred), it is never dropped. */
  rate_limit: z
    .strictObject({ per_second: z.number().positive(), burst: z.number().int().min(1) })
    .optional(),
  /** Open after `failures` consecutive failures; probe again after `cooldown`. */
  circuit_breaker: z.strictObject({ failures: z.number().int().min(1), cooldown: DurationSchema }).optional(),
});

export const AlertPolicySchema = z.strictObject({
  version: z.literal(1),
  /** Grouping settings used by every rule that does not override them. */
  grouping: z
    .strictObject({
      group_by: z
        .array(z.enum(GROUP_FIELDS))
        .min(1)
        .default(['tenant', 'app', 'category', 'rule', 'entity', 'user', 'conversation']),
      window: DurationSchema.default(300_000),
      escalation_factor: z
        .number()
        .refine((factor) => factor === 0 || factor > 1, '0 (off) or greater than 1')
        .default(10),
      max_escalations: z.number().int().min(0).default(3),
      /** Finding and event ids kept on a grouped alert (the count is exact, the list is capped). */
      max_ids: z.number().int().min(1).max(10_000).default(100),
    })
    .default({
      group_by: ['tenant', 'app', 'category', 'rule', 'entity', 'user', 'conversation'],
      window: 300_000,
      escalation_factor: 10,
      max_escalations: 3,
      max_ids: 100,
    }),
  /** Per sink name; the `*` entry applies to every sink, a named entry overrides it field by field. */
  sinks: z.record(z.string().min(1), SinkSettingsSchema).default({}),
  /** First matching rule wins; a finding no rule matches raises no alert. */
  rules: z
    .array(RuleSchema)
    .min(1)
    .superRefine((rules, context) => {
      const seen = new Set<string>();
      rules.forEach((rule, index) => {
        if (seen.has(rule.name))
          context.addIssue({
            code: 'custom',
            message: `duplicate rule name "${rule.name}"`,
            path: [index, 'name'],
          });
        seen.add(rule.name);
      });
    }),
  mute: z.array(MuteSchema).default([]),
});

export type AlertPolicyDocument = z.output<typeof AlertPolicySchema>;
export type AlertRuleDocument = AlertPolicyDocument['rules'][number];
export type MuteDocument = AlertPolicyDocument['mute'][number];
export type SinkSettingsDocument = z.output<typeof SinkSettingsSchema>;

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
