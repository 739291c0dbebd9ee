import { type Severity } from '@argus/contracts';
import { type Detector, type DetectorContext, type DetectorHit, type TextSegment } from '../../detector';
import { DetectorsError } from '../../detectors.error';
import { detectorSettings, resolveAppPolicy } from '../../policy/app-policy.resolver';
import { type DetectionPolicy } from '../../policy/detection-policy.schema';
import { type ProtectedDocumentCollections } from './protected-document.collections';
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
  /** Documents of the policy's `collections` (apps/ingest: the ClickHouse table). */
  collections?: ProtectedDocumentCollections;
  /** Options (as in the policy) whose documents are indexed now rather than on first use. */
  preload?: readonly Readonly<Record<string, unknown>>[];
};

/** The detector, and a way to re-fingerprint stale indexes now (after collections changed). */
export type ProtectedDocumentDetector = Detector & {
  /** Rebuilds every index whose collections changed since it was built; returns how many. */
  reindex(): number;
};

/** Words of evidence shown: enough to recognise the passage, never an excerpt worth leaking. */
const EVIDENCE_WORDS = 3;

type BuiltIndex = { index: ProtectedDocumentIndex; version: number; options: ProtectedDocumentOptions };

/**
 * Confidential-document and training-data regurgitation (OWASP LLM02): an output or tool call that
 * reproduces a long run of words of a registered document. Documents are read and fingerprinted once
 * per distinct set of paths, collections and fingerprinting options (at construction for `preload`,
 * else on the first event of an app using them), never per event; an index built from collections is
 * rebuilt when their version changes (`reindex`, or lazily on the next event). Idle when the policy
 * names no documents.
 */
export function createProtectedDocumentDetector(
  deps: ProtectedDocumentDetectorDeps = {},
): ProtectedDocumentDetector {
  const readDocuments = deps.readDocuments ?? readProtectedDocuments;
  const indexes = new Map<string, BuiltIndex>();
  const keys = new WeakMap<ProtectedDocumentOptions, string>();
  const currentVersion = (options: ProtectedDocumentOptions): number =>
    options.collections.length === 0 ? 0 : (deps.collections?.version ?? 0);
  const build = (options: ProtectedDocumentOptions): BuiltIndex => {
    if (options.collections.length > 0 && deps.collections === undefined) {
      throw new DetectorsError(
        'invalid_detector_options',
        `protected_document collections [${options.collections.join(', ')}] are read from the ` +
          'ClickHouse protected_documents table by apps/ingest; this process has no such source ' +
          '(offline tools read only options.paths)',
      );
    }
    const version = currentVersion(options);
    const index = new ProtectedDocumentIndex({
      minWords: options.min_words,
      boilerplateShare: options.boilerplate_share,
      boilerplateMinDocuments: options.boilerplate_min_documents,
    });
    for (const path of options.paths) for (const document of readDocuments(path)) index.add(document);
    for (const collection of options.collections) {
      for (const document of deps.collections!.documents(collection)) index.add(document);
    }
    return { index: index.freeze(), version, options };
  };
  const indexFor = (options: ProtectedDocumentOptions): ProtectedDocumentIndex | undefined => {
    if (options.paths.length === 0 && options.collections.length === 0) return undefined;
    // Options objects are parsed once per policy and reused, so the key is computed once per options.
    let key = keys.get(options);
    if (key === undefined) {
      key = JSON.stringify([
        options.paths,
        options.collections,
        options.min_words,
        options.boilerplate_share,
        options.boilerplate_min_documents,
      ]);
      keys.set(options, key);
    }
    let built = indexes.get(key);
    if (built === undefined || built.version !== currentVersion(options)) {
      built = build(options);
      indexes.set(key, built);
    }
    return built.index;
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
    reindex(): number {
      let rebuilt = 0;
      for (const [key, built] of indexes) {
        if (built.version === currentVersion(built.options)) continue;
        indexes.set(key, build(built.options));
        rebuilt++;
      }
      return rebuilt;
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
