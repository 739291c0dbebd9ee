import { type Alert } from '../alert';
import { toSlackMessage } from '../format/slack.format';
import { type AlertSink, PermanentDeliveryError, TransientDeliveryError } from './alert-sink';
import { SinkHttpClient, httpFailure, parseRetryAfter } from './http-client';

export type SlackSinkOptions = {
  /** Incoming webhook URL (it is the credential: whoever has it can post to the channel). */
  webhookUrl: string;
  timeoutMs: number;
  /** Slack allows about one message per second per incoming webhook; sends are spaced by this much. */
  minIntervalMs?: number;
  dashboardUrl?: string;
  ca?: string;
};

export type SlackSinkDeps = { now?: () => number; sleep?: (ms: number) => Promise<void> };

/**
 * Slack incoming webhook with a Block Kit message. Sends are paced (one per `minIntervalMs` per webhook,
 * so a burst does not earn a 429), a 429 pushes every later send past its Retry-After and fails this one
 * as transient with that delay. Slack answers `ok` with 200; 400/403/404/410 (invalid_payload,
 * action_prohibited, no_service, channel_is_archived) cannot succeed on retry and are permanent.
 */
export class SlackSink implements AlertSink {
  readonly name = 'slack';
  private readonly url: URL;
  private readonly http: SinkHttpClient;
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private nextSendAt = 0;

  constructor(
    private readonly options: SlackSinkOptions,
    deps: SlackSinkDeps = {},
  ) {
    this.url = new URL(options.webhookUrl);
    this.http = new SinkHttpClient('slack', { ca: options.ca, timeoutMs: options.timeoutMs, maxSockets: 2 });
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.now = deps.now ?? Date.now;
    this.sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  close(): Promise<void> {
    this.http.close();
    return Promise.resolve();
  }

  async deliver(alert: Alert): Promise<void> {
    const body = JSON.stringify(toSlackMessage(alert, { dashboardUrl: this.options.dashboardUrl }));
    // Each caller reserves the next free slot before waiting, so concurrent deliveries queue up in order.
    const now = this.now();
    const slot = Math.max(now, this.nextSendAt);
    this.nextSendAt = slot + this.minIntervalMs;
    if (slot > now) await this.sleep(slot - now);
    const response = await this.http.post(this.url, body, { 'content-type': 'application/json' });
    if (response.status === 200) return;
    if (response.status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers['retry-after']) ?? 1000;
      this.nextSendAt = Math.max(this.nextSendAt, this.now() + retryAfterMs);
      throw new TransientDeliveryError(`slack rate limited; retry after ${retryAfterMs} ms`, retryAfterMs);
    }
    const failure = httpFailure('slack', response);
    throw failure instanceof TransientDeliveryError ? failure : new PermanentDeliveryError(failure.message);
  }
}
