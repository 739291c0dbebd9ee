import {
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
  createServer,
  type Server,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type AddressInfo } from 'node:net';
import { type TestTls } from './test-tls';

/**
 * Local stand-ins for SaaS receivers that cannot run here (Slack, Splunk HEC, Elastic). Each one enforces
 * the request contract its vendor documents (auth header, body format, limits) and answers the way the
 * vendor does, and each can be told to misbehave: fail the next calls with a status (and Retry-After),
 * or hang them (never answer) to exercise timeouts.
 */
export type ReceivedRequest = { path: string; headers: IncomingHttpHeaders; body: string; at: number };
type Answer = { status: number; body: string; headers?: Record<string, string> };

abstract class ContractReceiver {
  /** Requests that passed the contract and were accepted. */
  readonly accepted: ReceivedRequest[] = [];
  /** Requests answered with an error, with the reason (contract violations and failures on command). */
  readonly rejected: { status: number; reason: string; body: string }[] = [];
  private failures: { remaining: number; status: number; retryAfter?: string } = {
    remaining: 0,
    status: 503,
  };
  private hangs = 0;
  private readonly hanging: ServerResponse[] = [];
  private server: Server | undefined;

  protected abstract handle(request: ReceivedRequest): Answer;
  protected abstract failureBody(status: number): string;

  /** Plain HTTP, or HTTPS with the test certificate when `tls` is given (e.g. for https-only settings). */
  async start(tls?: TestTls): Promise<string> {
    const listener = (request: IncomingMessage, response: ServerResponse) =>
      this.onRequest(request, response);
    this.server = tls
      ? createHttpsServer({ cert: tls.cert, key: tls.key }, listener)
      : createServer(listener);
    this.server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const port = (this.server.address() as AddressInfo).port;
    return tls ? `https://localhost:${port}` : `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    for (const response of this.hanging.splice(0)) response.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The next `count` requests that pass the contract are answered with `status`. */
  failNext(count: number, status = 503, retryAfter?: string): void {
    this.failures = { remaining: count, status, retryAfter };
  }

  /** The next `count` requests get no answer at all (the connection stays open until stop). */
  hangNext(count: number): void {
    this.hangs = count;
  }

  private onRequest(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received: ReceivedRequest = {
        path: request.url ?? '/',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      if (this.hangs > 0) {
        this.hangs--;
        this.hanging.push(response);
        return;
      }
      let answer: Answer;
      if (request.method !== 'POST') answer = { status: 405, body: 'POST only' };
      else answer = this.handle(received);
      if (answer.status < 300 && this.failures.remaining > 0) {
        this.failures.remaining--;
        answer = {
          status: this.failures.status,
          body: this.failureBody(this.failures.status),
          headers: this.failures.retryAfter !== undefined ? { 'retry-after': this.failures.retryAfter } : {},
        };
      }
      if (answer.status >= 300)
        this.rejected.push({ status: answer.status, reason: answer.body, body: received.body });
      response.writeHead(answer.status, answer.headers ?? {}).end(answer.body);
    });
  }
}

const json = (status: number, value: unknown, headers?: Record<string, string>): Answer => ({
  status,
  body: JSON.stringify(value),
  headers: { 'content-type': 'application/json', ...headers },
});

// ---------------------------------------------------------------------------------------------- Slack

type SlackText = { type?: unknown; text?: unknown };
type SlackBlockLike = {
  type?: unknown;
  text?: SlackText;
  fields?: SlackText[];
  elements?: (SlackText & { url?: unknown })[];
};

/**
 * Slack incoming webhook: `POST <webhook path>` with a JSON body; answers `ok` or a plain-text error
 * (`invalid_payload`, `invalid_blocks`, `no_service`, `rate_limited` with Retry-After). Checks the
 * Block Kit limits and that mrkdwn carries no raw `<`/`>` (which Slack would read as links or mentions).
 * With `minIntervalMs`, messages closer together than that are rate limited like Slack does.
 */
export class SlackReceiver extends ContractReceiver {
  readonly messages: { text: string; blocks: SlackBlockLike[] }[] = [];
  readonly webhookPath = '/services/T000ARGUS/B000ARGUS/argus-test-webhook-token';
  private lastAcceptedAt = 0;

  constructor(private readonly minIntervalMs = 0) {
    super();
  }

  override async start(tls?: TestTls): Promise<string> {
    return `${await super.start(tls)}${this.webhookPath}`;
  }

  protected failureBody(status: number): string {
    return status === 429 ? 'rate_limited' : 'internal_error';
  }

  protected handle(request: ReceivedRequest): Answer {
    const text = (status: number, body: string, headers?: Record<string, string>): Answer => ({
      status,
      body,
      headers,
    });
    if (request.path !== this.webhookPath) return text(404, 'no_service');
    if (!String(request.headers['content-type']).startsWith('application/json'))
      return text(400, 'invalid_payload');
    let payload: { text?: unknown; blocks?: unknown };
    try {
      payload = JSON.parse(request.body) as typeof payload;
    } catch {
      return text(400, 'invalid_payload');
    }
    if (typeof payload.text !== 'string' && !Array.isArray(payload.blocks)) return text(400, 'no_text');
    const problem = Array.isArray(payload.blocks)
      ? blockKitProblem(payload.blocks as SlackBlockLike[])
      : undefined;
    if (problem !== undefined) return text(400, `invalid_blocks: ${problem}`);
    if (this.minIntervalMs > 0 && request.at - this.lastAcceptedAt < this.minIntervalMs)
      return text(429, 'rate_limited', { 'retry-after': '1' });
    this.lastAcceptedAt = request.at;
    this.accepted.push(request);
    this.messages.push({
      text: typeof payload.text === 'string' ? payload.text : '',
      blocks: (payload.blocks ?? []) as SlackBlockLike[],
    });
    return text(200, 'ok');
  }
}

function blockKitProblem(blocks: SlackBlockLike[]): string | undefined {
  if (blocks.length > 50) return 'more than 50 blocks';
  const mrkdwnProblem = (item: SlackText | undefined, limit: number, where: string) => {
    if (item === undefined) return undefined;
    if (typeof item.text !== 'string' || item.text.length === 0) return `${where}: empty text`;
    if (item.text.length > limit) return `${where}: text over ${limit} characters`;
    if (item.type === 'mrkdwn' && /[<>]/.test(item.text)) return `${where}: unescaped < or > in mrkdwn`;
    if (item.type === 'mrkdwn' && /&(?!amp;|lt;|gt;)/.test(item.text))
      return `${where}: unescaped & in mrkdwn`;
    return undefined;
  };
  for (const [index, block] of blocks.entries()) {
    const where = `blocks[${index}]`;
    switch (block.type) {
      case 'header':
        if (block.text?.type !== 'plain_text') return `${where}: header needs plain_text`;
        if (mrkdwnProblem(block.text, 150, where)) return mrkdwnProblem(block.text, 150, where);
        break;
      case 'section': {
        if (block.text === undefined && block.fields === undefined)
          return `${where}: section needs text or fields`;
        const own = mrkdwnProblem(block.text, 3000, where);
        if (own) return own;
        if ((block.fields ?? []).length > 10) return `${where}: more than 10 fields`;
        for (const field of block.fields ?? []) {
          const fieldProblem = mrkdwnProblem(field, 2000, `${where}.fields`);
          if (fieldProblem) return fieldProblem;
        }
        break;
      }
      case 'context':
        if ((block.elements ?? []).length > 10) return `${where}: more than 10 context elements`;
        for (const element of block.elements ?? []) {
          const elementProblem = mrkdwnProblem(element, 3000, `${where}.elements`);
          if (elementProblem) return elementProblem;
        }
        break;
      case 'actions':
        for (const element of block.elements ?? []) {
          if (element.type !== 'button') return `${where}: unexpected element`;
          const label = (element.text ?? {}) as SlackText;
          if (typeof label.text !== 'string' || label.text.length > 75) return `${where}: button text`;
          if (
            typeof element.url !== 'string' ||
            element.url.length > 3000 ||
            !/^https?:\/\//.test(element.url)
          )
            return `${where}: button url`;
        }
        break;
      default:
        return `${where}: unknown block type ${String(block.type)}`;
    }
  }
  return undefined;
}

// ------------------------------------------------------------------------------------------ Splunk HEC

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Splunk HTTP Event Collector: `POST /services/collector/event` with `Authorization: Splunk <token>`, a
 * body of concatenated JSON envelopes, each with `event` and (our contract) `time` in epoch seconds,
 * `host`, `source`, `sourcetype`; answers like HEC (`{"text":"Success","code":0}`, code 2/4 for auth,
 * 5 no data, 6 invalid format, 10/11 channel, 12 event missing, with `invalid-event-number`). With
 * `ack`, every batch gets an `ackId` and `/services/collector/ack` reports it after `ackAfterPolls` polls.
 */
export class SplunkHecReceiver extends ContractReceiver {
  readonly events: Record<string, unknown>[] = [];
  readonly ackPolls: { channel: string; acks: number[] }[] = [];
  /** Acknowledge nothing (indexer stuck) while true. */
  withholdAcks = false;
  /** The next request is refused as if its envelope at this index were malformed (HEC code 6). */
  rejectEventAt: number | undefined;
  private nextAckId = 0;
  private readonly ackPollCount = new Map<number, number>();

  constructor(
    private readonly token: string,
    private readonly options: { ack?: boolean; ackAfterPolls?: number } = {},
  ) {
    super();
  }

  protected failureBody(status: number): string {
    return JSON.stringify(
      status === 503 ? { text: 'Server is busy', code: 9 } : { text: 'Internal error', code: 8 },
    );
  }

  protected handle(request: ReceivedRequest): Answer {
    const url = new URL(request.path, 'http://receiver');
    const authorization = request.headers.authorization;
    if (authorization === undefined) return json(401, { text: 'Token is required', code: 2 });
    if (authorization !== `Splunk ${this.token}`) return json(403, { text: 'Invalid token', code: 4 });
    const channel =
      request.headers['x-splunk-request-channel'] ?? url.searchParams.get('channel') ?? undefined;
    if (this.options.ack && channel === undefined)
      return json(400, { text: 'Data channel is missing', code: 10 });
    if (channel !== undefined && !GUID.test(String(channel)))
      return json(400, { text: 'Invalid data channel', code: 11 });
    if (url.pathname === '/services/collector/ack') return this.handleAck(request, String(channel));
    if (url.pathname !== '/services/collector/event')
      return json(404, { text: 'The requested URL was not found', code: 404 });
    const envelopes = splitConcatenatedJson(request.body);
    if (envelopes === undefined)
      return json(400, { text: 'Invalid data format', code: 6, 'invalid-event-number': 0 });
    if (envelopes.length === 0) return json(400, { text: 'No data', code: 5 });
    for (const [index, envelope] of envelopes.entries()) {
      if (envelope.event === undefined || envelope.event === '' || envelope.event === null)
        return json(400, { text: 'Event field is required', code: 12, 'invalid-event-number': index });
      const timeOk = typeof envelope.time === 'number' && envelope.time > 1e9 && envelope.time < 1e11;
      const stringsOk = ['host', 'source', 'sourcetype'].every(
        (key) => typeof envelope[key] === 'string' && envelope[key] !== '',
      );
      const indexOk = envelope.index === undefined || typeof envelope.index === 'string';
      if (!timeOk || !stringsOk || !indexOk)
        return json(400, { text: 'Invalid data format', code: 6, 'invalid-event-number': index });
    }
    if (this.rejectEventAt !== undefined && this.rejectEventAt < envelopes.length) {
      const index = this.rejectEventAt;
      this.rejectEventAt = undefined;
      return json(400, { text: 'Invalid data format', code: 6, 'invalid-event-number': index });
    }
    this.accepted.push(request);
    this.events.push(...envelopes);
    if (!this.options.ack) return json(200, { text: 'Success', code: 0 });
    const ackId = this.nextAckId++;
    this.ackPollCount.set(ackId, 0);
    return json(200, { text: 'Success', code: 0, ackId });
  }

  private handleAck(request: ReceivedRequest, channel: string): Answer {
    let body: { acks?: unknown };
    try {
      body = JSON.parse(request.body) as typeof body;
    } catch {
      return json(400, { text: 'Invalid data format', code: 6 });
    }
    if (!Array.isArray(body.acks)) return json(400, { text: 'Invalid data format', code: 6 });
    const ids = body.acks as number[];
    this.ackPolls.push({ channel, acks: ids });
    const acks: Record<string, boolean> = {};
    for (const id of ids) {
      const polls = (this.ackPollCount.get(id) ?? 0) + 1;
      this.ackPollCount.set(id, polls);
      acks[String(id)] = !this.withholdAcks && polls >= (this.options.ackAfterPolls ?? 1);
    }
    return json(200, { acks });
  }
}

/** HEC bodies are JSON objects back to back (whitespace allowed between them). */
function splitConcatenatedJson(text: string): Record<string, unknown>[] | undefined {
  const objects: Record<string, unknown>[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (inString) {
      if (character === '\\') index++;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '{') {
      if (depth++ === 0) start = index;
    } else if (character === '}') {
      if (--depth === 0) {
        try {
          objects.push(JSON.parse(text.slice(start, index + 1)) as Record<string, unknown>);
        } catch {
          return undefined;
        }
      }
      if (depth < 0) return undefined;
    } else if (depth === 0 && !/\s/.test(character)) return undefined;
  }
  return depth === 0 && !inString ? objects : undefined;
}

// --------------------------------------------------------------------------------------------- Elastic

type ItemFailure = { status: number; type: string; reason: string };

/**
 * Elasticsearch `_bulk`: `POST /_bulk` with `content-type: application/x-ndjson`, action and source lines,
 * the body terminated by a newline, `Authorization: ApiKey <key>` when a key is set. Answers per item
 * (`errors` true when any item failed): `create` of an id already present is a 409. `failItems(n, …)`
 * makes the next n items fail inside an HTTP 200, as Elasticsearch does under pressure.
 */
export class ElasticReceiver extends ContractReceiver {
  readonly documents = new Map<string, Record<string, unknown>>();
  private itemFailures: { remaining: number; failure: ItemFailure } = {
    remaining: 0,
    failure: { status: 429, type: 'es_rejected_execution_exception', reason: 'rejected' },
  };

  constructor(private readonly apiKey?: string) {
    super();
  }

  failItems(count: number, failure: ItemFailure): void {
    this.itemFailures = { remaining: count, failure };
  }

  protected failureBody(status: number): string {
    return JSON.stringify({ error: { type: 'failure_on_command', reason: 'failing on command' }, status });
  }

  protected handle(request: ReceivedRequest): Answer {
    const error = (status: number, type: string, reason: string) =>
      json(status, { error: { type, reason }, status });
    if (this.apiKey !== undefined && request.headers.authorization !== `ApiKey ${this.apiKey}`)
      return error(401, 'security_exception', 'missing or wrong API key');
    if (new URL(request.path, 'http://receiver').pathname !== '/_bulk')
      return error(404, 'no_handler', request.path);
    if (!String(request.headers['content-type']).startsWith('application/x-ndjson'))
      return error(406, 'media_type_header_exception', 'expected application/x-ndjson');
    if (!request.body.endsWith('\n'))
      return error(
        400,
        'illegal_argument_exception',
        'The bulk request must be terminated by a newline [\\n]',
      );
    const lines = request.body.slice(0, -1).split('\n');
    const items: Record<string, unknown>[] = [];
    for (let index = 0; index < lines.length; index += 2) {
      let action: Record<string, { _index?: string; _id?: string }>;
      let source: Record<string, unknown>;
      try {
        action = JSON.parse(lines[index]) as typeof action;
        source = JSON.parse(lines[index + 1] ?? '') as typeof source;
      } catch {
        return error(400, 'x_content_parse_exception', `line ${index + 1} is not JSON`);
      }
      const [operation] = Object.keys(action);
      const target = action[operation] ?? {};
      if (operation !== 'create' && operation !== 'index')
        return error(400, 'illegal_argument_exception', `unsupported action ${operation}`);
      if (target._index === undefined)
        return error(400, 'action_request_validation_exception', 'index is missing');
      const id = target._id ?? `auto-${this.documents.size}-${index}`;
      const key = `${target._index}/${id}`;
      const item = (status: number, extra: Record<string, unknown>) =>
        items.push({ [operation]: { _index: target._index, _id: id, status, ...extra } });
      if (this.itemFailures.remaining > 0) {
        this.itemFailures.remaining--;
        const failure = this.itemFailures.failure;
        item(failure.status, { error: { type: failure.type, reason: failure.reason } });
      } else if (operation === 'create' && this.documents.has(key)) {
        item(409, {
          error: { type: 'version_conflict_engine_exception', reason: `[${id}]: document already exists` },
        });
      } else {
        this.documents.set(key, source);
        item(201, { result: 'created' });
      }
    }
    this.accepted.push(request);
    return json(200, {
      took: 1,
      errors: items.some((entry) =>
        Object.values(entry).some((value) => (value as { status: number }).status >= 300),
      ),
      items,
    });
  }
}

// ------------------------------------------------------------------------------------------- PagerDuty

const PAGERDUTY_SEVERITIES = new Set(['critical', 'error', 'warning', 'info']);

/**
 * PagerDuty Events API v2: `POST /v2/enqueue` with a JSON event: a 32-character `routing_key`,
 * `event_action` trigger/acknowledge/resolve, `dedup_key` ≤ 255, `payload.summary` (1–1024 characters),
 * `payload.source`, `payload.severity` critical/error/warning/info. Answers 202 with the dedup key, or
 * 400 `invalid event` with the errors. Events with the same dedup key update one incident.
 */
export class PagerDutyReceiver extends ContractReceiver {
  readonly events: Record<string, unknown>[] = [];
  readonly incidents = new Map<string, number>();

  protected failureBody(status: number): string {
    return JSON.stringify({ status: status === 429 ? 'throttled' : 'error', message: 'failing on command' });
  }

  protected handle(request: ReceivedRequest): Answer {
    if (request.path !== '/v2/enqueue') return json(404, { status: 'not found' });
    if (!String(request.headers['content-type']).startsWith('application/json'))
      return json(400, {
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ['content type'],
      });
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(request.body) as Record<string, unknown>;
    } catch {
      return json(400, {
        status: 'invalid event',
        message: 'Event object is invalid',
        errors: ['invalid JSON'],
      });
    }
    const payload = (event.payload ?? {}) as Record<string, unknown>;
    const errors: string[] = [];
    if (typeof event.routing_key !== 'string' || event.routing_key.length !== 32)
      errors.push("'routing_key' must be 32 characters");
    if (!['trigger', 'acknowledge', 'resolve'].includes(String(event.event_action)))
      errors.push("'event_action' is invalid");
    if (
      event.dedup_key !== undefined &&
      (typeof event.dedup_key !== 'string' || event.dedup_key.length > 255)
    )
      errors.push("'dedup_key' is invalid");
    if (typeof payload.summary !== 'string' || payload.summary === '' || payload.summary.length > 1024)
      errors.push("'payload.summary' must be 1-1024 characters");
    if (typeof payload.source !== 'string' || payload.source === '')
      errors.push("'payload.source' is missing");
    if (!PAGERDUTY_SEVERITIES.has(String(payload.severity))) errors.push("'payload.severity' is invalid");
    if (errors.length > 0)
      return json(400, { status: 'invalid event', message: 'Event object is invalid', errors });
    this.accepted.push(request);
    this.events.push(event);
    const dedupKey = typeof event.dedup_key === 'string' ? event.dedup_key : `auto-${this.events.length}`;
    this.incidents.set(dedupKey, (this.incidents.get(dedupKey) ?? 0) + 1);
    return json(202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
  }
}
