import { createExcessiveAgencyDetector } from './agency/excessive-agency.detector';
import { createEncodedPayloadDetector } from './adversarial/encoding/encoded-payload.detector';
import { createAdversarialSuffixDetector } from './adversarial/suffix/adversarial-suffix.detector';
import { createUnicodeSmugglingDetector } from './adversarial/unicode/unicode-smuggling.detector';
import { createCanaryDetector } from './canary/canary.detector';
import { DetectorRegistry } from './detector.registry';
import { createIndirectInjectionDetector, createInjectionDetector } from './injection/injection.detector';
import { createCrossTenantDetector } from './leakage/cross-tenant/cross-tenant.detector';
import { createOutputExfiltrationDetector } from './leakage/exfiltration/output-exfiltration.detector';
import { createPiiDetector } from './leakage/pii/pii.detector';
import {
  createProtectedDocumentDetector,
  protectedDocumentPreload,
} from './leakage/protected-documents/protected-document.detector';
import { type ProtectedDocumentCollections } from './leakage/protected-documents/protected-document.collections';
import { createSecretDetector } from './leakage/secret/secret.detector';
import { createSystemPromptOverlapDetector } from './leakage/system-prompt/system-prompt-overlap.detector';
import { type DetectionPolicy } from './policy/detection-policy.schema';

/**
 * The detectors Argus ships, in the order their findings are reported. A new detector is one more
 * line here (see libs/detectors/README.md). With the policy, data the detectors need (protected
 * documents) is loaded now rather than on the first event that needs it.
 */
export type DefaultRegistryDeps = {
  /** Protected documents of the policy's `collections` (apps/ingest reads them from ClickHouse). */
  protectedDocumentCollections?: ProtectedDocumentCollections;
};

export function defaultDetectorRegistry(
  policy?: DetectionPolicy,
  deps: DefaultRegistryDeps = {},
): DetectorRegistry {
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
    createExcessiveAgencyDetector(),
    createProtectedDocumentDetector({
      preload: policy === undefined ? [] : protectedDocumentPreload(policy),
      ...(deps.protectedDocumentCollections !== undefined
        ? { collections: deps.protectedDocumentCollections }
        : {}),
    }),
  ]);
}
