import { type Alert } from '../alert';
import { type OcsfFormatOptions, toOcsfDetectionFinding } from '../format/ocsf.format';
import { type AlertSink, TransientDeliveryError } from './alert-sink';

/**
 * The slice of a Kafka producer this sink needs, so libs/alerting stays free of Kafka client code: the
 * alerter passes its producer port, which resolves once the brokers acknowledged the records.
 */
export type AlertRecordProducer = {
  send(
    topic: string,
    records: { key: string; value: string; headers?: Record<string, string> }[],
  ): Promise<void>;
};

/**
 * OCSF Detection Findings to a Kafka topic (`ai.alerts.v1`) for SIEM connectors. Keyed by alert id, so
 * every update of one alert lands in one partition, in order.
 */
export class OcsfKafkaSink implements AlertSink {
  readonly name = 'ocsf-kafka';

  constructor(
    private readonly producer: AlertRecordProducer,
    private readonly topic: string,
    private readonly format: OcsfFormatOptions,
  ) {}

  async deliver(alert: Alert): Promise<void> {
    try {
      await this.producer.send(this.topic, [
        {
          key: alert.alert_id,
          value: JSON.stringify(toOcsfDetectionFinding(alert, this.format)),
          headers: { 'content-type': 'application/json', 'ocsf-class-uid': '2004' },
        },
      ]);
    } catch (error) {
      throw new TransientDeliveryError(
        `ocsf-kafka send to ${this.topic} failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
