import { type Alert } from '../alert';
import { toElasticBulkBody } from '../format/elastic-ecs.format';
import { type AlertSink, PermanentDeliveryError, TransientDeliveryError } from './alert-sink';
import { SinkHttpClient, httpFailure, isSuccess } from './http-client';
import { MicroBatcher } from './micro-batcher';

export type ElasticBulkSinkOptions = {
  /** Base URL of Elasticsearch, e.g. `https://es.example:9200`. */
  url: string;
  /** Index or data stream the alerts are written to. */
  index: string;
  /** Encoded API key (`Authorization: ApiKey <key>`), as Kibana shows it. */
  apiKey?: string;
  timeoutMs: number;
  ca?: string;
  batchMaxAlerts: number;
  batchMaxWaitMs: number;
};

type BulkItem = { status?: number; error?: { type?: string; reason?: string } };
type BulkAnswer = { errors?: boolean; items?: Record<string, BulkItem>[] };

/**
 * Elasticsearch `_bulk` with ECS documents, batched. A 200 answer is not enough: `_bulk` reports each
 * item, so every alert settles with its own item's status. 2xx is delivered and so is 409 (the `create`
 * of an alert id already indexed: a re-delivery, not a loss); 429 and 5xx items are retried; other item
 * errors (mapping conflicts, a closed index) are permanent.
 */
export class ElasticBulkSink implements AlertSink {
  readonly name = 'elastic';
  private readonly http: SinkHttpClient;
  private readonly bulkUrl: URL;
  private readonly batcher: MicroBatcher<Alert>;

  constructor(private readonly options: ElasticBulkSinkOptions) {
    this.http = new SinkHttpClient('elastic', { ca: options.ca, timeoutMs: options.timeoutMs });
    this.bulkUrl = new URL('_bulk', options.url.endsWith('/') ? options.url : `${options.url}/`);
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

  private async sendBatch(alerts: Alert[]): Promise<(Error | undefined)[]> {
    const headers: Record<string, string> = { 'content-type': 'application/x-ndjson' };
    if (this.options.apiKey !== undefined) headers.authorization = `ApiKey ${this.options.apiKey}`;
    const response = await this.http.post(
      this.bulkUrl,
      toElasticBulkBody(alerts, this.options.index),
      headers,
    );
    if (!isSuccess(response.status)) {
      const failure = httpFailure('elastic', response);
      return alerts.map(() => failure);
    }
    let answer: BulkAnswer;
    try {
      answer = JSON.parse(response.body) as BulkAnswer;
    } catch {
      const failure = new TransientDeliveryError('elastic _bulk answered 2xx without a JSON body');
      return alerts.map(() => failure);
    }
    const items = answer.items ?? [];
    if (items.length !== alerts.length) {
      const failure = new TransientDeliveryError(
        `elastic _bulk answered ${items.length} items for ${alerts.length} actions`,
      );
      return alerts.map(() => failure);
    }
    return items.map((entry) => itemOutcome(Object.values(entry)[0] ?? {}));
  }
}

function itemOutcome(item: BulkItem): Error | undefined {
  const status = item.status ?? 0;
  if (isSuccess(status) || status === 409) return undefined;
  const reason = `elastic item ${status}: ${item.error?.type ?? 'error'}: ${item.error?.reason ?? ''}`.slice(
    0,
    300,
  );
  return status === 429 || status >= 500
    ? new TransientDeliveryError(reason)
    : new PermanentDeliveryError(reason);
}
