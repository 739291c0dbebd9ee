import { type Provider } from '@nestjs/common';
import { ARGUS_CONFIG, type ArgusConfig, ConfigError } from '@argus/config';
import { defaultPolicyPath, loadDetectionPolicy } from '@argus/detectors';
import { StorageRedactor, storagePolicyUsesHmac } from '@argus/ingestion';

export const STORAGE_REDACTOR = Symbol('STORAGE_REDACTOR');

/**
 * Redaction before storage, with the `storage` section of the same detection policy the pipeline
 * runs. A policy asking for `hmac` without a key stops start-up with the variable named.
 */
export const storageRedactorProvider: Provider = {
  provide: STORAGE_REDACTOR,
  inject: [ARGUS_CONFIG],
  useFactory: (config: ArgusConfig) => {
    const policy = loadDetectionPolicy(config.policyFile);
    if (storagePolicyUsesHmac(policy) && config.redactionHmacSecret === undefined) {
      throw new ConfigError([
        {
          variable: 'ARGUS_REDACTION_HMAC_KEY',
          message: `required: the detection policy ${config.policyFile ?? defaultPolicyPath()} stores a field as hmac`,
        },
      ]);
    }
    return new StorageRedactor({ policy, hmacKey: config.redactionHmacSecret });
  },
};
