import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { type Severity, type TopicNames } from '@argus/contracts';
import { type AlertSinksConfig, alertSinksConfig } from './alert-sinks.config';
import { type AppName, ENV_SCHEMA, type Env, type GuardThreshold, crossFieldProblems } from './env.schema';

/** Typed configuration handed to every module through DI. Built once from the environment. */
export type ArgusConfig = {
  apps: AppName[];
  logLevel: Env['LOG_LEVEL'];
  dataDir: string;
  policyFile: string | undefined;
  /**
   * Key of the `hmac` storage action of the detection policy (redaction before storage). Named
   * `…Secret` so `bin/argus config` masks it with the other credentials.
   */
  redactionHmacSecret: string | undefined;
  kafka: {
    brokers: string[];
    clientId: string;
    ssl: { ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean } | undefined;
    sasl:
      | { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: string }
      | undefined;
    topics: TopicNames;
    ingestGroupId: string;
    alerterGroupId: string;
    createTopics: boolean;
    partitions: number;
    replicationFactor: number;
    fromBeginning: boolean;
    maxBytesPerPartition: number;
  };
  clickhouse: {
    url: string | undefined;
    username: string;
    password: string;
    database: string;
    /** Where chdb keeps its files when no server URL is given. */
    embeddedDataDir: string;
    writerMaxRows: number;
    writerFlushMs: number;
    retention: { eventsDays: number; findingsDays: number; alertsDays: number };
  };
  ingest: { maxEventBytes: number; maxTextPartBytes: number; protectedDocumentsRefreshMs: number };
  /** Optional models run before detection (absolute directories). */
  models: {
    injectionClassifierPath?: string;
    injectionClassifierAttackLabels?: string[];
    nerModelPath?: string;
  };
  alerting: {
    minSeverity: Severity;
    stdout: boolean;
    jsonlFile: string | undefined;
    webhook:
      { url: string; secret: string | undefined; ca: string | undefined; timeoutMs: number } | undefined;
    maxAttempts: number;
    retryBaseMs: number;
    /** Slack and SIEM sinks (each enabled by its URL). */
    sinks: AlertSinksConfig;
    /** ALERT_POLICY_FILE, absolute; undefined: the shipped default. */
    policyFile: string | undefined;
    /** Test-only crash hook (ARGUS_TEST_CRASH_AFTER_ALERT_RECORD). */
    testCrashAfterRecord: boolean;
  };
  api: {
    host: string;
    port: number;
    queryEnabled: boolean;
    /** The inline guard, `POST /v1/guard` (docs/guard.md). */
    guard: {
      enabled: boolean;
      /** API_GUARD_TOKEN; set whenever `enabled` (checked at start-up). Named `…Secret` so `bin/argus config` masks it. */
      tokenSecret: string | undefined;
      /** Lowest finding severity answered `block` / `flag`; `off`: never. */
      blockMinSeverity: GuardThreshold;
      flagMinSeverity: GuardThreshold;
    };
  };
  /** Data-subject erasure (docs/erasure.md): the api app's endpoints and `bin/argus erase`. */
  erasure: {
    /** `POST /v1/erasure`, `GET /v1/erasure/:request_id` (API_ERASURE_ENABLED). */
    apiEnabled: boolean;
    /** API_ADMIN_TOKEN; set whenever `apiEnabled` (checked at start-up). `…Secret`: masked by `bin/argus config`. */
    adminTokenSecret: string | undefined;
    /** ERASURE_HMAC_SECRET: key of the subject HMAC in `erasure_requests`. */
    subjectHmacSecret: string | undefined;
  };
  /**
   * Embeddings at ingest. `environment` holds the EMBEDDINGS_* variables as parsed (model path made
   * absolute), for `embeddingSettingsFromEnv` of @argus/embeddings (config cannot import it: cycle).
   */
  embeddings: {
    enabled: boolean;
    referenceRefreshMs: number;
    environment: Pick<Env, Extract<keyof Env, `EMBEDDINGS_${string}`>>;
  };
  analyzer: {
    intervalMs: number;
    drift: {
      enabled: boolean;
      windowMs: number;
      lateMs: number;
      /** Trailing reference length, or a pinned baseline when both bounds are set. */
      reference: { kind: 'trailing'; referenceMs: number } | { kind: 'pinned'; start: Date; end: Date };
      sampleSize: number;
      referenceSampleSize: number;
      minEvents: number;
      permutations: number;
      alpha: number;
      minEffect: number;
      fields: ('input' | 'output')[];
      workers: number;
    };
    behaviour: { enabled: boolean; baselineDays: number; zThreshold: number; alpha: number };
  };
};

export class ConfigError extends Error {
  readonly code = 'invalid_config';
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((problem) => `  - ${problem.variable}: ${problem.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

const FILE_VARIABLES = [
  'KAFKA_SSL_CA_FILE',
  'KAFKA_SSL_CERT_FILE',
  'KAFKA_SSL_KEY_FILE',
  'ALERT_WEBHOOK_CA_FILE',
  'ALERT_SPLUNK_HEC_CA_FILE',
  'ALERT_ELASTIC_CA_FILE',
  'ALERT_SYSLOG_CA_FILE',
  'ALERT_POLICY_FILE',
  'ARGUS_POLICY_FILE',
  'INJECTION_CLASSIFIER_PATH',
  'NER_MODEL_PATH',
  'EMBEDDINGS_MODEL_PATH',
] as const;

/**
 * Parses the environment once. Every bad variable is reported together (not just the first), with the
 * variable's name and why, so an operator fixes a deployment in one round.
 */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): ArgusConfig {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(ENV_SCHEMA.shape)) {
    const value = environment[key];
    // An empty variable means "unset": docker-compose and shells often pass `FOO=` for optional settings.
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const parsed = ENV_SCHEMA.safeParse(relevant);
  const problems = crossFieldProblems(relevant);
  if (!parsed.success) {
    problems.unshift(
      ...parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message:
          issue.message + describeValue(String(issue.path[0] ?? ''), relevant[String(issue.path[0] ?? '')]),
      })),
    );
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const env = parsed.data;
  const absolute = (path: string) => (isAbsolute(path) ? path : resolve(cwd, path));
  for (const variable of FILE_VARIABLES) {
    const path = env[variable];
    if (path !== undefined && !existsSync(absolute(path)))
      problems.push({ variable, message: `file not found: ${absolute(path)}` });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const readPem = (path: string | undefined) =>
    path === undefined ? undefined : readFileSync(absolute(path), 'utf8');

  const dataDir = absolute(env.ARGUS_DATA_DIR);
  return {
    apps: env.ARGUS_APPS,
    logLevel: env.LOG_LEVEL,
    dataDir,
    policyFile: env.ARGUS_POLICY_FILE === undefined ? undefined : absolute(env.ARGUS_POLICY_FILE),
    redactionHmacSecret: env.ARGUS_REDACTION_HMAC_KEY,
    kafka: {
      brokers: env.KAFKA_BROKERS,
      clientId: env.KAFKA_CLIENT_ID,
      ssl: env.KAFKA_SSL
        ? {
            ca: readPem(env.KAFKA_SSL_CA_FILE),
            cert: readPem(env.KAFKA_SSL_CERT_FILE),
            key: readPem(env.KAFKA_SSL_KEY_FILE),
            rejectUnauthorized: env.KAFKA_SSL_REJECT_UNAUTHORIZED,
          }
        : undefined,
      sasl:
        env.KAFKA_SASL_MECHANISM !== undefined &&
        env.KAFKA_SASL_USERNAME !== undefined &&
        env.KAFKA_SASL_PASSWORD !== undefined
          ? {
              mechanism: env.KAFKA_SASL_MECHANISM,
              username: env.KAFKA_SASL_USERNAME,
              password: env.KAFKA_SASL_PASSWORD,
            }
          : undefined,
      topics: {
        telemetry: env.KAFKA_TOPIC_TELEMETRY,
        telemetryDeadLetter: env.KAFKA_TOPIC_TELEMETRY_DLQ,
        findings: env.KAFKA_TOPIC_FINDINGS,
        alerts: env.KAFKA_TOPIC_ALERTS,
        alertsDeadLetter: env.KAFKA_TOPIC_ALERTS_DLQ,
      },
      ingestGroupId: env.KAFKA_INGEST_GROUP_ID,
      alerterGroupId: env.KAFKA_ALERTER_GROUP_ID,
      createTopics: env.KAFKA_CREATE_TOPICS,
      partitions: env.KAFKA_TOPIC_PARTITIONS,
      replicationFactor: env.KAFKA_REPLICATION_FACTOR,
      fromBeginning: env.KAFKA_FROM_BEGINNING,
      maxBytesPerPartition: env.KAFKA_MAX_BYTES_PER_PARTITION,
    },
    clickhouse: {
      url: env.CLICKHOUSE_URL,
      username: env.CLICKHOUSE_USERNAME,
      password: env.CLICKHOUSE_PASSWORD,
      database: env.CLICKHOUSE_DATABASE,
      embeddedDataDir: join(dataDir, 'chdb'),
      writerMaxRows: env.CLICKHOUSE_WRITER_MAX_ROWS,
      writerFlushMs: env.CLICKHOUSE_WRITER_FLUSH_MS,
      retention: {
        eventsDays: env.RETENTION_EVENTS_DAYS,
        findingsDays: env.RETENTION_FINDINGS_DAYS,
        alertsDays: env.RETENTION_ALERTS_DAYS,
      },
    },
    ingest: {
      maxEventBytes: env.INGEST_MAX_EVENT_BYTES,
      maxTextPartBytes: env.INGEST_MAX_TEXT_PART_BYTES,
      protectedDocumentsRefreshMs: env.PROTECTED_DOCUMENTS_REFRESH_MS,
    },
    models: {
      ...(env.INJECTION_CLASSIFIER_PATH !== undefined
        ? { injectionClassifierPath: absolute(env.INJECTION_CLASSIFIER_PATH) }
        : {}),
      ...(env.INJECTION_CLASSIFIER_ATTACK_LABELS !== undefined
        ? { injectionClassifierAttackLabels: env.INJECTION_CLASSIFIER_ATTACK_LABELS }
        : {}),
      ...(env.NER_MODEL_PATH !== undefined ? { nerModelPath: absolute(env.NER_MODEL_PATH) } : {}),
    },
    alerting: {
      minSeverity: env.ALERT_MIN_SEVERITY,
      stdout: env.ALERT_STDOUT,
      jsonlFile: env.ALERT_JSONL_FILE === undefined ? undefined : absolute(env.ALERT_JSONL_FILE),
      webhook:
        env.ALERT_WEBHOOK_URL === undefined
          ? undefined
          : {
              url: env.ALERT_WEBHOOK_URL,
              secret: env.ALERT_WEBHOOK_SECRET,
              ca: readPem(env.ALERT_WEBHOOK_CA_FILE),
              timeoutMs: env.ALERT_WEBHOOK_TIMEOUT_MS,
            },
      maxAttempts: env.ALERT_MAX_ATTEMPTS,
      retryBaseMs: env.ALERT_RETRY_BASE_MS,
      sinks: alertSinksConfig(env, readPem),
      policyFile: env.ALERT_POLICY_FILE === undefined ? undefined : absolute(env.ALERT_POLICY_FILE),
      testCrashAfterRecord: env.ARGUS_TEST_CRASH_AFTER_ALERT_RECORD,
    },
    api: {
      host: env.API_HOST,
      port: env.API_PORT,
      queryEnabled: env.API_QUERY_ENABLED,
      guard: {
        enabled: env.API_GUARD_ENABLED,
        tokenSecret: env.API_GUARD_TOKEN,
        blockMinSeverity: env.API_GUARD_BLOCK_MIN_SEVERITY,
        flagMinSeverity: env.API_GUARD_FLAG_MIN_SEVERITY,
      },
    },
    erasure: {
      apiEnabled: env.API_ERASURE_ENABLED,
      adminTokenSecret: env.API_ADMIN_TOKEN,
      subjectHmacSecret: env.ERASURE_HMAC_SECRET,
    },
    embeddings: {
      enabled: env.EMBEDDINGS_ENABLED,
      referenceRefreshMs: env.EMBEDDINGS_REFERENCE_REFRESH_MS,
      environment: embeddingEnvironment(env, absolute),
    },
    analyzer: {
      intervalMs: env.ANALYZER_INTERVAL_MS,
      drift: {
        enabled: env.DRIFT_ENABLED,
        windowMs: env.DRIFT_WINDOW_MS,
        lateMs: env.DRIFT_LATE_MS,
        reference:
          env.DRIFT_BASELINE_START !== undefined && env.DRIFT_BASELINE_END !== undefined
            ? {
                kind: 'pinned',
                start: new Date(env.DRIFT_BASELINE_START),
                end: new Date(env.DRIFT_BASELINE_END),
              }
            : { kind: 'trailing', referenceMs: env.DRIFT_REFERENCE_MS },
        sampleSize: env.DRIFT_SAMPLE_SIZE,
        referenceSampleSize: env.DRIFT_REFERENCE_SAMPLE_SIZE,
        minEvents: env.DRIFT_MIN_EVENTS,
        permutations: env.DRIFT_PERMUTATIONS,
        alpha: env.DRIFT_ALPHA,
        minEffect: env.DRIFT_MIN_EFFECT,
        fields: env.DRIFT_FIELDS,
        workers: env.DRIFT_WORKERS,
      },
      behaviour: {
        enabled: env.BEHAVIOUR_ENABLED,
        baselineDays: env.BEHAVIOUR_BASELINE_DAYS,
        zThreshold: env.BEHAVIOUR_Z_THRESHOLD,
        alpha: env.BEHAVIOUR_ALPHA,
      },
    },
  };
}

function embeddingEnvironment(
  env: Env,
  absolute: (path: string) => string,
): ArgusConfig['embeddings']['environment'] {
  const entries = Object.entries(env).filter(([key]) => key.startsWith('EMBEDDINGS_'));
  const picked = Object.fromEntries(entries) as ArgusConfig['embeddings']['environment'];
  return picked.EMBEDDINGS_MODEL_PATH === undefined
    ? picked
    : { ...picked, EMBEDDINGS_MODEL_PATH: absolute(picked.EMBEDDINGS_MODEL_PATH) };
}

/** Echo the bad value to help the operator, except for credentials. */
function describeValue(variable: string, value: string | undefined): string {
  if (value === undefined) return '';
  if (/PASSWORD|SECRET|KEY_FILE|TOKEN|API_KEY|ROUTING_KEY|SLACK_WEBHOOK_URL/.test(variable))
    return ' (value hidden)';
  return ` (got "${value.length > 60 ? `${value.slice(0, 57)}...` : value}")`;
}

/** Names, defaults and descriptions of every variable, for the README table and `argus config`. */
export function describeEnvironment(): { variable: string; default: string; description: string }[] {
  return Object.entries(ENV_SCHEMA.shape).map(([variable, schema]) => {
    const defaultValue = findDefault(schema);
    return {
      variable,
      default: defaultValue === undefined ? '' : JSON.stringify(defaultValue).replace(/^"|"$/g, ''),
      description: schema.description ?? '',
    };
  });
}

type SchemaDefinition = { def?: { defaultValue?: unknown; in?: unknown; innerType?: unknown } };

/** Defaults sit inside pipes (`default → transform → pipe`); walk down to the first one. */
function findDefault(schema: unknown): unknown {
  let current = schema as SchemaDefinition | undefined;
  for (let depth = 0; current?.def !== undefined && depth < 8; depth++) {
    if (current.def.defaultValue !== undefined) return current.def.defaultValue;
    current = (current.def.in ?? current.def.innerType) as SchemaDefinition | undefined;
  }
  return undefined;
}
