import {
  CATEGORY_MAPPING,
  type Finding,
  type FindingLocationShape,
  SEVERITIES,
  type Severity,
  type TelemetryEvent,
  isAtLeast,
} from '@argus/contracts';
import { type Detector, type DetectorContext, type DetectorHit } from './detector';
import { type DetectorRegistry } from './detector.registry';
import { findingId } from './finding-id';
import { detectorSettings, resolveAppPolicy } from './policy/app-policy.resolver';
import {
  type AppPolicy,
  type DetectionPolicy,
  type ResolvedDetectorSettings,
} from './policy/detection-policy.schema';
import { riskScore } from './risk-score';
import { extractTextSegments } from './text-segments';

export type DetectionPipelineDeps = {
  registry: DetectorRegistry;
  policy: DetectionPolicy;
  /**
   * Called when a detector throws or returns an invalid hit. The event is still processed: that
   * detector contributes the findings it made before the error, the others run normally.
   */
  onDetectorError?: (detectorId: string, error: unknown, event: TelemetryEvent) => void;
};

export type DetectionResult = { risk_score: number; findings: Finding[] };

type PreparedDetector = { detector: Detector; settings: ResolvedDetectorSettings };
type PreparedApp = { policy: AppPolicy; detectors: PreparedDetector[]; scansSegments: boolean };

/** Apps are resolved once; the bound stops a stream of made-up app ids from growing the cache forever. */
const MAX_CACHED_APPS = 10_000;

/**
 * Runs every detector the app's policy enables over every text segment of an event (and `detectEvent`
 * once), and turns their hits into contract findings. Same event, policy and detectors → same findings
 * and ids, so a replay writes no duplicates.
 */
export class DetectionPipeline {
  private readonly apps = new Map<string, PreparedApp>();

  constructor(private readonly deps: DetectionPipelineDeps) {}

  run(event: TelemetryEvent): DetectionResult {
    const app = this.prepare(event.tenant_id, event.app_id);
    if (app.detectors.length === 0) return { risk_score: 0, findings: [] };
    const segments = app.scansSegments ? extractTextSegments(event) : [];
    const findings: Finding[] = [];
    const seen = new Set<string>();

    for (const { detector, settings } of app.detectors) {
      const context: DetectorContext = { event, policy: app.policy, settings };
      try {
        if (detector.detectSegment) {
          for (const segment of segments) {
            const hits = detector.detectSegment(segment, context);
            for (const hit of hits) this.collect(hit, detector, settings, event, findings, seen);
          }
        }
        if (detector.detectEvent) {
          for (const hit of detector.detectEvent(event, context)) {
            this.collect(hit, detector, settings, event, findings, seen);
          }
        }
      } catch (error) {
        this.deps.onDetectorError?.(detector.id, error, event);
      }
    }
    return { risk_score: riskScore(findings), findings };
  }

  /** The resolved policy of an app, as the pipeline applies it. */
  appPolicy(tenantId: string, appId: string): AppPolicy {
    return this.prepare(tenantId, appId).policy;
  }

  private prepare(tenantId: string, appId: string): PreparedApp {
    const key = `${tenantId}\u0000${appId}`;
    const cached = this.apps.get(key);
    if (cached) return cached;
    const policy = resolveAppPolicy(this.deps.policy, tenantId, appId);
    const detectors = this.deps.registry
      .list()
      .map((detector) => ({ detector, settings: detectorSettings(policy, detector.id) }))
      .filter(({ settings }) => settings.enabled);
    const prepared = {
      policy,
      detectors,
      scansSegments: detectors.some(({ detector }) => detector.detectSegment !== undefined),
    };
    if (this.apps.size >= MAX_CACHED_APPS) this.apps.clear();
    this.apps.set(key, prepared);
    return prepared;
  }

  private collect(
    hit: DetectorHit,
    detector: Detector,
    settings: ResolvedDetectorSettings,
    event: TelemetryEvent,
    findings: Finding[],
    seen: Set<string>,
  ): void {
    const problem = invalidHit(hit);
    if (problem !== undefined) {
      this.deps.onDetectorError?.(
        detector.id,
        new TypeError(`invalid hit ${hit.rule_id}: ${problem}`),
        event,
      );
      return;
    }
    if (hit.score < settings.min_score || !isAtLeast(hit.severity, settings.min_severity)) return;
    const location = normalizeLocation(hit.location);
    const id = findingId(event.event_id, detector.id, hit.rule_id, location);
    if (seen.has(id)) return;
    seen.add(id);
    const mapping = CATEGORY_MAPPING[hit.category];
    // Built in the contract's field order, optional members only when set, so output reads the same everywhere.
    const finding: Finding = {
      finding_id: id,
      event_id: event.event_id,
      tenant_id: event.tenant_id,
      app_id: event.app_id,
      timestamp: event.timestamp,
      detector: detector.id,
      rule_id: hit.rule_id,
      category: hit.category,
      severity: hit.severity,
      score: hit.score,
      ...(hit.confidence !== undefined ? { confidence: hit.confidence } : {}),
      location,
      ...(hit.entity !== undefined ? { entity: hit.entity } : {}),
      evidence: hit.evidence,
      message: hit.message,
      owasp: mapping.owasp,
      atlas: [...mapping.atlas],
      ...(hit.attributes !== undefined ? { attributes: hit.attributes } : {}),
      ...(event.user?.id !== undefined ? { user_id: event.user.id } : {}),
      ...(event.conversation_id !== undefined ? { conversation_id: event.conversation_id } : {}),
    };
    findings.push(finding);
  }
}

const SEVERITY_SET: ReadonlySet<Severity> = new Set(SEVERITIES);

/** Cheap checks of what a detector bug could break downstream (the finding schema, risk score). */
function invalidHit(hit: DetectorHit): string | undefined {
  if (!(hit.category in CATEGORY_MAPPING)) return `unknown category "${String(hit.category)}"`;
  if (!SEVERITY_SET.has(hit.severity)) return `unknown severity "${String(hit.severity)}"`;
  if (!(hit.score >= 0 && hit.score <= 1)) return `score ${hit.score} is not within 0..1`;
  if (hit.confidence !== undefined && !(hit.confidence >= 0 && hit.confidence <= 1)) {
    return `confidence ${hit.confidence} is not within 0..1`;
  }
  if (typeof hit.rule_id !== 'string' || hit.rule_id.length === 0) return 'empty rule_id';
  return undefined;
}

/** Only the contract's keys, in a fixed order, so the finding validates and its id is stable. */
function normalizeLocation(location: FindingLocationShape): FindingLocationShape {
  const normalized: FindingLocationShape = { field: location.field };
  if (location.message !== undefined) normalized.message = location.message;
  if (location.part !== undefined) normalized.part = location.part;
  if (location.document !== undefined) normalized.document = location.document;
  if (location.start !== undefined) normalized.start = location.start;
  if (location.end !== undefined) normalized.end = location.end;
  return normalized;
}
