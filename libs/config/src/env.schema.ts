import { z } from 'zod';

/**
 * The one environment schema of Argus. Every variable any app reads is declared here, with its default
 * and its meaning (`describe`): the README's configuration table is generated from these descriptions
 * and a test keeps the two in step. Nothing else reads `process.env`.
 */

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be one of true, false, 1, 0, yes, no' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const days = z.coerce.number().int().min(1).max(36500);
const topicName = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,249}$/, 'a Kafka topic name: letters, digits, . _ - (at most 249)');
const SEVERITY = z.enum(['info', 'low', 'medium', 'high', 'critical']);
/** A verdict threshold of the inline guard: a severity, or `off` (that verdict is never given). */
const GUARD_THRESHOLD = z.enum([...SEVERITY.options, 'off']);
const APP_NAMES = ['ingest', 'alerter', 'api', 'analyzer'] as const;

function httpUrl(protocols: string[]) {
  return z
    .url({ error: `must be a URL (${protocols.join(' or ')})` })
    .refine((value) => protocols.includes(new URL(value).protocol.replace(':', '')), {
      error: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });
}

export const ENV_SCHEMA = z.object({
  ARGUS_APPS: z
    .string()
    .default('ingest,alerter,api')
    .transform((value) =>
      value
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(APP_NAMES, { error: `each entry must be one of ${APP_NAMES.join(', ')}` })).min(1))
    .describe('Comma-separated apps this process hosts: ingest, alerter, api, analyzer.'),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level of the JSON logs on stdout.'),
  ARGUS_DATA_DIR: z
    .string()
    .min(1)
    .default('.argus/data')
    .describe(
      'Local state: the embedded ClickHouse data lives in `<dir>/chdb` when CLICKHOUSE_URL is unset.',
    ),
  ARGUS_POLICY_FILE: z
    .string()
    .optional()
    .describe('Detection policy (YAML/JSON). Unset: the shipped `deploy/policy/default-policy.yaml`.'),
  ARGUS_REDACTION_HMAC_KEY: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe(
      'Key of the `hmac` storage action (HMAC-SHA256 of detected values). Required when the policy uses it.',
    ),

  KAFKA_BROKERS: z
    .string()
    .default('127.0.0.1:9092')
    .transform((value) =>
      value
        .split(',')
        .map((broker) => broker.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, 'each broker must be host:port')).min(1))
    .describe('Comma-separated bootstrap brokers (host:port).'),
  KAFKA_CLIENT_ID: z.string().min(1).default('argus').describe('Kafka client id prefix.'),
  KAFKA_SSL: booleanFlag.default(false).describe('Connect to Kafka over TLS.'),
  KAFKA_SSL_CA_FILE: z
    .string()
    .optional()
    .describe("PEM file with the CA that signed the brokers' certificates."),
  KAFKA_SSL_CERT_FILE: z.string().optional().describe('PEM client certificate for mutual TLS.'),
  KAFKA_SSL_KEY_FILE: z.string().optional().describe('PEM private key of the client certificate.'),
  KAFKA_SSL_REJECT_UNAUTHORIZED: booleanFlag
    .default(true)
    .describe("Verify the brokers' certificates (keep true outside tests)."),
  KAFKA_SASL_MECHANISM: z
    .enum(['plain', 'scram-sha-256', 'scram-sha-512'])
    .optional()
    .describe('SASL mechanism; requires KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD.'),
  KAFKA_SASL_USERNAME: z.string().optional().describe('SASL user name.'),
  KAFKA_SASL_PASSWORD: z.string().optional().describe('SASL password.'),
  KAFKA_TOPIC_TELEMETRY: topicName.default('llm.telemetry.v1').describe('Input topic of telemetry events.'),
  KAFKA_TOPIC_TELEMETRY_DLQ: topicName
    .default('llm.telemetry.v1.dlq')
    .describe('Dead-letter topic for telemetry that cannot be processed.'),
  KAFKA_TOPIC_FINDINGS: topicName.default('ai.findings.v1').describe('Topic findings are produced to.'),
  KAFKA_TOPIC_ALERTS: topicName
    .default('ai.alerts.v1')
    .describe(
      'Topic for alerts as OCSF Detection Findings, for SIEM connectors (written when ALERT_OCSF_KAFKA is on).',
    ),
  KAFKA_TOPIC_ALERTS_DLQ: topicName
    .default('ai.alerts.v1.dlq')
    .describe('Dead-letter topic for alerts whose delivery failed for good, and for malformed findings.'),
  KAFKA_INGEST_GROUP_ID: z
    .string()
    .min(1)
    .default('argus-ingest')
    .describe('Consumer group of the ingest app.'),
  KAFKA_ALERTER_GROUP_ID: z
    .string()
    .min(1)
    .default('argus-alerter')
    .describe('Consumer group of the alerter app.'),
  KAFKA_CREATE_TOPICS: booleanFlag
    .default(true)
    .describe('Create missing topics at start-up (turn off where topics are managed elsewhere).'),
  KAFKA_TOPIC_PARTITIONS: positiveInt.default(3).describe('Partitions of topics Argus creates.'),
  KAFKA_REPLICATION_FACTOR: positiveInt.default(1).describe('Replication factor of topics Argus creates.'),
  KAFKA_FROM_BEGINNING: booleanFlag
    .default(true)
    .describe('A new consumer group starts at the earliest offset (else the latest).'),
  KAFKA_MAX_BYTES_PER_PARTITION: positiveInt
    .default(1024 * 1024)
    .describe('Fetch size per partition (bounds memory per batch); a larger record is still fetched alone.'),

  CLICKHOUSE_URL: httpUrl(['http', 'https'])
    .optional()
    .describe(
      'ClickHouse server URL (http(s)://host:8123). Unset: embedded ClickHouse (chdb) in ARGUS_DATA_DIR.',
    ),
  CLICKHOUSE_USERNAME: z.string().default('default').describe('ClickHouse user (server mode).'),
  CLICKHOUSE_PASSWORD: z.string().default('').describe('ClickHouse password (server mode).'),
  CLICKHOUSE_DATABASE: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a ClickHouse identifier: letters, digits, underscore')
    .default('argus')
    .describe('Database Argus creates and migrates.'),
  CLICKHOUSE_WRITER_MAX_ROWS: positiveInt.default(5000).describe('Rows buffered per table before a flush.'),
  CLICKHOUSE_WRITER_FLUSH_MS: positiveInt.default(500).describe('Longest time rows wait in the buffer.'),
  RETENTION_EVENTS_DAYS: days
    .default(90)
    .describe(
      'Days events and the hourly behaviour aggregates (which hold user ids) are kept (ClickHouse TTL).',
    ),
  RETENTION_FINDINGS_DAYS: days.default(180).describe('Days findings and drift scores are kept.'),
  RETENTION_ALERTS_DAYS: days.default(365).describe('Days alerts and delivery records are kept.'),

  INGEST_MAX_EVENT_BYTES: positiveInt
    .default(1024 * 1024)
    .describe('Largest accepted event; larger ones go to the DLQ as too_large.'),
  INGEST_MAX_TEXT_PART_BYTES: positiveInt
    .default(256 * 1024)
    .describe('Largest accepted text part; larger ones go to the DLQ as too_large.'),
  INJECTION_CLASSIFIER_PATH: z
    .string()
    .optional()
    .describe(
      'Optional text-classification model directory (transformers.js: config.json, tokenizer.json, onnx/model.onnx) whose attack probability feeds the injection detectors (feature `classifier`).',
    ),
  INJECTION_CLASSIFIER_ATTACK_LABELS: z
    .string()
    .optional()
    .transform((value) =>
      value === undefined
        ? undefined
        : value
            .split(',')
            .map((label) => label.trim())
            .filter(Boolean),
    )
    .describe(
      'Comma-separated labels of that model meaning an attack (default: INJECTION, JAILBREAK, MALICIOUS, UNSAFE, ATTACK, LABEL_1); a model with none of them fails start-up.',
    ),
  NER_MODEL_PATH: z
    .string()
    .optional()
    .describe(
      'Optional token-classification (NER) model directory: PERSON and LOCATION pii findings (and masking before storage); without it they are reported as not covered.',
    ),
  PROTECTED_DOCUMENTS_REFRESH_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(5 * 60 * 1000)
    .describe(
      'How often ingest re-reads the protected_documents collections the detection policy names (0 = only at start-up).',
    ),

  ALERT_MIN_SEVERITY: SEVERITY.default('high').describe('Findings below this severity raise no alert.'),
  ALERT_STDOUT: booleanFlag.default(false).describe('Print each alert as one JSON line on stdout.'),
  ALERT_JSONL_FILE: z.string().optional().describe('Append each alert as a JSON line to this file.'),
  ALERT_WEBHOOK_URL: httpUrl(['http', 'https']).optional().describe('POST each alert as JSON to this URL.'),
  ALERT_WEBHOOK_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('Key of the HMAC-SHA256 signature header `x-argus-signature` on webhook calls.'),
  ALERT_WEBHOOK_CA_FILE: z
    .string()
    .optional()
    .describe("Extra CA (PEM) trusted for the webhook's TLS certificate."),
  ALERT_WEBHOOK_TIMEOUT_MS: positiveInt.default(5000).describe('Timeout of one webhook call.'),
  ALERT_DASHBOARD_URL: httpUrl(['http', 'https'])
    .optional()
    .describe(
      'Where alerts link back to (Slack button, OCSF `src_url`): the Argus dashboard or a SIEM search; `alert_id` and `tenant_id` are added as query parameters.',
    ),
  ALERT_HTTP_TIMEOUT_MS: positiveInt
    .default(10_000)
    .describe('Timeout of one call to Slack, Splunk HEC, Elastic or the OCSF webhook.'),
  ALERT_SLACK_WEBHOOK_URL: httpUrl(['https'])
    .optional()
    .describe('Slack incoming webhook URL; enables the Slack sink. It is a credential: never echoed.'),
  ALERT_SLACK_MIN_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(1000)
    .describe('Spacing of Slack messages (Slack allows about one per second per webhook).'),
  ALERT_SPLUNK_HEC_URL: httpUrl(['http', 'https'])
    .optional()
    .describe(
      'Splunk HTTP Event Collector base URL (`https://splunk:8088`); with ALERT_SPLUNK_HEC_TOKEN enables the Splunk sink.',
    ),
  ALERT_SPLUNK_HEC_TOKEN: z
    .string()
    .min(1)
    .optional()
    .describe('HEC token (sent as `Authorization: Splunk <token>`).'),
  ALERT_SPLUNK_HEC_INDEX: z
    .string()
    .min(1)
    .optional()
    .describe("Splunk index; unset: the token's default index."),
  ALERT_SPLUNK_HEC_SOURCE: z.string().min(1).default('argus').describe('HEC `source` of alert events.'),
  ALERT_SPLUNK_HEC_SOURCETYPE: z
    .string()
    .min(1)
    .default('argus:alert')
    .describe('HEC `sourcetype` of alert events.'),
  ALERT_SPLUNK_HEC_CA_FILE: z
    .string()
    .optional()
    .describe("Extra CA (PEM) trusted for Splunk's TLS certificate."),
  ALERT_SPLUNK_HEC_ACK: booleanFlag
    .default(false)
    .describe(
      'Count an alert delivered only once Splunk acknowledges it indexed (the token needs indexer acknowledgement).',
    ),
  ALERT_SPLUNK_HEC_ACK_TIMEOUT_MS: positiveInt
    .default(30_000)
    .describe('How long to poll for an indexer acknowledgement before retrying the alert.'),
  ALERT_ELASTIC_URL: httpUrl(['http', 'https'])
    .optional()
    .describe(
      'Elasticsearch base URL (`https://es:9200`); enables the Elastic `_bulk` sink (ECS documents).',
    ),
  ALERT_ELASTIC_INDEX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._+-]{0,254}$/, 'a lowercase Elasticsearch index or data stream name')
    .default('argus-alerts')
    .describe('Index or data stream alerts are written to.'),
  ALERT_ELASTIC_API_KEY: z
    .string()
    .min(1)
    .optional()
    .describe('Encoded Elasticsearch API key (sent as `Authorization: ApiKey <key>`).'),
  ALERT_ELASTIC_CA_FILE: z
    .string()
    .optional()
    .describe("Extra CA (PEM) trusted for Elasticsearch's TLS certificate."),
  ALERT_SIEM_BATCH_MAX_ALERTS: positiveInt
    .max(1000)
    .default(100)
    .describe('Most alerts in one Splunk HEC or Elastic `_bulk` request.'),
  ALERT_SIEM_BATCH_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(50)
    .describe('How long an alert waits for others to share its Splunk/Elastic request.'),
  ALERT_SYSLOG_URL: z
    .string()
    .regex(
      /^(udp|tcp|tls):\/\/(\[[0-9a-fA-F:]+\]|[^\s:/[\]]+):\d{1,5}$/,
      'must be udp://host:port, tcp://host:port or tls://host:port',
    )
    .optional()
    .describe(
      'Syslog collector for RFC 5424 + CEF alerts: `udp://`, `tcp://` (octet counting) or `tls://` (RFC 5425) `host:port`; enables the syslog sink.',
    ),
  ALERT_SYSLOG_CA_FILE: z
    .string()
    .optional()
    .describe("CA (PEM) that signed the syslog collector's certificate (tls:// only)."),
  ALERT_SYSLOG_FACILITY: z.coerce
    .number()
    .int()
    .min(0)
    .max(23)
    .default(16)
    .describe('Syslog facility 0–23 of alert messages (16 = local0).'),
  ALERT_SYSLOG_APP_NAME: z
    .string()
    .regex(/^[\x21-\x7e]{1,48}$/, 'at most 48 printable ASCII characters without spaces')
    .default('argus')
    .describe('RFC 5424 APP-NAME of alert messages.'),
  ALERT_OCSF_WEBHOOK_URL: httpUrl(['http', 'https'])
    .optional()
    .describe('POST each alert as an OCSF Detection Finding (class 2004) to this URL.'),
  ALERT_OCSF_WEBHOOK_SECRET: z
    .string()
    .min(16, 'must be at least 16 characters')
    .optional()
    .describe('Key of the HMAC-SHA256 signature header `x-argus-signature` on OCSF webhook calls.'),
  ALERT_OCSF_KAFKA: booleanFlag
    .default(false)
    .describe('Publish each alert as an OCSF Detection Finding to KAFKA_TOPIC_ALERTS (for SIEM connectors).'),
  ALERT_PAGERDUTY_ROUTING_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{32}$/, 'a PagerDuty integration (routing) key: 32 letters and digits')
    .optional()
    .describe(
      'PagerDuty Events API v2 integration key; enables the PagerDuty sink. A credential: never echoed.',
    ),
  ALERT_PAGERDUTY_URL: httpUrl(['http', 'https'])
    .default('https://events.pagerduty.com/v2/enqueue')
    .describe('PagerDuty Events API v2 endpoint (EU accounts: the events.eu.pagerduty.com one).'),
  ALERT_MAX_ATTEMPTS: positiveInt
    .default(6)
    .describe('Delivery attempts per sink before an alert is parked in the DLQ.'),
  ALERT_RETRY_BASE_MS: positiveInt
    .default(500)
    .describe('First retry delay; doubles each attempt, with jitter.'),
  ALERT_POLICY_FILE: z
    .string()
    .optional()
    .describe(
      'Alert policy (YAML): rules, sinks per rule, per-sink floors and rate limits, grouping, mute windows. Unset: the shipped `deploy/policy/alert-policy.yaml`.',
    ),
  ARGUS_TEST_CRASH_AFTER_ALERT_RECORD: booleanFlag
    .default(false)
    .describe(
      'Test only: the alerter kills itself (SIGKILL) right after recording alerts, before any send, to prove the outbox resumes them. Never set in production.',
    ),

  API_HOST: z.string().min(1).default('127.0.0.1').describe('Address the HTTP API listens on.'),
  API_PORT: port.default(8080).describe('Port of the HTTP API (/healthz, /readyz, /metrics, dashboard).'),
  API_QUERY_ENABLED: booleanFlag
    .default(false)
    .describe(
      'Serve `POST /api/query` (read-only SQL on the Argus database). Off by default: it has no authentication.',
    ),
  API_GUARD_ENABLED: booleanFlag
    .default(false)
    .describe(
      'Serve `POST /v1/guard`: a platform sends an event before (or after) calling its model and gets allow, flag or block back, from the same detection as ingest (docs/guard.md). Needs API_GUARD_TOKEN.',
    ),
  API_GUARD_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces (it is sent as a bearer token)')
    .optional()
    .describe(
      'Secret callers of `POST /v1/guard` send as `Authorization: Bearer <token>`; at least 32 characters. Required with API_GUARD_ENABLED.',
    ),
  API_GUARD_BLOCK_MIN_SEVERITY: GUARD_THRESHOLD.default('high').describe(
    'The guard answers `block` when a finding is at least this severity (info, low, medium, high, critical); `off`: never block (flag only, for a trial run).',
  ),
  API_GUARD_FLAG_MIN_SEVERITY: GUARD_THRESHOLD.default('low').describe(
    'The guard answers `flag` when a finding is at least this severity and none blocks; otherwise `allow`. `off`: never flag.',
  ),
  API_ERASURE_ENABLED: booleanFlag
    .default(false)
    .describe(
      'Serve `POST /v1/erasure` and `GET /v1/erasure/:request_id`: data-subject erasure of a user or a conversation (docs/erasure.md). Needs API_ADMIN_TOKEN and ERASURE_HMAC_SECRET.',
    ),
  API_ADMIN_TOKEN: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)')
    .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces (it is sent as a bearer token)')
    .optional()
    .describe(
      'Secret operators send as `Authorization: Bearer <token>` to the admin endpoints (erasure); at least 32 characters. Required with API_ERASURE_ENABLED.',
    ),
  ERASURE_HMAC_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)')
    .optional()
    .describe(
      "Key of the HMAC-SHA256 that stands for the subject in the `erasure_requests` audit table (the raw id is never stored). Required by the erasure endpoint and `bin/argus erase`; keep it (and old ones) to find a person's requests later.",
    ),

  EMBEDDINGS_MODEL_PATH: z
    .string()
    .optional()
    .describe(
      'Sentence-embedding model directory (transformers.js layout: config.json, tokenizer.json, onnx/model.onnx or model.onnx), loaded offline. Unset: the hashing fallback (`hashing-ngram-v1-512`, no semantics). A directory that cannot load stops start-up.',
    ),
  EMBEDDINGS_DTYPE: z
    .enum(['fp32', 'q8'])
    .optional()
    .describe(
      'Weights of that model: fp32 (`model.onnx`) or q8 (`model_quantized.onnx`). Unset: fp32 if present.',
    ),
  EMBEDDINGS_WORKERS: z.coerce
    .number()
    .int()
    .min(0)
    .max(64)
    .default(1)
    .describe(
      'Worker threads running the embedding model (0: on the main thread, which blocks it; for the CLI only).',
    ),
  EMBEDDINGS_THREADS_PER_WORKER: positiveInt
    .max(64)
    .default(1)
    .describe('onnxruntime threads per embedding worker.'),
  EMBEDDINGS_BATCH_SIZE: positiveInt.max(1024).default(32).describe('Most texts per model call.'),
  EMBEDDINGS_BATCH_WAIT_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(10)
    .describe('Longest a text waits for its batch to fill.'),
  EMBEDDINGS_MAX_QUEUE: positiveInt
    .default(4096)
    .describe('Most texts queued or being embedded; beyond it see EMBEDDINGS_QUEUE_FULL.'),
  EMBEDDINGS_QUEUE_FULL: z
    .enum(['wait', 'reject'])
    .default('wait')
    .describe(
      'With a full queue: `wait` (the caller, e.g. the consumer, slows down) or `reject` (the event goes on without a vector).',
    ),
  EMBEDDINGS_CACHE_SIZE: z.coerce
    .number()
    .int()
    .min(0)
    .default(10_000)
    .describe('Vectors kept in the LRU cache keyed by SHA-256 of the text (0: no cache).'),
  EMBEDDINGS_SAMPLE_RATE: z.coerce
    .number()
    .min(0)
    .max(1)
    .default(1)
    .describe('Share of events embedded (0..1), chosen by event id hash so replays sample the same events.'),
  EMBEDDINGS_APP_SAMPLE_RATES: z
    .string()
    .default('')
    .transform((value, context) => {
      const rates: Record<string, number> = {};
      for (const entry of value
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean)) {
        const separator = entry.lastIndexOf('=');
        const rate = Number(entry.slice(separator + 1).trim());
        if (separator <= 0 || entry.slice(separator + 1).trim() === '' || !(rate >= 0 && rate <= 1)) {
          context.addIssue({
            code: 'custom',
            message: `"${entry}" is not app=rate with a rate between 0 and 1`,
          });
          return z.NEVER;
        }
        rates[entry.slice(0, separator).trim()] = rate;
      }
      return rates;
    })
    .describe('Per-app sample rates overriding EMBEDDINGS_SAMPLE_RATE, e.g. `chat=0.1,rag-bot=1`.'),
  EMBEDDINGS_ENABLED: booleanFlag
    .default(false)
    .describe(
      'Ingest stores embeddings of sampled events (EMBEDDINGS_SAMPLE_RATE) and their outlier scores; the drift job otherwise embeds stored texts itself.',
    ),
  EMBEDDINGS_REFERENCE_REFRESH_MS: positiveInt
    .min(1000)
    .default(60_000)
    .describe("How often ingest re-reads the analyzer's reference centroids for per-event outlier scores."),
  ANALYZER_INTERVAL_MS: positiveInt
    .min(1000)
    .default(5 * 60 * 1000)
    .describe(
      'Pause between two analyzer runs (every job: drift, behaviour); measured from the end of a run.',
    ),
  DRIFT_ENABLED: booleanFlag
    .default(true)
    .describe('Run the embedding drift job in the analyzer (see docs/drift.md).'),
  DRIFT_WINDOW_MS: positiveInt
    .min(60_000)
    .default(60 * 60 * 1000)
    .describe('Length of the current drift window; windows are aligned, each is analysed once.'),
  DRIFT_LATE_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(5 * 60 * 1000)
    .describe('A window is analysed only this long after it ends, so late events are in it.'),
  DRIFT_REFERENCE_MS: positiveInt
    .default(7 * 24 * 60 * 60 * 1000)
    .describe(
      'Trailing reference: the period just before the current window (ignored with a pinned baseline).',
    ),
  DRIFT_BASELINE_START: z.iso
    .datetime({ offset: true, error: 'must be an RFC 3339 date-time' })
    .optional()
    .describe('Pinned baseline start (RFC 3339); with DRIFT_BASELINE_END replaces the trailing reference.'),
  DRIFT_BASELINE_END: z.iso
    .datetime({ offset: true, error: 'must be an RFC 3339 date-time' })
    .optional()
    .describe('Pinned baseline end (RFC 3339), exclusive.'),
  DRIFT_SAMPLE_SIZE: positiveInt
    .min(10)
    .max(2000)
    .default(500)
    .describe('Events sampled per window and series (deterministically, by event id hash).'),
  DRIFT_REFERENCE_SAMPLE_SIZE: positiveInt
    .min(10)
    .max(3000)
    .default(1000)
    .describe(
      'Events sampled from the reference per series: twice the window halves the noise of the test (docs/drift.md).',
    ),
  DRIFT_MIN_EVENTS: positiveInt
    .min(10)
    .default(100)
    .describe('Fewest events a series needs in both the window and the reference to be tested.'),
  DRIFT_PERMUTATIONS: positiveInt
    .max(10_000)
    .default(200)
    .describe('Permutations of the MMD² test; the smallest p-value is 1/(1 + permutations).'),
  DRIFT_ALPHA: z.coerce
    .number()
    .gt(0)
    .lt(1)
    .default(0.05)
    .describe('Significance level, after the Benjamini–Hochberg correction over all tests of a run.'),
  DRIFT_MIN_EFFECT: z.coerce
    .number()
    .min(0)
    .default(0.00035)
    .describe(
      'Smallest MMD² (effect, in [0, 2]) reported as drift whatever the p-value (see docs/drift.md).',
    ),
  DRIFT_FIELDS: z
    .string()
    .default('input,output')
    .transform((value) =>
      value
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['input', 'output'], { error: 'each entry must be input or output' })).min(1))
    .describe('Fields whose embeddings are tested: input, output.'),
  DRIFT_WORKERS: z.coerce
    .number()
    .int()
    .min(0)
    .max(64)
    .default(1)
    .describe(
      'Worker threads running the drift tests (CPU-heavy; 0: on the main thread). Up to one per core the analyzer may use.',
    ),
  BEHAVIOUR_ENABLED: booleanFlag
    .default(true)
    .describe('Run the behaviour anomaly job in the analyzer (see docs/behaviour-anomalies.md).'),
  BEHAVIOUR_BASELINE_DAYS: positiveInt
    .max(365)
    .default(28)
    .describe(
      'History each hour is judged against (same hour of week once 3 weeks of it exist); at most RETENTION_EVENTS_DAYS.',
    ),
  BEHAVIOUR_Z_THRESHOLD: z.coerce
    .number()
    .min(1)
    .max(100)
    .default(5)
    .describe('Robust z-score (median/MAD) an hour must reach, with the tail test, to be an anomaly.'),
  BEHAVIOUR_ALPHA: z.coerce
    .number()
    .gt(0)
    .lt(1)
    .default(1e-5)
    .describe('Poisson/binomial tail probability an hour must be under to be an anomaly.'),
});

/**
 * Checks across variables, on the raw strings: they run even when single variables are invalid, so one
 * start-up reports every problem (a zod refinement would wait until the fields parse).
 */
export function crossFieldProblems(
  raw: Readonly<Record<string, string | undefined>>,
): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  const sasl = ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const;
  if (sasl.some((name) => raw[name] !== undefined)) {
    for (const name of sasl) {
      if (raw[name] === undefined)
        problems.push({ variable: name, message: 'required when any KAFKA_SASL_* variable is set' });
    }
  }
  if ((raw.KAFKA_SSL_CERT_FILE === undefined) !== (raw.KAFKA_SSL_KEY_FILE === undefined)) {
    problems.push({
      variable: raw.KAFKA_SSL_CERT_FILE === undefined ? 'KAFKA_SSL_CERT_FILE' : 'KAFKA_SSL_KEY_FILE',
      message: 'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together',
    });
  }
  const topicVariables = [
    'KAFKA_TOPIC_TELEMETRY',
    'KAFKA_TOPIC_TELEMETRY_DLQ',
    'KAFKA_TOPIC_FINDINGS',
    'KAFKA_TOPIC_ALERTS',
    'KAFKA_TOPIC_ALERTS_DLQ',
  ] as const;
  const topics = topicVariables.map((name) => raw[name] ?? ENV_TOPIC_DEFAULTS[name]);
  if (new Set(topics).size !== topics.length) {
    problems.push({ variable: 'KAFKA_TOPIC_TELEMETRY', message: 'the five KAFKA_TOPIC_* names must differ' });
  }
  // Behaviour baselines are read from hourly aggregates kept as long as events: a longer baseline would
  // silently judge hours against less history than asked for.
  const baselineDays = Number(raw.BEHAVIOUR_BASELINE_DAYS ?? 28);
  const eventsDays = Number(raw.RETENTION_EVENTS_DAYS ?? 90);
  if (Number.isFinite(baselineDays) && Number.isFinite(eventsDays) && baselineDays > eventsDays) {
    problems.push({
      variable: 'BEHAVIOUR_BASELINE_DAYS',
      message: `must not exceed RETENTION_EVENTS_DAYS (${eventsDays}): the hourly aggregates are kept that long`,
    });
  }
  if ((raw.DRIFT_BASELINE_START === undefined) !== (raw.DRIFT_BASELINE_END === undefined)) {
    problems.push({
      variable: raw.DRIFT_BASELINE_START === undefined ? 'DRIFT_BASELINE_START' : 'DRIFT_BASELINE_END',
      message: 'DRIFT_BASELINE_START and DRIFT_BASELINE_END go together',
    });
  } else if (
    raw.DRIFT_BASELINE_START !== undefined &&
    raw.DRIFT_BASELINE_END !== undefined &&
    !(Date.parse(raw.DRIFT_BASELINE_START) < Date.parse(raw.DRIFT_BASELINE_END))
  ) {
    problems.push({ variable: 'DRIFT_BASELINE_END', message: 'must be after DRIFT_BASELINE_START' });
  }
  if (raw.ALERT_WEBHOOK_SECRET !== undefined && raw.ALERT_WEBHOOK_URL === undefined) {
    problems.push({ variable: 'ALERT_WEBHOOK_URL', message: 'required when ALERT_WEBHOOK_SECRET is set' });
  }
  if ((raw.ALERT_SPLUNK_HEC_URL === undefined) !== (raw.ALERT_SPLUNK_HEC_TOKEN === undefined)) {
    problems.push({
      variable: raw.ALERT_SPLUNK_HEC_URL === undefined ? 'ALERT_SPLUNK_HEC_URL' : 'ALERT_SPLUNK_HEC_TOKEN',
      message: 'ALERT_SPLUNK_HEC_URL and ALERT_SPLUNK_HEC_TOKEN go together',
    });
  }
  if (raw.ALERT_SYSLOG_CA_FILE !== undefined && !raw.ALERT_SYSLOG_URL?.startsWith('tls://')) {
    problems.push({
      variable: 'ALERT_SYSLOG_URL',
      message: 'must be a tls:// URL when ALERT_SYSLOG_CA_FILE is set',
    });
  }
  if (raw.ALERT_OCSF_WEBHOOK_SECRET !== undefined && raw.ALERT_OCSF_WEBHOOK_URL === undefined) {
    problems.push({
      variable: 'ALERT_OCSF_WEBHOOK_URL',
      message: 'required when ALERT_OCSF_WEBHOOK_SECRET is set',
    });
  }
  problems.push(...guardProblems(raw));
  problems.push(...erasureProblems(raw));
  return problems;
}

/** The inline guard is an authenticated endpoint: it cannot be enabled without its token. */
function guardProblems(
  raw: Readonly<Record<string, string | undefined>>,
): { variable: string; message: string }[] {
  const problems: { variable: string; message: string }[] = [];
  const enabled = ['true', '1', 'yes'].includes(raw.API_GUARD_ENABLED ?? '');
  if (enabled && raw.API_GUARD_TOKEN === undefined) {
    problems.push({
      variable: 'API_GUARD_TOKEN',
      message:
        'required when API_GUARD_ENABLED is true: callers authenticate with it (at least 32 characters, e.g. `openssl rand -hex 32`)',
    });
  }
  const severities: readonly string[] = SEVERITY.options;
  const block = raw.API_GUARD_BLOCK_MIN_SEVERITY ?? 'high';
  const flag = raw.API_GUARD_FLAG_MIN_SEVERITY ?? 'low';
  if (
    severities.includes(block) &&
    severities.includes(flag) &&
    severities.indexOf(flag) > severities.indexOf(block)
  ) {
    problems.push({
      variable: 'API_GUARD_FLAG_MIN_SEVERITY',
      message: `must not be above API_GUARD_BLOCK_MIN_SEVERITY (${block}): a flag would never be given`,
    });
  }
  return problems;
}

const ENV_TOPIC_DEFAULTS = {
  KAFKA_TOPIC_TELEMETRY: 'llm.telemetry.v1',
  KAFKA_TOPIC_TELEMETRY_DLQ: 'llm.telemetry.v1.dlq',
  KAFKA_TOPIC_FINDINGS: 'ai.findings.v1',
  KAFKA_TOPIC_ALERTS: 'ai.alerts.v1',
  KAFKA_TOPIC_ALERTS_DLQ: 'ai.alerts.v1.dlq',
} as const;

/** Erasure deletes data: its endpoint cannot be enabled without authentication and the audit key. */
function erasureProblems(
  raw: Readonly<Record<string, string | undefined>>,
): { variable: string; message: string }[] {
  if (!['true', '1', 'yes'].includes(raw.API_ERASURE_ENABLED ?? '')) return [];
  const problems: { variable: string; message: string }[] = [];
  if (raw.API_ADMIN_TOKEN === undefined) {
    problems.push({
      variable: 'API_ADMIN_TOKEN',
      message:
        'required when API_ERASURE_ENABLED is true: operators authenticate with it (at least 32 characters, e.g. `openssl rand -hex 32`)',
    });
  }
  if (raw.ERASURE_HMAC_SECRET === undefined) {
    problems.push({
      variable: 'ERASURE_HMAC_SECRET',
      message:
        'required when API_ERASURE_ENABLED is true: the audit trail records each subject as an HMAC made with it (at least 32 characters)',
    });
  }
  return problems;
}

export type Env = z.output<typeof ENV_SCHEMA>;
export type AppName = (typeof APP_NAMES)[number];
export type GuardThreshold = z.output<typeof GUARD_THRESHOLD>;
