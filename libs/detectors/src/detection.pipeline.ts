import {
  CATEGORY_MAPPING,
  type Finding,
  type FindingLocationShape,
  SEVERITIES,
  type Severity,
  type TelemetryEvent,
  isAtLeast,
} from '@argus/contracts';
import {
  type DerivedSegment,
  type Detector,
  type DetectorContext,
  type DetectorHit,
  type RescanHit,
  type TextSegment,
} from './detector';
import { type DetectorRegistry } from './detector.registry';
import { type ModelSignals } from './models/segment-models';
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

export type DetectionResult = {
  risk_score: number;
  findings: Finding[];
  /**
   * Findings in the conversation history that are not reported (policy `scan_history: false`, the
   * default): pii, secrets and canaries found there, so redaction before storage can mask them again.
   * Never published, stored or counted in the risk score.
   */
  history_findings?: Finding[];
};

type PreparedDetector = { detector: Detector; settings: ResolvedDetectorSettings };
type PreparedApp = {
  policy: AppPolicy;
  detectors: PreparedDetector[];
  /** The enabled detectors that decode hidden content (`deriveSegments`). */
  derivers: PreparedDetector[];
  scansSegments: boolean;
};

/**
 * A segment to scan: an original part of the event, or text decoded out of one (`parent` is the index
 * of the segment it was decoded from, `rescan` collects the findings made in it and below it).
 */
type ScanNode = {
  segment: TextSegment;
  parent?: number;
  deriver?: PreparedDetector;
  rescan?: RescanHit[];
};

/**
 * Hard limits on decoded content, whatever detectors return (decoding is work an attacker controls;
 * each decoder also has its own, tighter, policy limits): nesting depth, derived segments per event,
 * and length of one derived text.
 */
export const DERIVATION_LIMITS = { maxDepth: 4, maxSegmentsPerEvent: 64, maxTextLength: 256 * 1024 } as const;

/** Apps are resolved once; the bound stops a stream of made-up app ids from growing the cache forever. */
const MAX_CACHED_APPS = 10_000;

/**
 * Runs every detector the app's policy enables over every text segment of an event (and `detectEvent`
 * once), and turns their hits into contract findings. Text that decoders find hidden in a segment
 * (base64, hex, Unicode tags, …) is scanned by every detector too, its findings reported on the encoded
 * span with the decoding chain. Same event, policy and detectors → same findings and ids, so a replay
 * writes no duplicates.
 */
export class DetectionPipeline {
  private readonly apps = new Map<string, PreparedApp>();

  constructor(private readonly deps: DetectionPipelineDeps) {}

  /** `signals`: what the optional models said about this event (`computeModelSignals`), if any ran. */
  run(event: TelemetryEvent, signals?: ModelSignals): DetectionResult {
    const app = this.prepare(event.tenant_id, event.app_id);
    if (app.detectors.length === 0) return { risk_score: 0, findings: [] };
    const nodes: ScanNode[] = app.scansSegments
      ? extractTextSegments(event).map((segment) => ({ segment }))
      : [];
    if (app.derivers.length > 0) this.derive(nodes, app, event);
    const findings: Finding[] = [];
    const historyFindings: Finding[] = [];
    const seen = new Set<string>();
    const reportHistory = app.policy.scan_history === true;

    for (const { detector, settings } of app.detectors) {
      const context: DetectorContext = {
        event,
        policy: app.policy,
        settings,
        ...(signals !== undefined ? { signals } : {}),
      };
      try {
        if (detector.detectSegment) {
          for (const node of nodes) {
            const unreported = node.segment.history === true && !reportHistory;
            if (unreported && detector.scansHistory !== true) continue;
            const hits = detector.detectSegment(node.segment, context);
            for (const hit of hits) {
              const finding = this.collect(
                mapDerived(hit, node.segment, true),
                detector,
                settings,
                event,
                unreported ? historyFindings : findings,
                seen,
              );
              if (finding !== undefined && node.rescan !== undefined)
                recordRescan(nodes, node, detector.id, hit);
            }
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
    this.review(nodes, app, event, findings, seen);
    return {
      risk_score: riskScore(findings),
      findings,
      ...(historyFindings.length > 0 ? { history_findings: historyFindings } : {}),
    };
  }

  /** The resolved policy of an app, as the pipeline applies it. */
  appPolicy(tenantId: string, appId: string): AppPolicy {
    return this.prepare(tenantId, appId).policy;
  }

  /**
   * Appends to `nodes` the segments the enabled decoders derive, breadth first (so a decoder sees
   * decoded text again, to peel nested encodings), within `DERIVATION_LIMITS`.
   */
  private derive(nodes: ScanNode[], app: PreparedApp, event: TelemetryEvent): void {
    let budget: number = DERIVATION_LIMITS.maxSegmentsPerEvent;
    for (let index = 0; index < nodes.length && budget > 0; index++) {
      const { segment } = nodes[index];
      if ((segment.derivation?.chain.length ?? 0) >= DERIVATION_LIMITS.maxDepth) continue;
      for (const deriver of app.derivers) {
        const { detector, settings } = deriver;
        let derived: readonly DerivedSegment[];
        try {
          derived = detector.deriveSegments!(segment, { event, policy: app.policy, settings });
        } catch (error) {
          this.deps.onDetectorError?.(detector.id, error, event);
          continue;
        }
        for (const item of derived) {
          if (budget === 0) break;
          const problem = invalidDerived(item, segment);
          if (problem !== undefined) {
            this.deps.onDetectorError?.(
              detector.id,
              new TypeError(`invalid derived segment: ${problem}`),
              event,
            );
            continue;
          }
          budget--;
          const parent = segment.derivation;
          nodes.push({
            segment: {
              ...segment,
              text: item.text,
              derivation: {
                chain: [...(parent?.chain ?? []), item.encoding],
                start: parent?.start ?? item.start,
                end: parent?.end ?? item.end,
                detector: detector.id,
              },
            },
            parent: index,
            deriver,
            rescan: [],
          });
        }
      }
    }
  }

  /**
   * Lets each decoder report the encodings it peeled, knowing what the rescan found in them. Deepest
   * first: when two levels of one span yield the same finding id, the one naming the whole chain stays.
   */
  private review(
    nodes: readonly ScanNode[],
    app: PreparedApp,
    event: TelemetryEvent,
    findings: Finding[],
    seen: Set<string>,
  ): void {
    for (let index = nodes.length - 1; index >= 0; index--) {
      const { segment, deriver, rescan } = nodes[index];
      if (deriver === undefined || rescan === undefined) continue;
      // What decoders report is not redaction material: nothing to say about an unreported history turn.
      if (segment.history === true && app.policy.scan_history !== true) continue;
      const { detector, settings } = deriver;
      if (!detector.reviewDerived) continue;
      try {
        const hits = detector.reviewDerived(segment, rescan, { event, policy: app.policy, settings });
        for (const hit of hits) {
          this.collect(mapDerived(hit, segment, false), detector, settings, event, findings, seen);
        }
      } catch (error) {
        this.deps.onDetectorError?.(detector.id, error, event);
      }
    }
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
    const derivers = detectors.filter(({ detector }) => detector.deriveSegments !== undefined);
    const prepared = {
      policy,
      detectors,
      derivers,
      scansSegments: detectors.some(
        ({ detector }) => detector.detectSegment !== undefined || detector.deriveSegments !== undefined,
      ),
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
  ): Finding | undefined {
    const problem = invalidHit(hit);
    if (problem !== undefined) {
      this.deps.onDetectorError?.(
        detector.id,
        new TypeError(`invalid hit ${hit.rule_id}: ${problem}`),
        event,
      );
      return undefined;
    }
    if (hit.score < settings.min_score || !isAtLeast(hit.severity, settings.min_severity)) return undefined;
    const location = normalizeLocation(hit.location);
    const id = findingId(event.event_id, detector.id, hit.rule_id, location);
    if (seen.has(id)) return undefined;
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
    return finding;
  }
}

/**
 * A hit on decoded text, reported on the encoded span of the original part (offsets in decoded text
 * mean nothing to an analyst holding the event), with the decoding chain in its attributes and, for
 * rescan hits (`annotate`), in its message. Hits on original segments pass through unchanged.
 */
function mapDerived(hit: DetectorHit, segment: TextSegment, annotate: boolean): DetectorHit {
  const derivation = segment.derivation;
  if (derivation === undefined || hit.location.field === 'event') return hit;
  const chain = [...derivation.chain, 'text'].join(' → ');
  return {
    ...hit,
    location: { ...hit.location, start: derivation.start, end: derivation.end },
    message: annotate
      ? `${hit.message} [found in decoded content: ${chain}, characters ${derivation.start}–${derivation.end}]`
      : hit.message,
    attributes: { ...hit.attributes, decoded_chain: chain, decoded_depth: derivation.chain.length },
  };
}

/** Tells a derived segment and every segment it was decoded from that something was found in it. */
function recordRescan(nodes: readonly ScanNode[], node: ScanNode, detector: string, hit: DetectorHit): void {
  for (let current: ScanNode | undefined = node; current?.rescan !== undefined;) {
    current.rescan.push({ detector, hit });
    current = current.parent === undefined ? undefined : nodes[current.parent];
  }
}

function invalidDerived(item: DerivedSegment, segment: TextSegment): string | undefined {
  if (typeof item.text !== 'string' || item.text.length === 0) return 'empty text';
  if (item.text.length > DERIVATION_LIMITS.maxTextLength)
    return `text longer than ${DERIVATION_LIMITS.maxTextLength}`;
  if (!(Number.isInteger(item.start) && Number.isInteger(item.end))) return 'start and end must be integers';
  if (item.start < 0 || item.end <= item.start || item.end > segment.text.length) {
    return `span ${item.start}–${item.end} outside the segment (length ${segment.text.length})`;
  }
  if (typeof item.encoding !== 'string' || item.encoding.length === 0) return 'empty encoding';
  return undefined;
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
