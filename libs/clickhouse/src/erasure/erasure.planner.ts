import { CLICKHOUSE_TABLES, type ClickHouseTableName } from '../table-rows';

/**
 * What a data-subject erasure touches, as ClickHouse statements: a pure function of the subject's kind,
 * unit-tested without an engine and reviewed in one place (docs/erasure.md lists the same steps).
 *
 * Every statement takes two query parameters and nothing else: `tenant_id` and `staging_key` (the run's
 * key in `erasure_staging`). The subject's own id is never in the SQL. The executor inserts it into
 * `erasure_staging` (kind `subject`);
 * the plan's stages then copy the ids of the subject's rows there (`INSERT … SELECT`: their events, the
 * findings of those, the alerts of those), and every step's predicate reads those staged sets. So:
 * - neither the statement text nor ClickHouse's record of finished mutations (system.mutations keeps
 *   them with parameters substituted) ever holds the id;
 * - every step works on the same snapshot of the subject's rows, taken before anything changes; rows
 *   that arrive while the request runs are left for a retry and reported (`remainingQuery`), never
 *   half-erased (an event deleted while a finding of it stays);
 * - mutation predicates are one subquery deep (chdb's engine hangs on an ALTER … UPDATE whose WHERE
 *   nests subqueries).
 *
 * Steps run in order, and the order matters for a retry after a failure part-way: the retry stages its
 * sets again from what is left, so a step must run before any step that changes a table its sets are
 * read from (alerts are found through findings, findings through events). Every predicate is scoped
 * to the tenant: the same user id in another tenant is another person.
 */

export type ErasureSubjectKind = 'user' | 'conversation';

/** `delete` removes rows; `redact` rewrites columns of rows that are not about the subject but quote them. */
export type ErasureAction = 'delete' | 'redact';

/** The id sets staged in `erasure_staging` for one request (`subject`: the id the request names). */
export type ErasureSet = 'subject' | 'event' | 'finding' | 'quoting_finding' | 'alert';

export type ErasureStage = {
  set: Exclude<ErasureSet, 'subject'>;
  /** `INSERT INTO erasure_staging … SELECT DISTINCT … FROM <table> WHERE …`. */
  statement: string;
};

export type ErasureStep = {
  /** The table for a delete; `table:what` for a redaction. Keys of the audit row's counts. */
  name: string;
  table: ClickHouseTableName;
  action: ErasureAction;
  /** One line for the documentation and the CLI's help: which rows, found how. */
  description: string;
  /** `SELECT count() AS rows …` of the rows the step still has to change (0 once it is done). */
  countQuery: string;
  /** `ALTER TABLE … DELETE|UPDATE … WHERE <the count's predicate> SETTINGS mutations_sync = 2`. */
  mutation: string;
};

export type ErasurePlan = {
  kind: ErasureSubjectKind;
  /** Run in order after the subject id is staged, before any step. */
  stages: ErasureStage[];
  steps: ErasureStep[];
  /** Events of the subject still stored after the steps (`rows`): arrived during the run, not erased. */
  remainingQuery: string;
};

/** The query parameters every statement of a plan takes (ClickHouse `{name:String}` placeholders). */
export type ErasureQueryParams = {
  tenant_id: string;
  /** Whose rows of `erasure_staging` (its `request_id` column): `<request id>/<run id>`, one per run. */
  staging_key: string;
};

/**
 * Tables that hold nothing to erase, with the reason. A table is either changed by a step of some plan
 * or listed here: a unit test parses the migrations and fails on any table that is neither, so a new
 * table gets a decision.
 */
export const ERASURE_EXEMPT_TABLES: Readonly<Record<string, string>> = {
  [CLICKHOUSE_TABLES.driftReferences]:
    'reference centroids: the mean of up to 1,000 embeddings per series, no id and no text; the analyzer recomputes them from the remaining events',
  [CLICKHOUSE_TABLES.protectedDocuments]:
    'confidential documents registered by operators, not telemetry about a person',
  [CLICKHOUSE_TABLES.schemaMigrations]: 'schema bookkeeping',
  [CLICKHOUSE_TABLES.erasureRequests]:
    'the audit trail of erasures: tenant, subject kind and a keyed HMAC, never the id itself',
  [CLICKHOUSE_TABLES.erasureStaging]:
    "a request's staged ids, only while it runs: every run deletes them at the end (TTL 1 day as a safety net)",
};

const T = CLICKHOUSE_TABLES;
const TENANT = '{tenant_id:String}';
const SETTINGS = 'SETTINGS mutations_sync = 2';

/** The staged ids of one set of this request. */
function staged(set: ErasureSet): string {
  return `(SELECT value FROM ${T.erasureStaging} WHERE request_id = {staging_key:String} AND kind = '${set}')`;
}

const SUBJECT_COLUMN: Readonly<Record<ErasureSubjectKind, 'user_id' | 'conversation_id'>> = {
  user: 'user_id',
  conversation: 'conversation_id',
};

function stage(
  set: ErasureStage['set'],
  column: string,
  table: ClickHouseTableName,
  where: string,
): ErasureStage {
  return {
    set,
    statement:
      `INSERT INTO ${T.erasureStaging} (request_id, kind, value, staged_at) ` +
      `SELECT DISTINCT {staging_key:String}, '${set}', ${column}, now64(3) FROM ${table} WHERE tenant_id = ${TENANT} AND ${where}`,
  };
}

/**
 * Window findings (embedding drift) quote up to five stored texts of their window as examples:
 * `attributes.examples` (JSON text of [{event_id, text, score}]) and `attributes.example_event_ids`
 * (comma-separated); their `evidence` is the first example's text. The finding is about the app, not the
 * subject: only the quotes are theirs.
 */
const EXAMPLE_EVENT_IDS = `splitByChar(',', JSONExtractString(attributes, 'example_event_ids'))`;

function stages(kind: ErasureSubjectKind): ErasureStage[] {
  const column = SUBJECT_COLUMN[kind];
  return [
    stage('event', 'event_id', T.events, `${column} IN ${staged('subject')}`),
    // Behaviour findings are about a user and an hour, not an event (their event id is a window id);
    // they name the user in `attributes.user_id`.
    stage(
      'finding',
      'finding_id',
      T.findings,
      kind === 'user'
        ? `(event_id IN ${staged('event')} OR JSONExtractString(attributes, 'user_id') IN ${staged('subject')})`
        : `event_id IN ${staged('event')}`,
    ),
    stage('quoting_finding', 'finding_id', T.findings, `${EXAMPLE_EVENT_IDS}[1] IN ${staged('event')}`),
    // An alert names the user and conversation of its first finding and lists its findings' ids. One that
    // groups several people's findings (a policy whose group_by leaves out user and conversation) is
    // deleted whole when it includes the subject's.
    stage(
      'alert',
      'alert_id',
      T.alerts,
      `(JSONExtractString(payload, '${column}') IN ${staged('subject')}` +
        ` OR arrayExists(id -> id IN ${staged('event')}, JSONExtract(payload, 'event_ids', 'Array(String)'))` +
        ` OR arrayExists(id -> id IN ${staged('finding')}, finding_ids))`,
    ),
  ];
}

/**
 * `json` (the JSON text of an object) rebuilt member by member, keys and order kept; `value` is the new raw
 * JSON of each member, an expression of `member` (key `member.1`, raw JSON value `member.2`).
 */
function rebuildObject(json: string, value: string): string {
  return (
    `concat('{', arrayStringConcat(arrayMap(member -> concat(toJSONString(member.1), ':', ${value}), ` +
    `JSONExtractKeysAndValuesRaw(${json})), ','), '}')`
  );
}

function deleteStep(table: ClickHouseTableName, where: string, description: string): ErasureStep {
  return {
    name: table,
    table,
    action: 'delete',
    description,
    countQuery: `SELECT count() AS rows FROM ${table} WHERE ${where}`,
    mutation: `ALTER TABLE ${table} DELETE WHERE ${where} ${SETTINGS}`,
  };
}

function redactStep(
  table: ClickHouseTableName,
  what: string,
  assignments: string,
  where: string,
  description: string,
): ErasureStep {
  return {
    name: `${table}:${what}`,
    table,
    action: 'redact',
    description,
    countQuery: `SELECT count() AS rows FROM ${table} WHERE ${where}`,
    mutation: `ALTER TABLE ${table} UPDATE ${assignments} WHERE ${where} ${SETTINGS}`,
  };
}

function alertSteps(kind: ErasureSubjectKind): ErasureStep[] {
  const groupIds = (path: string) =>
    `arrayConcat(JSONExtract(state, '${path}', 'Array(String)'), JSONExtract(state, 'base', '${path}', 'Array(String)'))`;
  return [
    deleteStep(
      T.alertDeliveries,
      `alert_id IN ${staged('alert')}`,
      'delivery attempts of the alerts deleted below',
    ),
    deleteStep(
      T.alertGroups,
      `tenant_id = ${TENANT} AND (group_id IN ${staged('alert')}` +
        ` OR JSONExtractString(state, 'base', '${SUBJECT_COLUMN[kind]}') IN ${staged('subject')}` +
        ` OR arrayExists(id -> id IN ${staged('event')}, ${groupIds('event_ids')})` +
        ` OR arrayExists(id -> id IN ${staged('finding')}, ${groupIds('finding_ids')})` +
        ` OR arrayExists(id -> id IN ${staged('quoting_finding')}, ${groupIds('finding_ids')}))`,
      'alert group state (kept while a window is open) naming the subject, listing their events or findings, or quoting them',
    ),
    deleteStep(
      T.alerts,
      `tenant_id = ${TENANT} AND alert_id IN ${staged('alert')}`,
      `alerts naming the ${kind}, or listing the subject's events or findings`,
    ),
    redactStep(
      T.alerts,
      'evidence',
      `payload = ${rebuildObject('payload', `if(member.1 = 'evidence', '""', member.2)`)}`,
      `tenant_id = ${TENANT} AND JSONExtractString(payload, 'evidence') != ''` +
        ` AND arrayExists(id -> id IN ${staged('quoting_finding')}, finding_ids)`,
      "evidence emptied in alerts of window findings (drift) whose evidence is the subject's text; the alert stays",
    ),
  ];
}

function driftSteps(): ErasureStep[] {
  const subjectEvents = staged('event');
  const keptExamples = (json: string) =>
    `concat('[', arrayStringConcat(arrayFilter(x -> JSONExtractString(x, 'event_id') NOT IN ${subjectEvents}, JSONExtractArrayRaw(${json})), ','), ']')`;
  const keptIds = `arrayStringConcat(arrayFilter(id -> id NOT IN ${subjectEvents}, ${EXAMPLE_EVENT_IDS}), ',')`;
  const attributesWithoutSubject = rebuildObject(
    'attributes',
    `multiIf(member.1 = 'example_event_ids', toJSONString(${keptIds}), ` +
      `member.1 = 'examples', toJSONString(${keptExamples("JSONExtractString(attributes, 'examples')")}), member.2)`,
  );
  return [
    redactStep(
      T.driftScores,
      'examples',
      `examples = ${keptExamples('examples')}`,
      `tenant_id = ${TENANT} AND arrayExists(x -> JSONExtractString(x, 'event_id') IN ${subjectEvents}, JSONExtractArrayRaw(examples))`,
      "the subject's texts removed from the examples of drift results; the statistics stay",
    ),
    redactStep(
      T.findings,
      'examples',
      `evidence = if(${EXAMPLE_EVENT_IDS}[1] IN ${subjectEvents}, '', evidence), attributes = ${attributesWithoutSubject}`,
      `tenant_id = ${TENANT} AND arrayExists(id -> id IN ${subjectEvents}, ${EXAMPLE_EVENT_IDS})`,
      "the subject's texts removed from window findings (drift) that quote them as examples or evidence; the finding stays",
    ),
  ];
}

function behaviourSteps(): ErasureStep[] {
  const byUser = `tenant_id = ${TENANT} AND user_id IN ${staged('subject')}`;
  return [
    deleteStep(T.behaviourBaselines, byUser, "the user's behaviour baselines"),
    deleteStep(
      T.behaviourHourly,
      byUser,
      "the user's hourly behaviour aggregates (a materialized view writes them; deleting events leaves them)",
    ),
  ];
}

/**
 * The plan that erases a user (every event with that `user.id`, and what was derived from them) or a
 * conversation (every event of it, whoever sent it) within one tenant.
 */
export function planErasure(kind: ErasureSubjectKind): ErasurePlan {
  const column = SUBJECT_COLUMN[kind];
  const steps: ErasureStep[] = [
    ...alertSteps(kind),
    deleteStep(
      T.findings,
      `tenant_id = ${TENANT} AND finding_id IN ${staged('finding')}`,
      kind === 'user'
        ? "findings of the user's events, and behaviour findings about the user"
        : "findings of the conversation's events",
    ),
    ...driftSteps(),
    ...(kind === 'user' ? behaviourSteps() : []),
    deleteStep(
      T.events,
      `tenant_id = ${TENANT} AND event_id IN ${staged('event')}`,
      kind === 'user'
        ? 'events with this user id (texts, embeddings, session, trace, event JSON)'
        : 'events of this conversation',
    ),
  ];
  return {
    kind,
    stages: stages(kind),
    steps,
    remainingQuery: `SELECT count() AS rows FROM ${T.events} WHERE tenant_id = ${TENANT} AND ${column} IN ${staged('subject')}`,
  };
}

/** Removes every id a run staged (after the run, whatever its outcome). */
export const ERASURE_UNSTAGE_STATEMENT = `ALTER TABLE ${T.erasureStaging} DELETE WHERE request_id = {staging_key:String} ${SETTINGS}`;
