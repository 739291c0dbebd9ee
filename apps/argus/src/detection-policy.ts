import { type ArgusConfig, ConfigError } from '@argus/config';
import {
  type DetectionPolicy,
  DetectionPolicyError,
  defaultPolicyPath,
  loadDetectionPolicy,
} from '@argus/detectors';
import { storagePolicyUsesHmac } from '@argus/ingestion';

export const DETECTION_POLICY = Symbol('DETECTION_POLICY');

/** The apps that run detection: ingest, and the api when it serves the inline guard. */
export function detectionPolicyNeeded(config: ArgusConfig): boolean {
  return config.apps.includes('ingest') || (config.apps.includes('api') && config.api.guard.enabled);
}

/**
 * Loads and checks the detection policy once, before Nest starts, so a bad policy file or a policy that
 * needs a missing secret is a configuration error (exit status 2) like a bad variable, not a crash in a
 * provider. The pipeline and the storage redactor share this one parsed policy.
 */
export function loadCheckedDetectionPolicy(config: ArgusConfig): DetectionPolicy {
  const file = config.policyFile ?? defaultPolicyPath();
  let policy: DetectionPolicy;
  try {
    policy = loadDetectionPolicy(config.policyFile);
  } catch (error) {
    if (error instanceof DetectionPolicyError) {
      throw new ConfigError([{ variable: 'ARGUS_POLICY_FILE', message: error.message }]);
    }
    throw error;
  }
  if (storagePolicyUsesHmac(policy) && config.redactionHmacSecret === undefined) {
    throw new ConfigError([
      {
        variable: 'ARGUS_REDACTION_HMAC_KEY',
        message: `required: the detection policy ${file} stores a field as hmac`,
      },
    ]);
  }
  return policy;
}
