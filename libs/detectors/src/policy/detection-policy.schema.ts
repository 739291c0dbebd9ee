import { SEVERITIES, type Severity } from '@argus/contracts';
import { z } from 'zod';
import { DETECTOR_OPTIONS_SCHEMAS } from './detector-options';
import { StoragePolicySchema } from './storage-policy.schema';

/**
 * Detection policy, version 1: which detectors run, their thresholds and options, and the canary tokens
 * of each app. A YAML or JSON file (default `deploy/policy/default-policy.yaml`), strict so that a typo
 * in a key is an error at start-up rather than a silently ignored setting.
 */

const DETECTOR_ID = /^[a-z][a-z0-9_-]*$/;

/** Canaries are matched exactly in every text: a short one would match ordinary words. */
export const MIN_CANARY_LENGTH = 12;

const Canary = z
  .string()
  .min(
    MIN_CANARY_LENGTH,
    `a canary must be at least ${MIN_CANARY_LENGTH} characters, or it matches ordinary text`,
  )
  .refine((value) => !/\s/.test(value), 'a canary must not contain white space');

const Score = z.number().min(0).max(1);

export const DetectorSettingsSchema = z.strictObject({
  enabled: z.boolean().optional(),
  /** Hits scoring below this are dropped. */
  min_score: Score.optional(),
  /** Hits below this severity are dropped. */
  min_severity: z.enum(SEVERITIES).optional(),
  /** Detector-specific settings (allowed tools, protected documents, …), validated by the detector. */
  options: z.record(z.string(), z.unknown()).optional(),
});

const DetectorSettingsMap = z
  .record(z.string().regex(DETECTOR_ID, 'a detector id: lower-case, digits, - or _'), DetectorSettingsSchema)
  .superRefine((detectors, context) => {
    for (const [id, settings] of Object.entries(detectors)) {
      const schema = DETECTOR_OPTIONS_SCHEMAS[id];
      if (schema === undefined || settings.options === undefined) continue;
      const result = schema.safeParse(settings.options);
      if (result.success) continue;
      for (const issue of result.error.issues) {
        context.addIssue({ code: 'custom', path: [id, 'options', ...issue.path], message: issue.message });
      }
    }
  });

export const ThresholdsSchema = z.strictObject({
  min_score: Score.default(0),
  min_severity: z.enum(SEVERITIES).default('info'),
});

/** Per-app thresholds: only what is set overrides (no defaults, unlike `ThresholdsSchema`). */
const ThresholdOverridesSchema = z.strictObject({
  min_score: Score.optional(),
  min_severity: z.enum(SEVERITIES).optional(),
});

export const AppPolicyEntrySchema = z.strictObject({
  tenant_id: z.string().min(1),
  /** `*` applies to every app of the tenant; an exact app entry overrides it. */
  app_id: z.string().min(1),
  canaries: z.array(Canary).default([]),
  detectors: DetectorSettingsMap.default({}),
  thresholds: ThresholdOverridesSchema.optional(),
  /** What is stored of each text field (redaction before storage); overrides field by field. */
  storage: StoragePolicySchema.optional(),
  /** Report findings in earlier turns of the conversation again (see `defaults.scan_history`). */
  scan_history: z.boolean().optional(),
});

export const DetectionPolicySchema = z
  .strictObject({
    version: z.literal(1, 'the policy format version; this build reads version 1'),
    defaults: z
      .strictObject({
        /** Canaries of every app (platform-wide markers). */
        canaries: z.array(Canary).default([]),
        detectors: DetectorSettingsMap.default({}),
        thresholds: ThresholdsSchema.default({ min_score: 0, min_severity: 'info' }),
        /** What is stored of each text field; unset fields are masked. */
        storage: StoragePolicySchema.default({}),
        /**
         * Scan and report the conversation history (input messages up to the last assistant message)
         * like the current turn. Off by default: each turn was scanned as its own event, and reporting
         * it again on every later turn floods analysts with duplicates. Turn it on for platforms that
         * send only a sample of their events. Pii, secrets and canaries in history are always found, to
         * be masked before storage.
         */
        scan_history: z.boolean().default(false),
      })
      .default({
        canaries: [],
        detectors: {},
        thresholds: { min_score: 0, min_severity: 'info' },
        storage: {},
        scan_history: false,
      }),
    apps: z.array(AppPolicyEntrySchema).default([]),
  })
  .superRefine((policy, context) => {
    const seen = new Map<string, number>();
    policy.apps.forEach((entry, index) => {
      const key = `${entry.tenant_id}\u0000${entry.app_id}`;
      const first = seen.get(key);
      if (first === undefined) seen.set(key, index);
      else {
        context.addIssue({
          code: 'custom',
          path: ['apps', index],
          message: `duplicate entry for tenant "${entry.tenant_id}" app "${entry.app_id}" (first at apps.${first})`,
        });
      }
    });
  });

export type DetectionPolicy = z.output<typeof DetectionPolicySchema>;
export type DetectionPolicyInput = z.input<typeof DetectionPolicySchema>;
export type DetectorSettings = z.output<typeof DetectorSettingsSchema>;
export type Thresholds = z.output<typeof ThresholdsSchema>;

export type ResolvedDetectorSettings = {
  readonly enabled: boolean;
  readonly min_score: number;
  readonly min_severity: Severity;
  readonly options: Readonly<Record<string, unknown>>;
};

/** The policy of one tenant's app, with defaults, the tenant-wide entry and the app entry merged. */
export type AppPolicy = {
  readonly tenant_id: string;
  readonly app_id: string;
  /** Global, tenant-wide and app canaries, without duplicates. */
  readonly canaries: readonly string[];
  readonly thresholds: Thresholds;
  /** Report findings in conversation history too (default false). */
  readonly scan_history?: boolean;
  /** Settings of the detectors the policy names; others run with `thresholds` and no options. */
  readonly detectors: Readonly<Record<string, ResolvedDetectorSettings>>;
};
