import { type z } from 'zod';
import {
  AdversarialSuffixOptionsSchema,
  EncodedPayloadOptionsSchema,
  UnicodeSmugglingOptionsSchema,
} from '../adversarial/adversarial.options';
import { ExcessiveAgencyOptionsSchema } from '../agency/excessive-agency.options';
import { InjectionOptionsSchema } from '../injection/injection.options';
import { CrossTenantOptionsSchema } from '../leakage/cross-tenant/cross-tenant.options';
import { OutputExfiltrationOptionsSchema } from '../leakage/exfiltration/output-exfiltration.options';
import { PiiOptionsSchema } from '../leakage/pii/pii.options';
import { ProtectedDocumentOptionsSchema } from '../leakage/protected-documents/protected-document.options';
import { SystemPromptOverlapOptionsSchema } from '../leakage/system-prompt/system-prompt-overlap.options';

/**
 * `options` schemas of shipped detectors, by detector id: the policy loader checks every level's
 * options against them, so a typo or a bad value stops start-up instead of failing per event.
 * Detectors not listed here validate their options themselves.
 */
export const DETECTOR_OPTIONS_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  injection: InjectionOptionsSchema,
  indirect_injection: InjectionOptionsSchema,
  unicode_smuggling: UnicodeSmugglingOptionsSchema,
  encoded_payload: EncodedPayloadOptionsSchema,
  adversarial_suffix: AdversarialSuffixOptionsSchema,
  pii: PiiOptionsSchema,
  output_exfiltration: OutputExfiltrationOptionsSchema,
  cross_tenant_leak: CrossTenantOptionsSchema,
  system_prompt_overlap: SystemPromptOverlapOptionsSchema,
  protected_document: ProtectedDocumentOptionsSchema,
  excessive_agency: ExcessiveAgencyOptionsSchema,
};
