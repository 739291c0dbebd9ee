import { type Alert } from '../alert';
import { toPagerDutyEvent } from '../format/pagerduty.format';
import { type AlertSink } from './alert-sink';
import { SinkHttpClient, httpFailure, isSuccess } from './http-client';

export type PagerDutySinkOptions = {
  /** Events API v2 endpoint (`…/v2/enqueue`). */
  url: string;
  /** Integration (routing) key of the PagerDuty service. */
  routingKey: string;
  /** `payload.source`: the host that raised the alert. */
  source: string;
  timeoutMs: number;
  dashboardUrl?: string;
  ca?: string;
};

/**
 * PagerDuty Events API v2: one `trigger` event per alert. 202 (any 2xx) is accepted; 400 (invalid event) and other
 * 4xx are permanent; 429 (PagerDuty throttles per routing key) and 5xx are retried.
 */
export class PagerDutySink implements AlertSink {
  readonly name = 'pagerduty';
  private readonly url: URL;
  private readonly http: SinkHttpClient;

  constructor(private readonly options: PagerDutySinkOptions) {
    this.url = new URL(options.url);
    this.http = new SinkHttpClient('pagerduty', {
      ca: options.ca,
      timeoutMs: options.timeoutMs,
      maxSockets: 4,
    });
  }

  close(): Promise<void> {
    this.http.close();
    return Promise.resolve();
  }

  async deliver(alert: Alert): Promise<void> {
    const body = JSON.stringify(toPagerDutyEvent(alert, this.options));
    const response = await this.http.post(this.url, body, { 'content-type': 'application/json' });
    if (!isSuccess(response.status)) throw httpFailure('pagerduty', response);
  }
}
