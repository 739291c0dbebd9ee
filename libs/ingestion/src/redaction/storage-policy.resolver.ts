import {
  type DetectionPolicy,
  STORAGE_FIELDS,
  type StorageAction,
  type StorageField,
  type StoragePolicy,
  type StoragePolicyOverrides,
} from '@argus/detectors';

/** What a field gets when no level of the policy sets it: detected PII and secrets are masked. */
export const DEFAULT_STORAGE_ACTION: StorageAction = 'mask';

/**
 * The storage policy of one tenant's app: `defaults.storage`, then the tenant's `app_id: '*'` entry,
 * then the exact app entry, field by field (the same precedence as detector settings).
 */
export function resolveStoragePolicy(
  policy: DetectionPolicy,
  tenantId: string,
  appId: string,
): StoragePolicy {
  const levels: (StoragePolicyOverrides | undefined)[] = [
    policy.defaults.storage,
    policy.apps.find((entry) => entry.tenant_id === tenantId && entry.app_id === '*')?.storage,
    appId === '*'
      ? undefined
      : policy.apps.find((entry) => entry.tenant_id === tenantId && entry.app_id === appId)?.storage,
  ];
  const resolved = {} as Record<StorageField, StorageAction>;
  for (const field of STORAGE_FIELDS) {
    let action = DEFAULT_STORAGE_ACTION;
    for (const level of levels) action = level?.[field] ?? action;
    resolved[field] = action;
  }
  return resolved;
}

/** Whether any level of the policy asks for `hmac`, which then needs ARGUS_REDACTION_HMAC_KEY. */
export function storagePolicyUsesHmac(policy: DetectionPolicy): boolean {
  const levels = [policy.defaults.storage, ...policy.apps.map((entry) => entry.storage)];
  return levels.some((level) => level !== undefined && Object.values(level).includes('hmac'));
}
