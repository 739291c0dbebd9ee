import { type TelemetryEvent } from '@argus/contracts';
import { type Detector, type DetectorContext, type DetectorHit } from '../../detector';
import { crossTenantOptions } from './cross-tenant.options';

export const CROSS_TENANT_DETECTOR_ID = 'cross_tenant_leak';

/**
 * Retrieved context the app must not use (OWASP LLM08, ATLAS AML.T0085): a document of another tenant
 * (a broken filter in a shared vector index) or classified above what the app may put in front of
 * the model (policy `max_classification` over ordered `levels`). One finding per document and reason.
 * Ids and levels are metadata, not content, so evidence names them.
 */
export function createCrossTenantDetector(): Detector {
  return {
    id: CROSS_TENANT_DETECTOR_ID,
    version: '1.0.0',
    description: 'Retrieved documents of another tenant or above the classification the app may use.',
    detectEvent(event: TelemetryEvent, context: DetectorContext): DetectorHit[] {
      const documents = event.retrieval ?? [];
      if (documents.length === 0) return [];
      const options = crossTenantOptions(context.settings.options);
      const maxLevel =
        options.max_classification === undefined ? -1 : options.levels.indexOf(options.max_classification);
      const hits: DetectorHit[] = [];
      for (const document of documents) {
        const location = { field: 'retrieval' as const, document: document.document_id };
        const owner = document.tenant_id;
        if (owner !== undefined && owner !== event.tenant_id && !options.shared_tenants.includes(owner)) {
          hits.push({
            rule_id: `${CROSS_TENANT_DETECTOR_ID}.foreign_tenant`,
            category: 'cross_tenant_leak',
            severity: 'critical',
            score: 0.95,
            confidence: 1,
            location,
            evidence: `document ${document.document_id} of tenant ${owner} in an event of tenant ${event.tenant_id}`,
            message:
              `Retrieved document "${document.document_id}" belongs to tenant ${owner}, not ${event.tenant_id}: ` +
              'the retrieval filter let another customer’s data into the model’s context.',
            attributes: { document_tenant: owner, event_tenant: event.tenant_id },
          });
        } else if (owner === undefined && options.report_missing_tenant) {
          hits.push({
            rule_id: `${CROSS_TENANT_DETECTOR_ID}.missing_tenant`,
            category: 'cross_tenant_leak',
            severity: 'low',
            score: 0.3,
            confidence: 0.5,
            location,
            evidence: `document ${document.document_id} without tenant_id`,
            message: `Retrieved document "${document.document_id}" carries no tenant_id, so its owner cannot be checked.`,
          });
        }
        if (maxLevel >= 0 && document.classification !== undefined) {
          const level = options.levels.indexOf(document.classification);
          // An unknown label is treated as the most sensitive level: fail closed.
          const effective = level === -1 ? options.levels.length - 1 : level;
          if (effective > maxLevel) {
            const over = effective - maxLevel;
            hits.push({
              rule_id: `${CROSS_TENANT_DETECTOR_ID}.classification`,
              category: 'cross_tenant_leak',
              severity: over >= 2 ? 'critical' : 'high',
              score: over >= 2 ? 0.9 : 0.75,
              confidence: level === -1 ? 0.6 : 1,
              location,
              evidence: `document ${document.document_id} classified ${document.classification} > ${options.max_classification ?? ''}`,
              message:
                `Retrieved document "${document.document_id}" is classified "${document.classification}"` +
                `${level === -1 ? ' (unknown level, treated as the highest)' : ''}, above "${options.max_classification ?? ''}", the most this app may use.`,
              attributes: {
                classification: document.classification,
                max_classification: options.max_classification ?? '',
              },
            });
          }
        }
      }
      return hits;
    },
  };
}
