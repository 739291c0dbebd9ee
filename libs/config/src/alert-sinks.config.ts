import { type Env } from './env.schema';

/**
 * Settings of the Slack and SIEM alert sinks, from the ALERT_* variables. A sink is enabled by setting its
 * target (URL); credentials sit in fields named `…Secret` so `bin/argus config` masks them.
 */
export type AlertSinksConfig = {
  /** Where alerts link back to (Slack button, OCSF `src_url`). */
  dashboardUrl: string | undefined;
  httpTimeoutMs: number;
  batch: { maxAlerts: number; maxWaitMs: number };
  slack: { webhookUrlSecret: string; minIntervalMs: number } | undefined;
  splunkHec:
    | {
        url: string;
        tokenSecret: string;
        index: string | undefined;
        source: string;
        sourcetype: string;
        ca: string | undefined;
        ack: { pollMs: number; timeoutMs: number } | undefined;
      }
    | undefined;
  elastic:
    { url: string; index: string; apiKeySecret: string | undefined; ca: string | undefined } | undefined;
  syslog:
    | {
        transport: 'udp' | 'tcp' | 'tls';
        host: string;
        port: number;
        ca: string | undefined;
        facility: number;
        appName: string;
      }
    | undefined;
  ocsfWebhook: { url: string; secret: string | undefined } | undefined;
  /** Publish OCSF Detection Findings to KAFKA_TOPIC_ALERTS. */
  ocsfKafka: boolean;
  pagerDuty: { url: string; routingKeySecret: string } | undefined;
};

export function alertSinksConfig(
  env: Env,
  readPem: (path: string | undefined) => string | undefined,
): AlertSinksConfig {
  const syslog = env.ALERT_SYSLOG_URL === undefined ? undefined : new URL(env.ALERT_SYSLOG_URL);
  return {
    dashboardUrl: env.ALERT_DASHBOARD_URL,
    httpTimeoutMs: env.ALERT_HTTP_TIMEOUT_MS,
    batch: { maxAlerts: env.ALERT_SIEM_BATCH_MAX_ALERTS, maxWaitMs: env.ALERT_SIEM_BATCH_WAIT_MS },
    slack:
      env.ALERT_SLACK_WEBHOOK_URL === undefined
        ? undefined
        : { webhookUrlSecret: env.ALERT_SLACK_WEBHOOK_URL, minIntervalMs: env.ALERT_SLACK_MIN_INTERVAL_MS },
    splunkHec:
      env.ALERT_SPLUNK_HEC_URL === undefined || env.ALERT_SPLUNK_HEC_TOKEN === undefined
        ? undefined
        : {
            url: env.ALERT_SPLUNK_HEC_URL,
            tokenSecret: env.ALERT_SPLUNK_HEC_TOKEN,
            index: env.ALERT_SPLUNK_HEC_INDEX,
            source: env.ALERT_SPLUNK_HEC_SOURCE,
            sourcetype: env.ALERT_SPLUNK_HEC_SOURCETYPE,
            ca: readPem(env.ALERT_SPLUNK_HEC_CA_FILE),
            ack: env.ALERT_SPLUNK_HEC_ACK
              ? { pollMs: 1000, timeoutMs: env.ALERT_SPLUNK_HEC_ACK_TIMEOUT_MS }
              : undefined,
          },
    elastic:
      env.ALERT_ELASTIC_URL === undefined
        ? undefined
        : {
            url: env.ALERT_ELASTIC_URL,
            index: env.ALERT_ELASTIC_INDEX,
            apiKeySecret: env.ALERT_ELASTIC_API_KEY,
            ca: readPem(env.ALERT_ELASTIC_CA_FILE),
          },
    syslog:
      syslog === undefined
        ? undefined
        : {
            transport: syslog.protocol.replace(':', '') as 'udp' | 'tcp' | 'tls',
            host: syslog.hostname.replace(/^\[|\]$/g, ''),
            port: Number(syslog.port),
            ca: readPem(env.ALERT_SYSLOG_CA_FILE),
            facility: env.ALERT_SYSLOG_FACILITY,
            appName: env.ALERT_SYSLOG_APP_NAME,
          },
    ocsfWebhook:
      env.ALERT_OCSF_WEBHOOK_URL === undefined
        ? undefined
        : { url: env.ALERT_OCSF_WEBHOOK_URL, secret: env.ALERT_OCSF_WEBHOOK_SECRET },
    ocsfKafka: env.ALERT_OCSF_KAFKA,
    pagerDuty:
      env.ALERT_PAGERDUTY_ROUTING_KEY === undefined
        ? undefined
        : { url: env.ALERT_PAGERDUTY_URL, routingKeySecret: env.ALERT_PAGERDUTY_ROUTING_KEY },
  };
}
