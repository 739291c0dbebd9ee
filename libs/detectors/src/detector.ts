import {
  type Category,
  type FindingLocationShape,
  type LocationField,
  type Severity,
  type TelemetryEvent,
} from '@argus/contracts';
import { type ModelSignals } from './models/segment-models';
import { type AppPolicy, type ResolvedDetectorSettings } from './policy/detection-policy.schema';

/** Where a text segment comes from in the event; `event` is reserved for whole-event findings. */
export type SegmentField = Exclude<LocationField, 'event'>;

export type SegmentLocation = {
  readonly field: SegmentField;
  /** Index in `input_messages` or `output_messages` (by field), absent for system and retrieval. */
  readonly message?: number;
  /** Index of the part in the message (or in `system_instructions`). */
  readonly part?: number;
  /** `document_id` of a retrieved document. */
  readonly document?: string;
};

/**
 * One text to scan. Offsets of hits are JavaScript string indices into `text`, which is the original
 * part string, except for values that are not strings: tool-call segments are `name + ' ' + arguments`
 * (arguments as given when a string, else `JSON.stringify`) and non-string tool responses are their
 * `JSON.stringify`.
 */
export type TextSegment = {
  readonly text: string;
  readonly location: SegmentLocation;
  /** Role of the message the text belongs to (user, assistant, tool, system, …). */
  readonly role?: string;
  /** Tool that was called (tool_call) or answered (tool message name), when known. */
  readonly toolName?: string;
  readonly toolCallId?: string;
  /** Retrieved-document context: whose document it is and how it is classified. */
  readonly retrieved?: {
    readonly tenantId?: string;
    readonly classification?: string;
    readonly source?: string;
    readonly score?: number;
  };
  /**
   * An input message of an earlier turn (the conversation history the platform resends with every
   * turn); it was the current turn of an earlier event. See `Detector.scansHistory`.
   */
  readonly history?: boolean;
  /**
   * Set when the text was decoded out of another segment (see `Detector.deriveSegments`): offsets of
   * hits are still indices into `text`, and the pipeline reports them on the encoded span.
   */
  readonly derivation?: SegmentDerivation;
};

/** How a derived segment came out of an original part. */
export type SegmentDerivation = {
  /** Decoding steps from the part's text to this one, outermost first (`['base64', 'hex']`). */
  readonly chain: readonly string[];
  /** The span of the part's text (original offsets) the outermost decoding started from. */
  readonly start: number;
  readonly end: number;
  /** Detector that decoded the last step (it is asked to review what the rescan found). */
  readonly detector: string;
};

/**
 * Text a detector decoded out of a segment (base64, hex, hidden Unicode tags, …). The pipeline scans it
 * with every segment detector, as if it were a part of the event, and reports their hits on the
 * encoded span [start, end) of the segment it came from, with the decoding chain in the finding.
 */
export type DerivedSegment = {
  readonly text: string;
  /** Offsets in the scanned segment's `text` of the encoded span. */
  readonly start: number;
  readonly end: number;
  /** Name of this decoding step, e.g. `base64`, `hex`, `rot13`, `unicode_tags`. */
  readonly encoding: string;
};

/** A finding made while rescanning a derived segment (or segments derived from it). */
export type RescanHit = { readonly detector: string; readonly hit: DetectorHit };

/** A location as a detector reports it: the segment's location plus offsets in its text, or `event`. */
export type HitLocation = FindingLocationShape;

export type DetectorHit = {
  /** Stable rule identifier, `<detector>.<rule>`, used in finding ids and policies. */
  rule_id: string;
  category: Category;
  severity: Severity;
  /** 0..1: how bad this is if true. */
  score: number;
  /** 0..1: how sure the detector is. */
  confidence?: number;
  location: HitLocation;
  /** Presidio entity or provider rule name (pii, secret). */
  entity?: string;
  /** ALREADY REDACTED snippet: never the raw secret, card number, canary or prompt. */
  evidence: string;
  /** Analyst-readable explanation naming the signals that fired. */
  message: string;
  attributes?: Record<string, string | number | boolean>;
};

export type DetectorContext = {
  readonly event: TelemetryEvent;
  /** Policy of the event's tenant and app, resolved once per app. */
  readonly policy: AppPolicy;
  /** This detector's settings in that policy (enabled, thresholds, options). */
  readonly settings: ResolvedDetectorSettings;
  /** Outputs of the optional models run before detection (see `models/segment-models.ts`). */
  readonly signals?: ModelSignals;
};

/**
 * A detector is a pure object: no I/O, no clock, no randomness, so a replay yields the same findings.
 * `detectSegment` is called once per text segment of the event, `detectEvent` once per event (for
 * signals that span segments or look at metadata); implement either or both. Decoders may also
 * implement `deriveSegments` (and `reviewDerived`) to have decoded content rescanned.
 */
export type Detector = {
  readonly id: string;
  readonly version: string;
  readonly description: string;
  /**
   * Also scan history segments. For detectors whose findings drive redaction before storage (pii,
   * secrets, canaries): the history is stored again with every event, so it must be masked again. Their
   * history findings are not reported (they were, on the earlier event) unless the policy says
   * `scan_history: true`. Other detectors skip history unless the policy says so.
   */
  readonly scansHistory?: boolean;
  detectSegment?(segment: TextSegment, context: DetectorContext): readonly DetectorHit[];
  detectEvent?(event: TelemetryEvent, context: DetectorContext): readonly DetectorHit[];
  /**
   * Decoded texts hidden in a segment, to be scanned by every detector (bounded: the pipeline also
   * caps depth and count per event). Called for original and derived segments alike; a derived one
   * carries `derivation.chain`, so the detector can stop at its own depth limit.
   */
  deriveSegments?(segment: TextSegment, context: DetectorContext): readonly DerivedSegment[];
  /**
   * Called once per segment this detector derived, after every detector scanned it, with the findings
   * made in it (and in segments derived from it): lets the decoder report the encoding itself, scored
   * by what it hid. Hit offsets are indices into the derived `segment.text`, like any other hit on it.
   */
  reviewDerived?(
    segment: TextSegment,
    rescan: readonly RescanHit[],
    context: DetectorContext,
  ): readonly DetectorHit[];
};
