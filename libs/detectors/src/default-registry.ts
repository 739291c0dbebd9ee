import { createEncodedPayloadDetector } from './adversarial/encoding/encoded-payload.detector';
import { createAdversarialSuffixDetector } from './adversarial/suffix/adversarial-suffix.detector';
import { createUnicodeSmugglingDetector } from './adversarial/unicode/unicode-smuggling.detector';
import { createCanaryDetector } from './canary/canary.detector';
import { DetectorRegistry } from './detector.registry';
import { createIndirectInjectionDetector, createInjectionDetector } from './injection/injection.detector';
import { createCrossTenantDetector } from './leakage/cross-tenant/cross-tenant.detector';
import { createOutputExfiltrationDetector } from './leakage/exfiltration/output-exfiltration.detector';
import { createPiiDetector } from './leakage/pii/pii.detector';
import { createSecretDetector } from './leakage/secret/secret.detector';
import { createSystemPromptOverlapDetector } from './leakage/system-prompt/system-prompt-overlap.detector';

/**
 * The detectors Argus ships, in the order their findings are reported. A new detector is one more
 * line here (see libs/detectors/README.md).
 */
export function defaultDetectorRegistry(): DetectorRegistry {
  return new DetectorRegistry([
    createCanaryDetector(),
    createInjectionDetector(),
    createIndirectInjectionDetector(),
    createUnicodeSmugglingDetector(),
    createEncodedPayloadDetector(),
    createAdversarialSuffixDetector(),
    createSecretDetector(),
    createPiiDetector(),
    createOutputExfiltrationDetector(),
    createCrossTenantDetector(),
    createSystemPromptOverlapDetector(),
  ]);
}
