import { createEncodedPayloadDetector } from './adversarial/encoding/encoded-payload.detector';
import { createAdversarialSuffixDetector } from './adversarial/suffix/adversarial-suffix.detector';
import { createUnicodeSmugglingDetector } from './adversarial/unicode/unicode-smuggling.detector';
import { createCanaryDetector } from './canary/canary.detector';
import { DetectorRegistry } from './detector.registry';
import { createIndirectInjectionDetector, createInjectionDetector } from './injection/injection.detector';

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
  ]);
}
