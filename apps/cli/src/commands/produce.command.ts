import { createInterface } from 'node:readline';
import { SingleBar } from 'cli-progress';
import { type Command } from 'commander';
import { type OutgoingRecord, createKafkaClient } from '@argus/kafka';
import { CliError, type CliIo, errorMessage } from '../cli-io';
import { loadEnvironmentConfig } from './environment';
import { positiveInteger, positiveNumber } from './options';
import { openInput } from './streams';

type ProduceOptions = {
  input?: string;
  topic?: string;
  brokers?: string;
  batchSize: number;
  rate?: number;
  progress: boolean;
};

/** Records go out with the telemetry key (tenant:conversation) when the line is JSON that has one. */
export function telemetryKey(line: string): string | null {
  try {
    const value = JSON.parse(line) as { tenant_id?: unknown; conversation_id?: unknown; event_id?: unknown };
    if (typeof value.tenant_id !== 'string') return null;
    const conversation = typeof value.conversation_id === 'string' ? value.conversation_id : value.event_id;
    return `${value.tenant_id}:${typeof conversation === 'string' ? conversation : ''}`;
  } catch {
    return null;
  }
}

export function registerProduceCommand(program: Command, io: CliIo): void {
  program
    .command('produce')
    .description(
      'Send a JSONL file to Kafka, one record per line, as it is (bad lines too: that is what the DLQ is for).',
    )
    .option('-i, --input <file>', 'JSONL file ("-" = stdin)', '-')
    .option('-t, --topic <topic>', 'topic (default: KAFKA_TOPIC_TELEMETRY)')
    .option('-b, --brokers <list>', 'bootstrap brokers host:port,... (default: KAFKA_BROKERS)')
    .option('--batch-size <n>', 'records per produce request', positiveInteger, 500)
    .option(
      '--rate <n>',
      'at most this many records per second (default: as fast as the broker takes them)',
      positiveNumber,
    )
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText(
      'after',
      '\nConnection settings (TLS, SASL) come from the same KAFKA_* variables as the apps.\n\n' +
        'Example:\n  bin/argus generate -n 1000 --attack-rate 0.2 | bin/argus produce\n' +
        '  bin/argus produce -i dlq-dump.jsonl -t llm.telemetry.v1   # replay fixed records',
    )
    .action(async (options: ProduceOptions) => {
      const config = loadEnvironmentConfig({ KAFKA_BROKERS: options.brokers });
      const topic = options.topic ?? config.kafka.topics.telemetry;
      const client = createKafkaClient({
        brokers: config.kafka.brokers,
        clientId: `${config.kafka.clientId}-cli`,
        ssl: config.kafka.ssl,
        sasl: config.kafka.sasl,
      });
      const producer = client.createProducer({ retries: 5 });
      try {
        await producer.connect();
      } catch (error) {
        throw new CliError(
          `cannot connect to Kafka at ${config.kafka.brokers.join(',')}: ${errorMessage(error)}`,
        );
      }
      const bar =
        options.progress && options.input !== undefined && options.input !== '-'
          ? new SingleBar({
              format: 'produce |{bar}| {value} records, {rate}/s',
              stream: io.stderr,
              noTTYOutput: true,
              notTTYSchedule: 2000,
            })
          : undefined;
      let sent = 0;
      const started = Date.now();
      bar?.start(0, 0, { rate: 0 });
      let batch: OutgoingRecord[] = [];
      const flush = async () => {
        if (batch.length === 0) return;
        await producer.send(topic, batch);
        sent += batch.length;
        batch = [];
        const elapsed = (Date.now() - started) / 1000;
        bar?.setTotal(sent);
        bar?.update(sent, { rate: Math.round(sent / Math.max(elapsed, 0.001)) });
        if (options.rate !== undefined) {
          const due = started + (sent / options.rate) * 1000;
          if (due > Date.now()) await new Promise((resolve) => setTimeout(resolve, due - Date.now()));
        }
      };
      try {
        const lines = createInterface({ input: await openInput(options.input, io), crlfDelay: Infinity });
        const batchSize =
          options.rate !== undefined
            ? Math.max(1, Math.min(options.batchSize, Math.ceil(options.rate / 10)))
            : options.batchSize;
        for await (const line of lines) {
          if (line.length === 0) continue;
          batch.push({ key: telemetryKey(line), value: line });
          if (batch.length >= batchSize) await flush();
        }
        await flush();
      } finally {
        bar?.stop();
        await producer.disconnect();
      }
      io.stderr.write(
        `produced ${sent} records to ${topic} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
      );
    });
}
