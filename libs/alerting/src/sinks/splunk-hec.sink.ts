import { randomUUID } from 'node:crypto';
import { type Alert } from '../alert';
import { type SplunkHecFormatOptions, toSplunkHecEnvelope } from '../format/splunk-hec.format';
import { type AlertSink, PermanentDeliveryError, TransientDeliveryError } from './alert-sink';
import { SinkHttpClient, httpFailure, isSuccess } from './http-client';
import { MicroBatcher } from './micro-batcher';

export type SplunkHecSinkOptions = SplunkHecFormatOptions & {
  /** Base URL of the HTTP Event Collector, e.g. `https://splunk.example:8088`. */
  url: string;
  token: string;
  timeoutMs: number;
  ca?: string;
  batchMaxAlerts: number;
  batchMaxWaitMs: number;
  /**
   * Indexer acknowledgement: an alert counts as delivered only once Splunk reports it indexed (the
   * token must have acknowledgement enabled), polled every `ackPollMs` up to `ackTimeoutMs`.
   */
  ack?: { pollMs: number; timeoutMs: number };
};

type HecAnswer = { text?: string; code?: number; ackId?: number; 'invalid-event-number'?: number };

/**
 * Splunk HTTP Event Collector: alerts are batched into one `POST /services/collector/event` (envelopes
 * concatenated), with `Authorization: Splunk <token>` and a request channel of this sink instance. Each
 * alert's promise settles with its own outcome: when HEC rejects event N of a batch as malformed, that
 * alert fails for good and the others are retried.
 */
export class SplunkHecSink implements AlertSink {
  readonly name = 'splunk-hec';
  readonly channel = randomUUID();
  private readonly http: SinkHttpClient;
  private readonly eventUrl: URL;
  private readonly ackUrl: URL;
  private readonly batcher: MicroBatcher<Alert>;

  constructor(private readonly options: SplunkHecSinkOptions) {
    this.http = new SinkHttpClient('splunk-hec', { ca: options.ca, timeoutMs: options.timeoutMs });
    this.eventUrl = new URL('services/collector/event', withSlash(options.url));
    this.ackUrl = new URL('services/collector/ack', withSlash(options.url));
    this.ackUrl.searchParams.set('channel', this.channel);
    this.batcher = new MicroBatcher(
      { maxItems: options.batchMaxAlerts, maxWaitMs: options.batchMaxWaitMs },
      (alerts) => this.sendBatch(alerts),
    );
  }

  deliver(alert: Alert): Promise<void> {
    return this.batcher.submit(alert);
  }

  /** Sends what is still batched and waits for it before closing the connections. */
  async close(): Promise<void> {
    await this.batcher.drain();
    this.http.close();
  }

  private headers(): Record<string, string> {
    return {
      authorization: `Splunk ${this.options.token}`,
      'content-type': 'application/json',
      'x-splunk-request-channel': this.channel,
    };
  }

  private async sendBatch(alerts: Alert[]): Promise<(Error | undefined)[]> {
    const body = alerts.map((alert) => JSON.stringify(toSplunkHecEnvelope(alert, this.options))).join('\n');
    const response = await this.http.post(this.eventUrl, body, this.headers());
    const answer = parseAnswer(response.body);
    if (!isSuccess(response.status)) {
      const invalid = answer?.['invalid-event-number'];
      if (response.status === 400 && invalid !== undefined && alerts.length > 1) {
        // HEC stops at the first bad envelope; only that one is hopeless.
        return alerts.map((_, index) =>
          index === invalid
            ? new PermanentDeliveryError(`splunk-hec rejected the event: ${answer?.text ?? ''}`)
            : new TransientDeliveryError(`splunk-hec rejected event ${invalid} of the batch; resending`),
        );
      }
      const failure = httpFailure('splunk-hec', response);
      return alerts.map(() => failure);
    }
    if (this.options.ack !== undefined) {
      if (answer?.ackId === undefined) {
        const failure = new PermanentDeliveryError(
          'splunk-hec returned no ackId: enable indexer acknowledgement on the token or turn ALERT_SPLUNK_HEC_ACK off',
        );
        return alerts.map(() => failure);
      }
      const failure = await this.awaitAck(answer.ackId, this.options.ack);
      return alerts.map(() => failure);
    }
    return alerts.map(() => undefined);
  }

  /** Undefined once Splunk reports the batch indexed; a transient error when it does not say so in time. */
  private async awaitAck(
    ackId: number,
    ack: { pollMs: number; timeoutMs: number },
  ): Promise<Error | undefined> {
    const deadline = Date.now() + ack.timeoutMs;
    for (;;) {
      const response = await this.http.post(this.ackUrl, JSON.stringify({ acks: [ackId] }), this.headers());
      if (!isSuccess(response.status)) return httpFailure('splunk-hec ack', response);
      const acks = (parseJson(response.body) as { acks?: Record<string, boolean> } | undefined)?.acks;
      if (acks?.[String(ackId)] === true) return undefined;
      if (Date.now() + ack.pollMs > deadline)
        return new TransientDeliveryError(
          `splunk-hec did not acknowledge ackId ${ackId} within ${ack.timeoutMs} ms`,
        );
      await new Promise((resolve) => setTimeout(resolve, ack.pollMs));
    }
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseAnswer(text: string): HecAnswer | undefined {
  const json = parseJson(text);
  return typeof json === 'object' && json !== null ? json : undefined;
}
