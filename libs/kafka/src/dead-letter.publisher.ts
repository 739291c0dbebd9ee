import { type ConsumedRecord, type KafkaProducerPort, type OutgoingRecord } from './kafka.port';

/** Why a record was dead-lettered: a short machine code and a sentence for the person reading the DLQ. */
export type DeadLetterError = {
  /** e.g. `invalid_json`, `schema_violation`, `too_large`. */
  code: string;
  reason: string;
};

export type DeadLetter = { record: ConsumedRecord; error: DeadLetterError };

export const DEAD_LETTER_HEADERS = {
  error: 'argus-error',
  reason: 'argus-error-reason',
  sourceTopic: 'argus-source-topic',
  sourcePartition: 'argus-source-partition',
  sourceOffset: 'argus-source-offset',
  failedAt: 'argus-failed-at',
} as const;

/** Longest `argus-error-reason`, in UTF-8 bytes: headers are for triage, not for dumping payloads. */
export const MAX_REASON_BYTES = 1024;

/**
 * Headers of a dead-lettered record: the original ones (so tracing and tenancy headers survive),
 * then ours, which replace any `argus-*` header left by an earlier trip through a DLQ.
 */
export function buildDeadLetterHeaders(
  record: ConsumedRecord,
  error: DeadLetterError,
  failedAt: Date,
): Record<string, string> {
  return {
    ...record.headers,
    [DEAD_LETTER_HEADERS.error]: error.code,
    [DEAD_LETTER_HEADERS.reason]: truncateUtf8(error.reason, MAX_REASON_BYTES),
    [DEAD_LETTER_HEADERS.sourceTopic]: record.topic,
    [DEAD_LETTER_HEADERS.sourcePartition]: String(record.partition),
    [DEAD_LETTER_HEADERS.sourceOffset]: record.offset,
    [DEAD_LETTER_HEADERS.failedAt]: failedAt.toISOString(),
  };
}

/** Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character; marks the cut with "…". */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const ellipsis = '…';
  const budget = maxBytes - Buffer.byteLength(ellipsis, 'utf8');
  let bytes = 0;
  let end = 0;
  for (const character of text) {
    const size = Buffer.byteLength(character, 'utf8');
    if (bytes + size > budget) break;
    bytes += size;
    end += character.length;
  }
  return text.slice(0, end) + ellipsis;
}

/**
 * Sends records that cannot be processed to a dead-letter topic with their original key and bytes,
 * so they can be inspected and replayed as they were.
 */
export class DeadLetterPublisher {
  constructor(
    private readonly producer: KafkaProducerPort,
    private readonly deadLetterTopic: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  get topic(): string {
    return this.deadLetterTopic;
  }

  async publish(deadLetters: DeadLetter[]): Promise<void> {
    if (deadLetters.length === 0) return;
    const failedAt = this.now();
    const records: OutgoingRecord[] = deadLetters.map(({ record, error }) => ({
      key: record.key,
      value: record.value,
      headers: buildDeadLetterHeaders(record, error, failedAt),
    }));
    await this.producer.send(this.deadLetterTopic, records);
  }
}
