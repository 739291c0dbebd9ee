import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { type Provider } from '@nestjs/common';
import {
  type AlertSink,
  ElasticBulkSink,
  JsonLinesSink,
  OcsfKafkaSink,
  PagerDutySink,
  SlackSink,
  SplunkHecSink,
  SyslogSink,
  WebhookSink,
  toOcsfDetectionFinding,
} from '@argus/alerting';
import { ARGUS_CONFIG, type ArgusConfig } from '@argus/config';
import { KAFKA_PRODUCER, type KafkaProducerPort } from '@argus/kafka';

export const ALERT_SINKS = Symbol('ALERT_SINKS');

/** Version of Argus for `metadata.product.version` (OCSF) and the CEF header: the nearest package.json. */
function productVersion(): string {
  for (let directory = __dirname; directory !== dirname(directory); directory = dirname(directory)) {
    const file = join(directory, 'package.json');
    if (!existsSync(file)) continue;
    const { name, version } = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (version !== undefined && name !== undefined) return version;
  }
  return '0.0.0';
}

/**
 * The sinks configured in the environment, each enabled by its target: stdout, JSONL file, signed
 * webhook, Slack, Splunk HEC, Elastic, syslog CEF, OCSF webhook, OCSF to KAFKA_TOPIC_ALERTS and PagerDuty. Sink names
 * (`sink.name`) are what the alert policy routes to. An empty list is allowed.
 */
export const alertSinksProvider: Provider = {
  provide: ALERT_SINKS,
  inject: [ARGUS_CONFIG, KAFKA_PRODUCER],
  useFactory: (config: ArgusConfig, producer: KafkaProducerPort): AlertSink[] => {
    const { alerting } = config;
    const settings = alerting.sinks;
    const version = productVersion();
    const sinks: AlertSink[] = [];
    if (alerting.stdout) sinks.push(new JsonLinesSink({ stream: process.stdout }));
    if (alerting.jsonlFile !== undefined) sinks.push(new JsonLinesSink({ file: alerting.jsonlFile }));
    if (alerting.webhook !== undefined) sinks.push(new WebhookSink(alerting.webhook));
    if (settings.slack !== undefined)
      sinks.push(
        new SlackSink({
          webhookUrl: settings.slack.webhookUrlSecret,
          minIntervalMs: settings.slack.minIntervalMs,
          timeoutMs: settings.httpTimeoutMs,
          dashboardUrl: settings.dashboardUrl,
        }),
      );
    if (settings.splunkHec !== undefined) {
      const { tokenSecret, ...splunk } = settings.splunkHec;
      sinks.push(
        new SplunkHecSink({
          ...splunk,
          token: tokenSecret,
          index: splunk.index,
          host: hostname(),
          timeoutMs: settings.httpTimeoutMs,
          batchMaxAlerts: settings.batch.maxAlerts,
          batchMaxWaitMs: settings.batch.maxWaitMs,
        }),
      );
    }
    if (settings.elastic !== undefined)
      sinks.push(
        new ElasticBulkSink({
          url: settings.elastic.url,
          index: settings.elastic.index,
          apiKey: settings.elastic.apiKeySecret,
          ca: settings.elastic.ca,
          timeoutMs: settings.httpTimeoutMs,
          batchMaxAlerts: settings.batch.maxAlerts,
          batchMaxWaitMs: settings.batch.maxWaitMs,
        }),
      );
    if (settings.syslog !== undefined)
      sinks.push(
        new SyslogSink({
          ...settings.syslog,
          timeoutMs: settings.httpTimeoutMs,
          hostname: hostname(),
          productVersion: version,
        }),
      );
    const ocsf = { productVersion: version, dashboardUrl: settings.dashboardUrl };
    if (settings.ocsfWebhook !== undefined)
      sinks.push(
        new WebhookSink({
          name: 'ocsf-webhook',
          url: settings.ocsfWebhook.url,
          secret: settings.ocsfWebhook.secret,
          timeoutMs: settings.httpTimeoutMs,
          render: (alert) => toOcsfDetectionFinding(alert, ocsf),
        }),
      );
    if (settings.ocsfKafka) sinks.push(new OcsfKafkaSink(producer, config.kafka.topics.alerts, ocsf));
    if (settings.pagerDuty !== undefined)
      sinks.push(
        new PagerDutySink({
          url: settings.pagerDuty.url,
          routingKey: settings.pagerDuty.routingKeySecret,
          source: hostname(),
          timeoutMs: settings.httpTimeoutMs,
          dashboardUrl: settings.dashboardUrl,
        }),
      );
    return sinks;
  },
};
