import { type Severity } from '@argus/contracts';
import { type Detector, type DetectorContext, type DetectorHit, type TextSegment } from '../../detector';
import { detectorSettings, resolveAppPolicy } from '../../policy/app-policy.resolver';
import { type DetectionPolicy } from '../../policy/detection-policy.schema';
import {
  ProtectedDocumentIndex,
  type ProtectedDocument,
  type ProtectedDocumentMatch,
} from './protected-document.index';
import { PROTECTED_DOCUMENT_DETECTOR_ID, readProtectedDocuments } from './protected-document.loader';
import {
  type ProtectedDocumentOptions,
  ProtectedDocumentOptionsSchema,
  protectedDocumentOptions,
} from './protected-document.options';

export { PROTECTED_DOCUMENT_DETECTOR_ID } from './protected-document.loader';

export type ProtectedDocumentDetectorDeps = {
  /** Reads the documents of one configured path (default: files, see `readProtectedDocuments`). */
  readDocuments?: (path: string) => readonly ProtectedDocument[];
  /** Options (as in the policy) whose documents are indexed now rather than on first use. */
  preload?: readonly Readonly<Record<string, unknown>>[];
};

/** Words of evidence shown: enough to recognise the passage, never an excerpt worth leaking. */
const EVIDENCE_WORDS = 3;

/**
 * Confidential-document and training-data regurgitation (OWASP LLM02): an output or tool call that
 * reproduces a long run of words of a registered document. Documents are read and fingerprinted once
 * per distinct set of paths and fingerprinting options (at construction for `preload`, else on the
 * first event of an app using them), never per event. Idle when the policy names no documents.
 */
export function createProtectedDocumentDetector(deps: ProtectedDocumentDetectorDeps = {}): Detector {
  const readDocuments = deps.readDocuments ?? readProtectedDocuments;
  const indexes = new Map<string, ProtectedDocumentIndex>();
  const indexFor = (options: ProtectedDocumentOptions): ProtectedDocumentIndex | undefined => {
    if (options.paths.length === 0) return undefined;
    const key = JSON.stringify([
      options.paths,
      options.min_words,
      options.boilerplate_share,
      options.boilerplate_min_documents,
    ]);
    let index = indexes.get(key);
    if (index === undefined) {
      index = new ProtectedDocumentIndex({
        minWords: options.min_words,
        boilerplateShare: options.boilerplate_share,
        boilerplateMinDocuments: options.boilerplate_min_documents,
      });
      for (const path of options.paths) for (const document of readDocuments(path)) index.add(document);
      indexes.set(key, index.freeze());
    }
    return index;
  };
  for (const raw of deps.preload ?? []) indexFor(ProtectedDocumentOptionsSchema.parse(raw));

  return {
    id: PROTECTED_DOCUMENT_DETECTOR_ID,
    version: '1.0.0',
    description: 'Outputs that reproduce a long span of a registered protected document.',
    detectSegment(segment: TextSegment, context: DetectorContext): DetectorHit[] {
      const options = protectedDocumentOptions(context.settings.options);
      if (!(options.fields as readonly string[]).includes(segment.location.field)) return [];
      const index = indexFor(options);
      if (index === undefined) return [];
      return index
        .match(segment.text, options.max_scan_words)
        .map((match) => hitFor(match, segment, options));
    },
  };
}

function hitFor(
  match: ProtectedDocumentMatch,
  segment: TextSegment,
  options: ProtectedDocumentOptions,
): DetectorHit {
  const percent = `${(match.share * 100).toFixed(0)}%`;
  const named =
    match.title === undefined ? `"${match.documentId}"` : `"${match.documentId}" (${match.title})`;
  const where = segment.location.field === 'output' ? 'The model output' : 'A tool call';
  return {
    rule_id: `${PROTECTED_DOCUMENT_DETECTOR_ID}.${segment.location.field}`,
    category: 'training_data_leak',
    severity: severityOf(match, options),
    score: Math.min(1, 0.6 + 0.4 * Math.max(match.share, Math.min(1, match.words / (8 * options.min_words)))),
    confidence: Math.min(1, 0.7 + (0.3 * match.words) / (2 * options.min_words)),
    location: { ...segment.location, start: match.start, end: match.end },
    evidence: `${firstWords(segment.text.slice(match.start, match.end))} … [${match.words}+ words of protected document ${match.documentId}, ${percent} of it]`,
    message:
      `${where} reproduces at least ${match.words} consecutive words of protected document ${named}, ` +
      `${percent} of its ${match.documentWords} words: confidential or training data was disclosed.`,
    attributes: {
      document_id: match.documentId,
      ...(match.title === undefined ? {} : { document_title: match.title }),
      words: match.words,
      document_words: match.documentWords,
      share: Number(match.share.toFixed(3)),
    },
  };
}

function severityOf(match: ProtectedDocumentMatch, options: ProtectedDocumentOptions): Severity {
  if (match.share >= options.critical_share) return 'critical';
  if (match.share >= 0.2 || match.words >= 4 * options.min_words) return 'high';
  return 'medium';
}

function firstWords(text: string): string {
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  return words.slice(0, EVIDENCE_WORDS).join(' ').slice(0, 60);
}

/**
 * The `protected_document` options of every app a policy names (and of the defaults), as resolved for
 * events: pass them as `preload` so documents are indexed when the detector is built, not on an
 * app's first event.
 */
export function protectedDocumentPreload(policy: DetectionPolicy): Readonly<Record<string, unknown>>[] {
  const apps = [
    { tenant_id: '\u0000', app_id: '\u0000' },
    ...policy.apps.map((entry) => ({ tenant_id: entry.tenant_id, app_id: entry.app_id })),
  ];
  return apps
    .map((app) =>
      detectorSettings(resolveAppPolicy(policy, app.tenant_id, app.app_id), PROTECTED_DOCUMENT_DETECTOR_ID),
    )
    .filter((settings) => settings.enabled)
    .map((settings) => settings.options);
}
