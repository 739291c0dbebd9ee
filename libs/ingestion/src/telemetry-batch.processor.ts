import { type DeadLetterCode, type Finding, type TelemetryEvent } from '@argus/contracts';
import {
  type DetectionPipeline,
  type DetectionResult,
  type ModelSignals,
  type SegmentModels,
  computeModelSignals,
} from '@argus/detectors';
import { type StorageRedactor } from './redaction/storage.redactor';
import { type DecodeLimits, decodeTelemetry } from './telemetry.decoder';

/** The fields of a consumed Kafka record this library needs (structurally a `ConsumedRecord`). */
export type SourceRecord = { topic: string; partition: number; offset: string; value: Buffer | null };

export type AcceptedEvent<R extends SourceRecord> = {
  record: R;
  event: TelemetryEvent;
  detection: DetectionResult;
};
export type RejectedRecord<R extends SourceRecord> = {
  record: R;
  error: { code: DeadLetterCode; reason: string };
};

export type TelemetryBatchResult<R extends SourceRecord> = {
  accepted: AcceptedEvent<R>[];
  rejected: RejectedRecord<R>[];
  findings: Finding[];
};

export type TelemetryBatchDeps = {
  pipeline: DetectionPipeline;
  limits: DecodeLimits;
  /** Called when detection itself throws for an event; the event is then dead-lettered, the batch goes on. */
  onProcessingError?: (record: SourceRecord, error: unknown) => void;
  /**
   * Redaction before storage: when set, `accepted` and `findings` carry only redacted events and
   * findings, so nothing downstream (rows, the findings topic, logs) can see the raw values.
   */
  redactor?: StorageRedactor;
  /** Called when findings of an event still carried a detected value and were rewritten (a detector bug). */
  onFindingsGuarded?: (eventId: string, findingIds: string[]) => void;
};

/**
 * Decode → validate → detect (→ redact, with a `redactor`) for one consumed batch. Pure: the caller stores `accepted`, produces
 * `findings` and dead-letters `rejected`, then commits. Within a batch a repeated event_id is processed
 * once (the first occurrence wins, as ClickHouse's ReplacingMergeTree would keep one anyway).
 */
export function processTelemetryBatch<R extends SourceRecord>(
  records: readonly R[],
  deps: TelemetryBatchDeps,
): TelemetryBatchResult<R> {
  const { decoded, rejected } = decodeBatch(records, deps);
  return detectBatch(decoded, rejected, deps, []);
}

/**
 * `processTelemetryBatch` with the optional models (text classifier, entity recogniser) run first, once
 * for the whole batch, their outputs handed to the detectors. A model failure fails the batch (it is
 * redelivered, as for a storage failure): silently detecting without the configured model would drop
 * findings nobody would know were missing.
 */
export async function processTelemetryBatchWithModels<R extends SourceRecord>(
  records: readonly R[],
  deps: TelemetryBatchDeps & { models?: SegmentModels },
): Promise<TelemetryBatchResult<R>> {
  const { decoded, rejected } = decodeBatch(records, deps);
  const models = deps.models;
  const signals =
    models === undefined || (models.classifier === undefined && models.recognizer === undefined)
      ? []
      : await computeModelSignals(
          decoded.map((item) => item.event),
          models,
        );
  return detectBatch(decoded, rejected, deps, signals);
}

type Decoded<R> = { record: R; event: TelemetryEvent };

function decodeBatch<R extends SourceRecord>(
  records: readonly R[],
  deps: TelemetryBatchDeps,
): { decoded: Decoded<R>[]; rejected: RejectedRecord<R>[] } {
  const decoded: Decoded<R>[] = [];
  const rejected: RejectedRecord<R>[] = [];
  const seenEventIds = new Set<string>();
  for (const record of records) {
    const result = decodeTelemetry(record.value, deps.limits);
    if (!result.ok) {
      rejected.push({ record, error: { code: result.code, reason: result.reason } });
      continue;
    }
    if (seenEventIds.has(result.event.event_id)) continue;
    seenEventIds.add(result.event.event_id);
    decoded.push({ record, event: result.event });
  }
  return { decoded, rejected };
}

function detectBatch<R extends SourceRecord>(
  decoded: readonly Decoded<R>[],
  rejected: RejectedRecord<R>[],
  deps: TelemetryBatchDeps,
  signals: readonly ModelSignals[],
): TelemetryBatchResult<R> {
  const accepted: AcceptedEvent<R>[] = [];
  const findings: Finding[] = [];
  decoded.forEach(({ record, event }, index) => {
    let detection: DetectionResult;
    try {
      detection = deps.pipeline.run(event, signals[index]);
    } catch (error) {
      deps.onProcessingError?.(record, error);
      rejected.push({
        record,
        error: {
          code: 'processing_failed',
          reason: `detection failed: ${error instanceof Error ? error.message : String(error)}`,
        },
      });
      return;
    }
    if (deps.redactor !== undefined) {
      const redacted = deps.redactor.redact(event, detection.findings, detection.history_findings);
      if (redacted.guardedFindings > 0) {
        const before = new Set(detection.findings);
        deps.onFindingsGuarded?.(
          event.event_id,
          redacted.findings.filter((finding) => !before.has(finding)).map((finding) => finding.finding_id),
        );
      }
      accepted.push({
        record,
        event: redacted.event,
        detection: { risk_score: detection.risk_score, findings: redacted.findings },
      });
      findings.push(...redacted.findings);
      return;
    }
    accepted.push({ record, event, detection });
    findings.push(...detection.findings);
  });
  return { accepted, rejected, findings };
}
