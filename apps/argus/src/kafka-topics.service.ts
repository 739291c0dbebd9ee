import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ARGUS_CONFIG, type ArgusConfig } from '@argus/config';
import { KAFKA_ADMIN, type KafkaAdminPort, type TopicSpec } from '@argus/kafka';
import { LOGGER, type Logger } from '@argus/observability';

/**
 * Telemetry and its DLQ accept records up to 16 MiB: an event over the ingest limit must still reach
 * Argus (to be dead-lettered with a reason) and fit, byte for byte, into the DLQ.
 */
const LARGE_RECORD_BYTES = String(16 * 1024 * 1024);

/** Creates Argus's topics before any consumer starts (dev and tests; off where topics are managed). */
@Injectable()
export class KafkaTopicsService implements OnModuleInit {
  constructor(
    @Inject(ARGUS_CONFIG) private readonly config: ArgusConfig,
    @Inject(KAFKA_ADMIN) private readonly admin: KafkaAdminPort,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async onModuleInit(): Promise<void> {
    if (!this.config.kafka.createTopics) return;
    const created = await this.admin.ensureTopics(argusTopicSpecs(this.config));
    if (created.length > 0) this.logger.info({ topics: created }, 'created Kafka topics');
  }
}

export function argusTopicSpecs(config: ArgusConfig): TopicSpec[] {
  const { topics, partitions, replicationFactor } = config.kafka;
  const large = { 'max.message.bytes': LARGE_RECORD_BYTES };
  return [
    { topic: topics.telemetry, partitions, replicationFactor, configs: large },
    { topic: topics.telemetryDeadLetter, partitions, replicationFactor, configs: large },
    { topic: topics.findings, partitions, replicationFactor },
    { topic: topics.alerts, partitions, replicationFactor },
    { topic: topics.alertsDeadLetter, partitions, replicationFactor },
  ];
}
