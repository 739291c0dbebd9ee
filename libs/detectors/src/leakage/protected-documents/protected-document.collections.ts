import { type DetectionPolicy } from '../../policy/detection-policy.schema';
import { type ProtectedDocument } from './protected-document.index';
import { PROTECTED_DOCUMENT_DETECTOR_ID } from './protected-document.loader';

/**
 * Protected documents kept outside the policy's files, by collection (apps/ingest reads them from the
 * ClickHouse `protected_documents` table). `version` changes whenever any collection's content does:
 * the detector re-fingerprints the documents of an index when the version it was built from is stale.
 */
export type ProtectedDocumentCollections = {
  readonly version: number;
  /** The documents of a collection (empty for a collection with no rows). */
  documents(collection: string): readonly ProtectedDocument[];
};

/** Every collection a policy names, at any level, sorted and without duplicates. */
export function protectedDocumentCollectionNames(policy: DetectionPolicy): string[] {
  const names = new Set<string>();
  for (const detectors of [policy.defaults.detectors, ...policy.apps.map((entry) => entry.detectors)]) {
    const collections = detectors[PROTECTED_DOCUMENT_DETECTOR_ID]?.options?.['collections'];
    if (!Array.isArray(collections)) continue;
    for (const name of collections) if (typeof name === 'string') names.add(name);
  }
  return [...names].sort();
}
