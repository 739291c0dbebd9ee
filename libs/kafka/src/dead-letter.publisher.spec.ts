import {
  buildDeadLetterHeaders,
  DEAD_LETTER_HEADERS,
  DeadLetterPublisher,
  MAX_REASON_BYTES,
  truncateUtf8,
} from './dead-letter.publisher';
import { type ConsumedRecord, type KafkaProducerPort, type OutgoingRecord } from './kafka.port';

function makeRecord(overrides: Partial<ConsumedRecord> = {}): ConsumedRecord {
  return {
    topic: 'llm.telemetry.v1',
    partition: 2,
    offset: '41',
    key: Buffer.from('tenant-a:conversation-1'),
    value: Buffer.from('{"schema_version":'),
    headers: { traceparent: '00-abc-def-01' },
    timestamp: '1760000000000',
    ...overrides,
  };
}

/** Records what would have been produced. */
class RecordingProducer implements KafkaProducerPort {
  readonly sent: { topic: string; records: OutgoingRecord[] }[] = [];
  connect = () => Promise.resolve();
  disconnect = () => Promise.resolve();
  send(topic: string, records: OutgoingRecord[]): Promise<void> {
    this.sent.push({ topic, records });
    return Promise.resolve();
  }
}

describe('buildDeadLetterHeaders', () => {
  const failedAt = new Date('2026-01-02T03:04:05.678Z');

  it('keeps the original headers and adds the error and the source position', () => {
    const headers = buildDeadLetterHeaders(
      makeRecord(),
      { code: 'invalid_json', reason: 'Unexpected end of JSON input' },
      failedAt,
    );
    expect(headers).toEqual({
      traceparent: '00-abc-def-01',
      'argus-error': 'invalid_json',
      'argus-error-reason': 'Unexpected end of JSON input',
      'argus-source-topic': 'llm.telemetry.v1',
      'argus-source-partition': '2',
      'argus-source-offset': '41',
      'argus-failed-at': '2026-01-02T03:04:05.678Z',
    });
  });

  it('replaces argus headers left by an earlier dead-lettering', () => {
    const record = makeRecord({ headers: { 'argus-error': 'too_large', 'argus-source-offset': '7' } });
    const headers = buildDeadLetterHeaders(record, { code: 'schema_violation', reason: 'x' }, failedAt);
    expect(headers[DEAD_LETTER_HEADERS.error]).toBe('schema_violation');
    expect(headers[DEAD_LETTER_HEADERS.sourceOffset]).toBe('41');
  });

  it('truncates the reason to 1 KiB', () => {
    const headers = buildDeadLetterHeaders(
      makeRecord(),
      { code: 'too_large', reason: 'x'.repeat(5000) },
      failedAt,
    );
    const reason = headers[DEAD_LETTER_HEADERS.reason];
    expect(Buffer.byteLength(reason, 'utf8')).toBeLessThanOrEqual(MAX_REASON_BYTES);
    expect(reason.endsWith('…')).toBe(true);
  });
});

describe('truncateUtf8', () => {
  it('leaves short text alone', () => {
    expect(truncateUtf8('short', 10)).toBe('short');
  });

  it('never splits a multi-byte character', () => {
    const text = '€'.repeat(400) + '😀'.repeat(100);
    for (const limit of [10, 11, 12, 13, 1024]) {
      const truncated = truncateUtf8(text, limit);
      expect(Buffer.byteLength(truncated, 'utf8')).toBeLessThanOrEqual(limit);
      expect(truncated).not.toContain('\uFFFD');
      expect(Buffer.from(truncated, 'utf8').toString('utf8')).toBe(truncated);
    }
  });
});

describe('DeadLetterPublisher', () => {
  it('sends the original key and bytes with the dead-letter headers to the DLQ topic', async () => {
    const producer = new RecordingProducer();
    const failedAt = new Date('2026-01-02T03:04:05.678Z');
    const publisher = new DeadLetterPublisher(producer, 'llm.telemetry.v1.dlq', () => failedAt);
    const record = makeRecord();

    await publisher.publish([{ record, error: { code: 'invalid_json', reason: 'bad' } }]);

    expect(producer.sent).toHaveLength(1);
    expect(producer.sent[0].topic).toBe('llm.telemetry.v1.dlq');
    const [sent] = producer.sent[0].records;
    expect(sent.key).toEqual(record.key);
    expect(sent.value).toEqual(record.value);
    expect(sent.headers).toEqual(
      buildDeadLetterHeaders(record, { code: 'invalid_json', reason: 'bad' }, failedAt),
    );
  });

  it('keeps a tombstone a tombstone', async () => {
    const producer = new RecordingProducer();
    await new DeadLetterPublisher(producer, 'dlq').publish([
      { record: makeRecord({ value: null, key: null }), error: { code: 'invalid_json', reason: 'empty' } },
    ]);
    expect(producer.sent[0].records[0]).toMatchObject({ key: null, value: null });
  });

  it('sends nothing for an empty list', async () => {
    const producer = new RecordingProducer();
    await new DeadLetterPublisher(producer, 'dlq').publish([]);
    expect(producer.sent).toHaveLength(0);
  });
});
