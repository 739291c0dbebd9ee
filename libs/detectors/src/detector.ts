import {
  type Category,
  type FindingLocationShape,
  type LocationField,
  type Severity,
  type TelemetryEvent,
} from '@argus/contracts';
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
};

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
};

/**
 * A detector is a pure object: no I/O, no clock, no randomness, so a replay yields the same findings.
 * `detectSegment` is called once per text segment of the event, `detectEvent` once per event (for
 * signals that span segments or look at metadata); implement either or both.
 */
export type Detector = {
  readonly id: string;
  readonly version: string;
  readonly description: string;
  detectSegment?(segment: TextSegment, context: DetectorContext): readonly DetectorHit[];
  detectEvent?(event: TelemetryEvent, context: DetectorContext): readonly DetectorHit[];
};
