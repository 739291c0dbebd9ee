import { type IHeaders, type KafkaMessage, type Message } from 'kafkajs';
import { type ConsumedRecord, type OutgoingRecord } from '../kafka.port';

export function toConsumedRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key ?? null,
    value: message.value ?? null,
    headers: decodeHeaders(message.headers),
    timestamp: message.timestamp,
  };
}

/** Header values as UTF-8 strings; a repeated header name keeps its last value (Java's `lastHeader`). */
export function decodeHeaders(headers: IHeaders | undefined): Record<string, string> {
  const decoded: Record<string, string> = {};
  if (headers === undefined) return decoded;
  for (const [name, value] of Object.entries(headers)) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last === undefined) continue;
    decoded[name] = typeof last === 'string' ? last : last.toString('utf8');
  }
  return decoded;
}

export function toKafkaJsMessage(record: OutgoingRecord): Message {
  return {
    key: record.key ?? null,
    value: record.value,
    headers: record.headers === undefined ? undefined : { ...record.headers },
  };
}
