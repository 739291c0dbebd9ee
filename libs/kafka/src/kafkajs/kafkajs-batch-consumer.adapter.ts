import { type Admin, type Consumer, type EachBatchPayload, type Kafka } from 'kafkajs';
import { partitionLag } from '../consumer.lag';
import { describeKafkaError } from '../kafka.errors';
import {
  type BatchConsumerOptions,
  type BatchConsumerPort,
  type BatchHandler,
  type KafkaLogger,
  type KafkaLogLevel,
  type PartitionLag,
  type TopicPartitions,
} from '../kafka.port';
import { type BackoffPolicy, backoffDelayMs, DEFAULT_BATCH_RETRY_BACKOFF } from '../retry.backoff';
import { toKafkaError } from './kafkajs-errors.mapper';
import { toConsumedRecord } from './kafkajs-records.mapper';

const DEFAULTS = {
  sessionTimeoutMs: 30_000,
  heartbeatIntervalMs: 3_000,
  rebalanceTimeoutMs: 60_000,
  maxBytes: 10 * 1024 * 1024,
  maxBytesPerPartition: 1024 * 1024,
  maxWaitTimeMs: 1_000,
};

/** Granularity of the back-off sleep: how fast `stop()` interrupts it and heartbeats go out. */
const BACKOFF_STEP_MS = 100;

const sleep = (milliseconds: number) => new Promise<void>((resolve) => setTimeout(resolve, milliseconds));

/**
 * At-least-once batch consumer. Each fetched partition batch goes to the handler whole; its offsets
 * are committed only after the handler resolves. When the handler throws, nothing is resolved or
 * committed, the consumer backs off (heartbeating, so it keeps its partitions) and returns: kafkajs
 * fetches the next batch from the last resolved offset, so the same records come back.
 */
export class KafkaJsBatchConsumerAdapter implements BatchConsumerPort {
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  private adminConnecting: Promise<void> | undefined;
  private readonly groupId: string;
  private readonly heartbeatIntervalMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly partitionsConsumedConcurrently: number;
  private readonly topics = new Set<string>();
  /** Consecutive failures per topic-partition, for the back-off. */
  private readonly failures = new Map<string, number>();
  /** `undefined` until the group assigned partitions to this member, and during rebalances. */
  private assignment: TopicPartitions[] | undefined;

  constructor(
    kafka: Kafka,
    options: BatchConsumerOptions,
    private readonly logger: KafkaLogger | undefined,
  ) {
    this.groupId = options.groupId;
    this.heartbeatIntervalMs = options.heartbeatIntervalMs ?? DEFAULTS.heartbeatIntervalMs;
    this.backoff = {
      initialMs: options.retryBackoff?.initialMs ?? DEFAULT_BATCH_RETRY_BACKOFF.initialMs,
      maxMs: options.retryBackoff?.maxMs ?? DEFAULT_BATCH_RETRY_BACKOFF.maxMs,
    };
    this.partitionsConsumedConcurrently = options.partitionsConsumedConcurrently ?? 1;
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout: options.sessionTimeoutMs ?? DEFAULTS.sessionTimeoutMs,
      rebalanceTimeout: options.rebalanceTimeoutMs ?? DEFAULTS.rebalanceTimeoutMs,
      heartbeatInterval: this.heartbeatIntervalMs,
      maxBytes: options.maxBytes ?? DEFAULTS.maxBytes,
      maxBytesPerPartition: options.maxBytesPerPartition ?? DEFAULTS.maxBytesPerPartition,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? DEFAULTS.maxWaitTimeMs,
      allowAutoTopicCreation: false,
    });
    this.admin = kafka.admin();
    this.trackAssignment();
  }

  async connect(): Promise<void> {
    try {
      await this.consumer.connect();
    } catch (error) {
      throw toKafkaError(error, 'KAFKA_CONSUMER_FAILED', `connecting consumer of group ${this.groupId}`);
    }
  }

  async subscribe(topics: string[], options: { fromBeginning: boolean }): Promise<void> {
    try {
      await this.consumer.subscribe({ topics, fromBeginning: options.fromBeginning });
    } catch (error) {
      throw toKafkaError(
        error,
        'KAFKA_CONSUMER_FAILED',
        `subscribing group ${this.groupId} to ${topics.join(', ')}`,
      );
    }
    for (const topic of topics) this.topics.add(topic);
  }

  async run(handler: BatchHandler): Promise<void> {
    await this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.processBatch(payload, handler),
    });
  }

  isAssigned(): boolean {
    return this.assignment !== undefined;
  }

  assignedPartitions(): TopicPartitions[] {
    return (this.assignment ?? []).map(({ topic, partitions }) => ({ topic, partitions: [...partitions] }));
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    this.assignment = undefined;
  }

  async disconnect(): Promise<void> {
    await this.consumer.disconnect();
    this.assignment = undefined;
    if (this.adminConnecting !== undefined) {
      this.adminConnecting = undefined;
      await this.admin.disconnect();
    }
  }

  async lag(): Promise<PartitionLag[]> {
    const topics = [...this.topics];
    if (topics.length === 0) return [];
    try {
      this.adminConnecting ??= this.admin.connect();
      await this.adminConnecting;
      const committed = await this.admin.fetchOffsets({ groupId: this.groupId, topics });
      const lags: PartitionLag[] = [];
      for (const topic of topics) {
        const watermarks = await this.admin.fetchTopicOffsets(topic);
        const committedByPartition = new Map(
          (committed.find((entry) => entry.topic === topic)?.partitions ?? []).map((entry) => [
            entry.partition,
            entry.offset,
          ]),
        );
        for (const { partition, high, low } of watermarks) {
          const offset = committedByPartition.get(partition) ?? '-1';
          lags.push(partitionLag({ topic, partition, committed: offset, high, low }));
        }
      }
      return lags.sort(
        (left, right) => left.topic.localeCompare(right.topic) || left.partition - right.partition,
      );
    } catch (error) {
      this.adminConnecting = undefined;
      throw toKafkaError(error, 'KAFKA_ADMIN_FAILED', `computing the lag of group ${this.groupId}`);
    }
  }

  private trackAssignment(): void {
    const { GROUP_JOIN, REBALANCING, STOP, CRASH, DISCONNECT } = this.consumer.events;
    this.consumer.on(GROUP_JOIN, ({ payload }) => {
      this.assignment = Object.entries(payload.memberAssignment).map(([topic, partitions]) => ({
        topic,
        partitions: [...partitions].sort((left, right) => left - right),
      }));
    });
    const unassign = () => {
      this.assignment = undefined;
    };
    this.consumer.on(REBALANCING, unassign);
    this.consumer.on(STOP, unassign);
    this.consumer.on(CRASH, unassign);
    this.consumer.on(DISCONNECT, unassign);
  }

  private async processBatch(payload: EachBatchPayload, handler: BatchHandler): Promise<void> {
    const { batch } = payload;
    if (batch.messages.length === 0 || !payload.isRunning() || payload.isStale()) return;
    const { topic, partition } = batch;
    const records = batch.messages.map((message) => toConsumedRecord(topic, partition, message));
    const firstOffset = records[0].offset;
    const lastOffset = records[records.length - 1].offset;
    const key = `${topic}:${partition}`;

    try {
      await this.withHeartbeats(payload, () => handler({ topic, partition, records }));
    } catch (error) {
      const attempt = (this.failures.get(key) ?? 0) + 1;
      this.failures.set(key, attempt);
      const delayMs = backoffDelayMs(attempt, this.backoff);
      this.log('error', 'batch handler failed; the batch will be redelivered after a back-off', {
        groupId: this.groupId,
        topic,
        partition,
        firstOffset,
        lastOffset,
        records: records.length,
        attempt,
        retryInMs: delayMs,
        error: describeKafkaError(error),
        errorCode: (error as { code?: unknown }).code,
      });
      await this.backOff(payload, delayMs);
      return;
    }
    this.failures.delete(key);

    const nextOffset = (BigInt(lastOffset) + 1n).toString();
    try {
      await payload.commitOffsetsIfNecessary({
        topics: [{ topic, partitions: [{ partition, offset: nextOffset }] }],
      });
    } catch (error) {
      // kafkajs recognises its own errors (a rebalance means: re-join), so this one is rethrown as is;
      // the offsets stay unresolved and the records come back (at least once).
      this.log('warn', 'committing offsets failed; the batch will be redelivered', {
        groupId: this.groupId,
        topic,
        partition,
        offset: nextOffset,
        error: describeKafkaError(error),
      });
      throw error;
    }
    payload.resolveOffset(lastOffset);
    await payload.heartbeat();
  }

  /** Keeps the group membership alive while a slow handler runs (a missed session would rebalance). */
  private async withHeartbeats(payload: EachBatchPayload, work: () => Promise<void>): Promise<void> {
    const timer = setInterval(() => {
      payload.heartbeat().catch((error: unknown) => {
        // A rebalance in progress shows up again when the offsets are committed after the handler.
        this.log('debug', 'heartbeat during batch processing failed', { error: describeKafkaError(error) });
      });
    }, this.heartbeatIntervalMs);
    try {
      await work();
    } finally {
      clearInterval(timer);
    }
  }

  /** Sleeps `delayMs`, heartbeating, and returns early when the consumer stops. */
  private async backOff(payload: EachBatchPayload, delayMs: number): Promise<void> {
    const deadline = Date.now() + delayMs;
    while (payload.isRunning() && Date.now() < deadline) {
      // heartbeat() only calls the broker once per heartbeat interval; a rebalance error propagates
      // so kafkajs re-joins the group (the uncommitted records go to whoever gets the partition).
      await payload.heartbeat();
      await sleep(Math.min(BACKOFF_STEP_MS, deadline - Date.now()));
    }
  }

  private log(level: KafkaLogLevel, message: string, extra: Record<string, unknown>): void {
    this.logger?.(level, message, { namespace: 'BatchConsumer', ...extra });
  }
}
