import { type DeadLetterCode, type Finding, type TelemetryEvent } from '@argus/contracts';
import { type DetectionPipeline, type DetectionResult } from '@argus/detectors';
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
  const accepted: AcceptedEvent<R>[] = [];
  const rejected: RejectedRecord<R>[] = [];
  const findings: Finding[] = [];
  const seenEventIds = new Set<string>();
  for (const record of records) {
    const decoded = decodeTelemetry(record.value, deps.limits);
    if (!decoded.ok) {
      rejected.push({ record, error: { code: decoded.code, reason: decoded.reason } });
      continue;
    }
    if (seenEventIds.has(decoded.event.event_id)) continue;
    seenEventIds.add(decoded.event.event_id);
    let detection: DetectionResult;
    try {
      detection = deps.pipeline.run(decoded.event);
    } catch (error) {
      deps.onProcessingError?.(record, error);
      rejected.push({
        record,
        error: {
          code: 'processing_failed',
          reason: `detection failed: ${error instanceof Error ? error.message : String(error)}`,
        },
      });
      continue;
    }
    if (deps.redactor !== undefined) {
      const redacted = deps.redactor.redact(decoded.event, detection.findings, detection.history_findings);
      if (redacted.guardedFindings > 0) {
        const before = new Set(detection.findings);
        deps.onFindingsGuarded?.(
          decoded.event.event_id,
          redacted.findings.filter((finding) => !before.has(finding)).map((finding) => finding.finding_id),
        );
      }
      accepted.push({
        record,
        event: redacted.event,
        detection: { risk_score: detection.risk_score, findings: redacted.findings },
      });
      findings.push(...redacted.findings);
      continue;
    }
    accepted.push({ record, event: decoded.event, detection });
    findings.push(...detection.findings);
  }
  return { accepted, rejected, findings };
}
