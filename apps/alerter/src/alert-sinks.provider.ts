import { type Provider } from '@nestjs/common';
import { type AlertSink, JsonLinesSink, WebhookSink } from '@argus/alerting';
import { ARGUS_CONFIG, type ArgusConfig } from '@argus/config';

export const ALERT_SINKS = Symbol('ALERT_SINKS');

/** The sinks configured in the environment (stdout, JSONL file, webhook); an empty list is allowed. */
export const alertSinksProvider: Provider = {
  provide: ALERT_SINKS,
  inject: [ARGUS_CONFIG],
  useFactory: (config: ArgusConfig): AlertSink[] => {
    const sinks: AlertSink[] = [];
    if (config.alerting.stdout) sinks.push(new JsonLinesSink({ stream: process.stdout }));
    if (config.alerting.jsonlFile !== undefined)
      sinks.push(new JsonLinesSink({ file: config.alerting.jsonlFile }));
    if (config.alerting.webhook !== undefined) sinks.push(new WebhookSink(config.alerting.webhook));
    return sinks;
  },
};
