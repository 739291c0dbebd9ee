import { type WriterFlushInfo } from '@argus/clickhouse';
import { type BatchConsumerPort } from '@argus/kafka';
import { type ArgusMetrics, type Logger, errorFields } from '@argus/observability';

/** Polls consumer lag into the `argus_kafka_consumer_lag` gauge; returns a function that stops it. */
export function trackConsumerLag(
  consumer: BatchConsumerPort,
  group: string,
  metrics: ArgusMetrics,
  logger: Logger,
  intervalMs = 10_000,
): () => void {
  const timer = setInterval(() => {
    consumer.lag().then(
      (lags) => {
        for (const lag of lags)
          metrics.consumerLag.set({ group, topic: lag.topic, partition: String(lag.partition) }, lag.lag);
      },
      (error: unknown) => logger.debug({ group, ...errorFields(error) }, 'consumer lag unavailable'),
    );
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function writerFlushMetrics(metrics: ArgusMetrics, logger: Logger): (info: WriterFlushInfo) => void {
  return (info) => {
    metrics.clickhouseFlushDuration.observe(
      { table: info.table, outcome: info.ok ? 'ok' : 'error' },
      info.durationMs / 1000,
    );
    if (info.ok) metrics.clickhouseRowsWritten.inc({ table: info.table }, info.rows);
    else
      logger.error(
        { table: info.table, rows: info.rows, attempts: info.attempts, ...errorFields(info.error) },
        'ClickHouse insert failed',
      );
  };
}
