import { type TelemetryEvent } from '@argus/contracts';
import { type SegmentField, type SegmentLocation, type TextSegment } from '../detector';
import { extractTextSegments } from '../text-segments';

/**
 * Optional machine-learning models that run BEFORE the (synchronous, pure) detectors, once per batch of
 * events, so a model's latency is paid per batch and the detectors stay free of I/O and promises. Their
 * outputs reach detectors as `DetectorContext.signals`, keyed by segment location:
 * - a text classifier's probability that a text is a prompt-injection or jailbreak attempt: one more
 *   feature (`classifier`) of the injection detectors' scoring model;
 * - a named-entity recogniser's PERSON / LOCATION spans: pii findings the pattern rules cannot make.
 * Without a model nothing changes (the pii detector says which entities it does not cover).
 */
export type TextClassifierPort = {
  /** Stable identifier of the model, recorded in findings (`classifier_model`). */
  readonly id: string;
  /** Per text, the probability (0..1) that it is an injection or jailbreak attempt. */
  classify(texts: readonly string[]): Promise<number[]>;
};

/** An entity span in a text: Presidio entity name, model score, JavaScript string offsets. */
export type RecognisedEntity = {
  readonly entity: string;
  readonly score: number;
  readonly start: number;
  readonly end: number;
};

export type EntityRecognizerPort = {
  readonly id: string;
  /** Presidio entity names this model can report (e.g. PERSON, LOCATION). */
  readonly entities: readonly string[];
  recognise(texts: readonly string[]): Promise<RecognisedEntity[][]>;
};

export type SegmentModels = {
  readonly classifier?: TextClassifierPort;
  readonly recognizer?: EntityRecognizerPort;
};

/** What the models said about one event's segments (original segments only, not decoded ones). */
export type ModelSignals = {
  readonly classifier?: { readonly id: string; readonly attack: ReadonlyMap<string, number> };
  readonly recognizer?: {
    readonly id: string;
    readonly entities: readonly string[];
    readonly spans: ReadonlyMap<string, readonly RecognisedEntity[]>;
  };
};

export type ModelSignalOptions = {
  /** Fields the classifier reads (current turn only). Default: input, retrieval, tool_result. */
  readonly classifierFields?: readonly SegmentField[];
  /** Fields the recogniser reads (history included: it feeds redaction). Default: input, output. */
  readonly recognizerFields?: readonly SegmentField[];
  /** Characters of a segment given to a model (models truncate to their context anyway). */
  readonly maxCharacters?: number;
};

const DEFAULT_CLASSIFIER_FIELDS: readonly SegmentField[] = ['input', 'retrieval', 'tool_result'];
const DEFAULT_RECOGNIZER_FIELDS: readonly SegmentField[] = ['input', 'output'];
const DEFAULT_MAX_CHARACTERS = 4096;

/** Key of a segment location in `ModelSignals` (field, message, part, document). */
export function segmentKey(location: SegmentLocation): string {
  return `${location.field}\u0000${location.message ?? ''}\u0000${location.part ?? ''}\u0000${location.document ?? ''}`;
}

/** The classifier's attack probability for a segment, if it ran on it (never for decoded text). */
export function classifierScore(signals: ModelSignals | undefined, segment: TextSegment): number | undefined {
  if (signals?.classifier === undefined || segment.derivation !== undefined) return undefined;
  return signals.classifier.attack.get(segmentKey(segment.location));
}

/** The recogniser's entities in a segment, if it ran on it (never for decoded text). */
export function recognisedEntities(
  signals: ModelSignals | undefined,
  segment: TextSegment,
): readonly RecognisedEntity[] | undefined {
  if (signals?.recognizer === undefined || segment.derivation !== undefined) return undefined;
  return signals.recognizer.spans.get(segmentKey(segment.location)) ?? [];
}

/**
 * Runs the configured models over the segments of a batch of events, one call per model for the whole
 * batch, and returns each event's signals (in order). Texts longer than `maxCharacters` are cut: the
 * offsets of recognised entities stay valid because the cut keeps the start of the text.
 */
export async function computeModelSignals(
  events: readonly TelemetryEvent[],
  models: SegmentModels,
  options: ModelSignalOptions = {},
): Promise<ModelSignals[]> {
  const signals: Array<{
    classifier?: Map<string, number>;
    spans?: Map<string, RecognisedEntity[]>;
  }> = events.map(() => ({}));
  if (models.classifier === undefined && models.recognizer === undefined) return events.map(() => ({}));
  const maxCharacters = options.maxCharacters ?? DEFAULT_MAX_CHARACTERS;
  const classifierFields = new Set(options.classifierFields ?? DEFAULT_CLASSIFIER_FIELDS);
  const recognizerFields = new Set(options.recognizerFields ?? DEFAULT_RECOGNIZER_FIELDS);

  type Job = { event: number; key: string; text: string };
  const classify: Job[] = [];
  const recognise: Job[] = [];
  events.forEach((event, index) => {
    for (const segment of extractTextSegments(event)) {
      if (segment.text.trim().length === 0) continue;
      const job = {
        event: index,
        key: segmentKey(segment.location),
        text: segment.text.slice(0, maxCharacters),
      };
      if (
        models.classifier !== undefined &&
        segment.history !== true &&
        classifierFields.has(segment.location.field)
      )
        classify.push(job);
      if (models.recognizer !== undefined && recognizerFields.has(segment.location.field))
        recognise.push(job);
    }
  });

  const [attack, entities] = await Promise.all([
    classify.length > 0 ? models.classifier!.classify(classify.map((job) => job.text)) : Promise.resolve([]),
    recognise.length > 0
      ? models.recognizer!.recognise(recognise.map((job) => job.text))
      : Promise.resolve([]),
  ]);
  classify.forEach((job, index) => {
    const score = attack[index];
    if (score === undefined || !(score >= 0 && score <= 1)) return;
    (signals[job.event].classifier ??= new Map()).set(job.key, score);
  });
  recognise.forEach((job, index) => {
    const found = (entities[index] ?? []).filter(
      (span) => span.start >= 0 && span.end > span.start && span.end <= job.text.length,
    );
    (signals[job.event].spans ??= new Map()).set(job.key, found);
  });

  return signals.map((raw) => ({
    ...(models.classifier !== undefined
      ? { classifier: { id: models.classifier.id, attack: raw.classifier ?? new Map() } }
      : {}),
    ...(models.recognizer !== undefined
      ? {
          recognizer: {
            id: models.recognizer.id,
            entities: models.recognizer.entities,
            spans: raw.spans ?? new Map(),
          },
        }
      : {}),
  }));
}
