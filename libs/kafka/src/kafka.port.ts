// The Kafka port: what the rest of Argus may know about Kafka. No client library types leak through
// here, so the kafkajs adapters (./kafkajs) can be swapped without touching a caller.

export type KafkaLogLevel = 'error' | 'warn' | 'info' | 'debug';

/** Receives the client library's log lines; route them to the process logger. */
export type KafkaLogger = (level: KafkaLogLevel, message: string, extra: Record<string, unknown>) => void;

export type KafkaSslOptions = {
  /** PEM of the CA that signed the brokers' certificates (default: the system trust store). */
  ca?: string;
  /** PEM client certificate and key, for mutual TLS. */
  cert?: string;
  key?: string;
  /** Verify the brokers' certificates; keep true outside tests. */
  rejectUnauthorized?: boolean;
};

export type KafkaSaslMechanism = 'plain' | 'scram-sha-256' | 'scram-sha-512';

export type KafkaSaslOptions = { mechanism: KafkaSaslMechanism; username: string; password: string };

export type KafkaConnectionOptions = {
  /** Bootstrap brokers, `host:port`. */
  brokers: string[];
  clientId: string;
  /** `true`: TLS with the system trust store. */
  ssl?: KafkaSslOptions | boolean;
  sasl?: KafkaSaslOptions;
  connectionTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Without a logger the client library logs nothing. */
  logger?: KafkaLogger;
  /** Lowest level passed to `logger` (default `info`). */
  logLevel?: KafkaLogLevel;
};

/** One record as read from a topic. Offsets and timestamps are decimal strings (64-bit values). */
export type ConsumedRecord = {
  topic: string;
  partition: number;
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  /** UTF-8 decoded; when a header name repeats, the last value wins. */
  headers: Record<string, string>;
  /** Milliseconds since the epoch. */
  timestamp: string;
};

export type OutgoingRecord = {
  key?: string | Buffer | null;
  /** `null` writes a tombstone (kept so a dead-lettered tombstone stays one). */
  value: string | Buffer | null;
  headers?: Record<string, string>;
};

/** The records of one partition fetched together, in offset order. */
export type RecordBatch = {
  topic: string;
  partition: number;
  records: ConsumedRecord[];
};

/**
 * Processes one batch. Resolving means the batch is safely stored: its offsets get committed.
 * Throwing means "try again later": nothing is committed and the same records come back after a
 * back-off. Bad records must therefore be dead-lettered by the handler, never thrown for.
 */
export type BatchHandler = (batch: RecordBatch) => Promise<void>;

export type TopicPartitions = { topic: string; partitions: number[] };

export type PartitionOffset = { partition: number; offset: string };

export type PartitionLag = { topic: string; partition: number; lag: number };

export type TopicSpec = {
  topic: string;
  partitions: number;
  replicationFactor?: number;
  /** Topic configs, e.g. `{ 'retention.ms': '604800000', 'max.message.bytes': '2097152' }`. */
  configs?: Record<string, string>;
};

export type ProducerOptions = {
  /** `gzip` is built in; other codecs would need extra packages. Default `none`. */
  compression?: 'none' | 'gzip';
  /** Attempts after the first failure before `send` rejects (default 10, about 30 s of back-off). */
  retries?: number;
};

export type BatchConsumerOptions = {
  groupId: string;
  /** The broker drops a member that sends no heartbeat for this long (default 30 s). */
  sessionTimeoutMs?: number;
  heartbeatIntervalMs?: number;
  rebalanceTimeoutMs?: number;
  /** Upper bound of one fetch response (default 10 MiB). */
  maxBytes?: number;
  /**
   * Upper bound per partition and fetch (default 1 MiB). A record larger than this is still
   * delivered (the broker always returns the first record batch of a partition), so an oversized
   * message never wedges the consumer.
   */
  maxBytesPerPartition?: number;
  /** How long the broker holds a fetch open when there is no data (default 1 s). */
  maxWaitTimeMs?: number;
  /** Back-off after a failed batch: doubles from `initialMs` up to `maxMs` (defaults 200 ms, 30 s). */
  retryBackoff?: { initialMs?: number; maxMs?: number };
  /** Partitions handled at the same time (default 1). */
  partitionsConsumedConcurrently?: number;
};

export type KafkaProducerPort = {
  connect(): Promise<void>;
  /** Resolves once every record is acknowledged by all in-sync replicas. */
  send(topic: string, records: OutgoingRecord[]): Promise<void>;
  disconnect(): Promise<void>;
};

export type BatchConsumerPort = {
  connect(): Promise<void>;
  subscribe(topics: string[], options: { fromBeginning: boolean }): Promise<void>;
  /** Starts consuming in the background; resolves once started, not when consumption ends. */
  run(handler: BatchHandler): Promise<void>;
  /**
   * True once this member has joined its group and received an assignment (which may hold no
   * partition when the group has more members than partitions); false while rebalancing, after
   * a crash and after `stop`.
   */
  isAssigned(): boolean;
  assignedPartitions(): TopicPartitions[];
  /** Stops fetching; the batch in progress finishes and is committed before this resolves. */
  stop(): Promise<void>;
  disconnect(): Promise<void>;
  /** Records not yet committed by this group, per partition of the subscribed topics. */
  lag(): Promise<PartitionLag[]>;
};

export type KafkaAdminPort = {
  connect(): Promise<void>;
  /** Creates the topics that do not exist yet; returns the names it created. */
  ensureTopics(specs: TopicSpec[]): Promise<string[]>;
  deleteTopics(topics: string[]): Promise<void>;
  /** Committed offsets of a group (`-1` where it has committed nothing). */
  committedOffsets(groupId: string, topic: string): Promise<PartitionOffset[]>;
  /** Offset the next record of each partition will get (the high watermark). */
  endOffsets(topic: string): Promise<PartitionOffset[]>;
  disconnect(): Promise<void>;
};

/** Creates clients that share one connection configuration. */
export type KafkaClientPort = {
  createProducer(options?: ProducerOptions): KafkaProducerPort;
  createBatchConsumer(options: BatchConsumerOptions): BatchConsumerPort;
  createAdmin(): KafkaAdminPort;
};
