import { type ArgusConfig } from '@argus/config';
import { type KafkaConnectionOptions } from '@argus/kafka';
import { type Logger } from '@argus/observability';

export function kafkaConnectionOptions(config: ArgusConfig, logger: Logger): KafkaConnectionOptions {
  const kafkaLogger = logger.child({ component: 'kafka' });
  return {
    brokers: config.kafka.brokers,
    clientId: config.kafka.clientId,
    ssl: config.kafka.ssl,
    sasl: config.kafka.sasl,
    logLevel: 'warn',
    logger: (level, message, extra) => kafkaLogger[level]({ ...extra }, message),
  };
}
