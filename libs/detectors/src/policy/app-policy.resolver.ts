import {
  type AppPolicy,
  type DetectionPolicy,
  type DetectorSettings,
  type ResolvedDetectorSettings,
  type Thresholds,
} from './detection-policy.schema';

/**
 * Merges, from least to most specific: `defaults`, the tenant's `app_id: '*'` entry, the exact app
 * entry. Canaries add up; settings override field by field; a detector's own `min_score` /
 * `min_severity` win over the generic `thresholds` at any level.
 */
export function resolveAppPolicy(policy: DetectionPolicy, tenantId: string, appId: string): AppPolicy {
  const tenantWide = policy.apps.find((entry) => entry.tenant_id === tenantId && entry.app_id === '*');
  const exact =
    appId === '*'
      ? undefined
      : policy.apps.find((entry) => entry.tenant_id === tenantId && entry.app_id === appId);
  const levels = [tenantWide, exact].filter((entry) => entry !== undefined);

  const thresholds: Thresholds = { ...policy.defaults.thresholds };
  for (const level of levels) Object.assign(thresholds, withoutUndefined(level.thresholds ?? {}));

  const merged = new Map<string, DetectorSettings>();
  for (const settingsById of [policy.defaults.detectors, ...levels.map((level) => level.detectors)]) {
    for (const [id, settings] of Object.entries(settingsById)) {
      const previous = merged.get(id) ?? {};
      merged.set(id, {
        ...previous,
        ...withoutUndefined(settings),
        options: { ...previous.options, ...settings.options },
      });
    }
  }
  const detectors: Record<string, ResolvedDetectorSettings> = {};
  for (const [id, settings] of merged) detectors[id] = resolveSettings(settings, thresholds);

  const canaries = new Set(policy.defaults.canaries);
  for (const level of levels) for (const canary of level.canaries) canaries.add(canary);

  let scanHistory = policy.defaults.scan_history;
  for (const level of levels) scanHistory = level.scan_history ?? scanHistory;

  return {
    tenant_id: tenantId,
    app_id: appId,
    canaries: [...canaries],
    thresholds,
    scan_history: scanHistory,
    detectors,
  };
}

/** Settings of a detector in an app policy; a detector the policy does not name is enabled. */
export function detectorSettings(policy: AppPolicy, detectorId: string): ResolvedDetectorSettings {
  return policy.detectors[detectorId] ?? resolveSettings({}, policy.thresholds);
}

function resolveSettings(settings: DetectorSettings, thresholds: Thresholds): ResolvedDetectorSettings {
  return {
    enabled: settings.enabled ?? true,
    min_score: settings.min_score ?? thresholds.min_score,
    min_severity: settings.min_severity ?? thresholds.min_severity,
    options: settings.options ?? {},
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
