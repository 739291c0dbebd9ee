import { type BatchHandler, type BatchConsumerPort, type KafkaConsumerFactory } from '@argus/kafka';
import { type ArgusMetrics, type HealthRegistry, type Logger } from '@argus/observability';
import { trackConsumerLag } from './consumer-metrics';

export type ManagedConsumerOptions = {
  /** Name used for the readiness check (`<name>.kafka-consumer`) and the logs. */
  name: string;
  groupId: string;
  topic: string;
  fromBeginning: boolean;
  partitionsConsumedConcurrently: number;
  maxBytesPerPartition?: number;
  handler: BatchHandler;
  /** Extra state for the readiness detail (e.g. the alerter's sink circuits); does not affect `ok`. */
  readinessDetail?: () => string;
};

export type ManagedConsumerDeps = {
  consumers: KafkaConsumerFactory;
  health: HealthRegistry;
  metrics: ArgusMetrics;
  logger: Logger;
};

/**
 * A batch consumer as every Argus app runs one: readiness reports its assignment, lag goes to the
 * metrics, and `stop()` is the consuming half of the ordered shutdown (fail readiness → stop fetching,
 * letting the batch in flight finish and commit). The owner flushes its writers between `stop()` and
 * `disconnect()`.
 */
export class ManagedConsumer {
  private consumer: BatchConsumerPort | undefined;
  private stopLagTracking: (() => void) | undefined;

  constructor(
    private readonly options: ManagedConsumerOptions,
    private readonly deps: ManagedConsumerDeps,
  ) {}

  async start(): Promise<void> {
    const { options, deps } = this;
    const consumer = deps.consumers.create({
      groupId: options.groupId,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
      ...(options.maxBytesPerPartition !== undefined
        ? { maxBytesPerPartition: options.maxBytesPerPartition }
        : {}),
    });
    this.consumer = consumer;
    deps.health.register(`${options.name}.kafka-consumer`, () => {
      const extra = options.readinessDetail?.();
      return Promise.resolve(
        consumer.isAssigned()
          ? { ok: true, ...(extra !== undefined ? { detail: extra } : {}) }
          : { ok: false, detail: `no partition assignment yet${extra !== undefined ? `; ${extra}` : ''}` },
      );
    });
    await consumer.connect();
    await consumer.subscribe([options.topic], { fromBeginning: options.fromBeginning });
    await consumer.run(options.handler);
    this.stopLagTracking = trackConsumerLag(consumer, options.groupId, deps.metrics, deps.logger);
  }

  async stop(): Promise<void> {
    this.deps.health.markShuttingDown();
    this.stopLagTracking?.();
    await this.consumer?.stop();
  }

  async disconnect(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
