import { type Provider } from '@nestjs/common';
import { ARGUS_CONFIG, type ArgusConfig } from '@argus/config';
import { type DetectionPolicy } from '@argus/detectors';
import { StorageRedactor } from '@argus/ingestion';
import { DETECTION_POLICY } from '../../argus/src/detection-policy';

export const STORAGE_REDACTOR = Symbol('STORAGE_REDACTOR');

/**
 * Redaction before storage, with the `storage` section of the same detection policy the pipeline runs
 * (loaded and checked once at start-up: a policy asking for `hmac` without a key never gets here).
 */
export const storageRedactorProvider: Provider = {
  provide: STORAGE_REDACTOR,
  inject: [ARGUS_CONFIG, DETECTION_POLICY],
  useFactory: (config: ArgusConfig, policy: DetectionPolicy) =>
    new StorageRedactor({ policy, hmacKey: config.redactionHmacSecret }),
};
