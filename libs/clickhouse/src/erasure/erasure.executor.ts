import { randomUUID } from 'node:crypto';
import { describeError } from '../clickhouse.errors';
import { parseClickHouseDateTime, toClickHouseDateTime } from '../clickhouse-date-time.util';
import { CLICKHOUSE_TABLES } from '../table-rows';
import {
  type ErasureClient,
  type ErasureOrigin,
  type ErasureReport,
  type ErasureRequestRow,
  type ErasureStepReport,
  readErasureRow,
  readErasureRowsOfSubject,
  reportOf,
  writeErasureRow,
} from './erasure-audit.store';
import { ErasureError, NonRetryableErasureError } from './erasure.errors';
import {
  ERASURE_UNSTAGE_STATEMENT,
  type ErasurePlan,
  type ErasureQueryParams,
  type ErasureStep,
  planErasure,
} from './erasure.planner';
import {
  type ErasureSubject,
  assertErasureSubject,
  isErasureRequestId,
  subjectHmac,
  subjectKeyId,
  withoutSubjectId,
} from './erasure-subject';

export type ErasureRequest = {
  subject: ErasureSubject;
  /** Retry of an earlier request (its id): same subject required, its audit row is completed. */
  requestId?: string;
  /** Count what would be erased; change and record nothing. */
  dryRun?: boolean;
  origin: ErasureOrigin;
};

export type ErasureDeps = {
  client: ErasureClient;
  /** ERASURE_HMAC_SECRET. Needed to record a request (not for a dry run). */
  subjectHmacSecret: string | undefined;
  now?: () => Date;
  newRequestId?: () => string;
  /** Told the rows each step of a real run changed (for metrics); not called for a dry run. */
  onStep?: (step: ErasureStep, changed: number) => void;
};

/**
 * Erases one subject: records the request (`running`), stages the subject id, runs the plan's steps in
 * order (count, mutate when there is anything to change, count again), unstages the id, and records the
 * outcome with the counts per step. Safe to run again, for the same request id or as a new request:
 * a step with nothing left to change issues no mutation.
 *
 * A failing step stops the run; the request is recorded `failed` with the error (the subject id masked)
 * and returned, not thrown, so the caller can report the counts so far. A retry (same request id)
 * completes it. Thrown: a bad request, a missing secret, a retry of an unknown request or of another
 * subject, and an audit row that cannot be written (then nothing was erased, or the error says so).
 */
export async function runErasure(deps: ErasureDeps, request: ErasureRequest): Promise<ErasureReport> {
  const { subject } = request;
  assertErasureSubject(subject);
  if (request.requestId !== undefined && !isErasureRequestId(request.requestId))
    throw new NonRetryableErasureError('ERASURE_INVALID_REQUEST', 'request id must be a UUID');
  const now = deps.now ?? (() => new Date());
  const newRequestId = deps.newRequestId ?? randomUUID;
  return request.dryRun === true
    ? dryRun(deps.client, subject, newRequestId(), request.origin, now())
    : erase(deps, request, now, newRequestId);
}

/** The audit rows of every request about this subject, oldest first: how an auditor checks a person. */
export async function findErasureRequests(
  deps: Pick<ErasureDeps, 'client' | 'subjectHmacSecret'>,
  subject: ErasureSubject,
): Promise<ErasureReport[]> {
  assertErasureSubject(subject);
  const secret = requireSecret(deps.subjectHmacSecret);
  const rows = await readErasureRowsOfSubject(deps.client, subject.tenantId, subjectHmac(subject, secret));
  return rows.map(reportOf);
}

/** A request's audit row as a report; undefined when the id is unknown (or not a request id). */
export async function readErasureRequest(
  client: ErasureClient,
  requestId: string,
): Promise<ErasureReport | undefined> {
  if (!isErasureRequestId(requestId)) return undefined;
  const row = await readErasureRow(client, requestId);
  return row === undefined ? undefined : reportOf(row);
}

async function erase(
  deps: ErasureDeps,
  request: ErasureRequest,
  now: () => Date,
  newRequestId: () => string,
): Promise<ErasureReport> {
  const { client } = deps;
  const { subject } = request;
  const secret = requireSecret(deps.subjectHmacSecret);
  const hmac = subjectHmac(subject, secret);
  const previous =
    request.requestId === undefined ? undefined : await readErasureRow(client, request.requestId);
  if (request.requestId !== undefined) {
    if (previous === undefined)
      throw new NonRetryableErasureError(
        'ERASURE_REQUEST_NOT_FOUND',
        `No erasure request ${request.requestId} to retry`,
      );
    if (
      previous.tenant_id !== subject.tenantId ||
      previous.subject_kind !== subject.kind ||
      previous.subject_hmac !== hmac
    )
      throw new NonRetryableErasureError(
        'ERASURE_REQUEST_MISMATCH',
        `Erasure request ${request.requestId} is about another subject (or was recorded with another ERASURE_HMAC_SECRET)`,
      );
  }
  const clock = monotonicClock(now, previous?.updated_at);
  const startedAt = clock();
  const row: ErasureRequestRow = {
    request_id: previous?.request_id ?? newRequestId(),
    tenant_id: subject.tenantId,
    subject_kind: subject.kind,
    subject_hmac: hmac,
    subject_key_id: subjectKeyId(secret),
    origin: request.origin,
    status: 'running',
    attempts: (previous?.attempts ?? 0) + 1,
    requested_at: previous?.requested_at ?? toClickHouseDateTime(startedAt),
    updated_at: toClickHouseDateTime(startedAt),
    completed_at: null,
    rows_before: { ...previous?.rows_before },
    rows_after: { ...previous?.rows_after },
    error: '',
  };
  // Recorded before anything changes: a process that dies half-way leaves a `running` row to retry.
  try {
    await writeErasureRow(client, row);
  } catch (error) {
    throw new ErasureError('ERASURE_AUDIT_FAILED', `${describeError(error)}; nothing was erased`);
  }

  // Keyed per run, not per request: two runs of one request at once (a client retrying while the first
  // still runs) must not remove each other's staged ids.
  const params: ErasureQueryParams = {
    tenant_id: subject.tenantId,
    staging_key: `${row.request_id}/${newRequestId()}`,
  };
  let failure: unknown;
  try {
    const plan = planErasure(subject.kind);
    await stageSubject(client, plan, params, subject.id);
    for (const step of plan.steps) {
      const { before, after } = await runStep(client, step, params);
      deps.onStep?.(step, Math.max(0, before - after));
      row.rows_before[step.name] = Math.max(row.rows_before[step.name] ?? 0, before);
      row.rows_after[step.name] = after;
      if (after > 0)
        throw new Error(
          `${after} row(s) of step ${step.name} still match after its mutation (written while it ran?); retry the request`,
        );
      await writeErasureRow(client, { ...row, updated_at: toClickHouseDateTime(clock()) });
    }
    const remaining = await countRows(client, plan.remainingQuery, params, 'the remaining events');
    if (remaining > 0)
      throw new Error(
        `${remaining} event(s) of the subject arrived while the request ran and were not erased; retry the request`,
      );
  } catch (error) {
    failure = error;
  } finally {
    try {
      await unstage(client, params.staging_key);
    } catch (error) {
      // The id would stay staged (until the table's TTL): the request is not done.
      failure ??= new Error(`could not remove the staged subject id: ${describeError(error)}`);
    }
  }
  const finishedAt = clock();
  const finished: ErasureRequestRow =
    failure === undefined
      ? {
          ...row,
          status: 'completed',
          updated_at: toClickHouseDateTime(finishedAt),
          completed_at: toClickHouseDateTime(finishedAt),
        }
      : {
          ...row,
          status: 'failed',
          updated_at: toClickHouseDateTime(finishedAt),
          error: withoutSubjectId(describeError(failure), subject.id).slice(0, 2000),
        };
  try {
    await writeErasureRow(client, finished);
  } catch (error) {
    throw new ErasureError(
      'ERASURE_AUDIT_FAILED',
      `${describeError(error)}; the erasure ran (${finished.status}) but its outcome is not recorded: retry request ${row.request_id}`,
    );
  }
  return reportOf(finished);
}

async function dryRun(
  client: ErasureClient,
  subject: ErasureSubject,
  stagingId: string,
  origin: ErasureOrigin,
  at: Date,
): Promise<ErasureReport> {
  const steps: Record<string, ErasureStepReport> = {};
  const params: ErasureQueryParams = { tenant_id: subject.tenantId, staging_key: `dry-run/${stagingId}` };
  try {
    const plan = planErasure(subject.kind);
    await stageSubject(client, plan, params, subject.id);
    for (const step of plan.steps) {
      const before = await count(client, step, params);
      steps[step.name] = { table: step.table, action: step.action, rows_before: before, rows_after: before };
    }
  } catch (error) {
    throw new ErasureError(
      'ERASURE_DRY_RUN_FAILED',
      withoutSubjectId(`Erasure dry run failed: ${describeError(error)}`, subject.id),
    );
  } finally {
    await unstage(client, params.staging_key);
  }
  const iso = at.toISOString();
  return {
    request_id: null,
    dry_run: true,
    tenant_id: subject.tenantId,
    subject_kind: subject.kind,
    subject_hmac: null,
    subject_key_id: null,
    origin,
    status: 'dry_run',
    attempts: 0,
    requested_at: iso,
    updated_at: iso,
    completed_at: null,
    steps,
    error: null,
  };
}

async function runStep(
  client: ErasureClient,
  step: ErasureStep,
  params: ErasureQueryParams,
): Promise<{ before: number; after: number }> {
  const before = await count(client, step, params);
  // Nothing to change: no mutation, so a repeated request costs a few counts and rewrites no part.
  if (before === 0) return { before, after: 0 };
  try {
    await client.command({ query: step.mutation, query_params: params });
  } catch (error) {
    throw new Error(`step ${step.name} (${step.action} on ${step.table}) failed: ${describeError(error)}`);
  }
  return { before, after: await count(client, step, params) };
}

function count(client: ErasureClient, step: ErasureStep, params: ErasureQueryParams): Promise<number> {
  return countRows(client, step.countQuery, params, `step ${step.name}`);
}

async function countRows(
  client: ErasureClient,
  query: string,
  params: ErasureQueryParams,
  what: string,
): Promise<number> {
  try {
    const result = await client.query({ query, query_params: params, format: 'JSONEachRow' });
    const [row] = await result.json<{ rows: number | string }>();
    return Number(row?.rows ?? 0);
  } catch (error) {
    throw new Error(`counting ${what} failed: ${describeError(error)}`);
  }
}

/** Stages the subject id, then the ids of their rows (the plan's stages, in order), under the run's key. */
async function stageSubject(
  client: ErasureClient,
  plan: ErasurePlan,
  params: ErasureQueryParams,
  subjectId: string,
): Promise<void> {
  await client.insert({
    table: CLICKHOUSE_TABLES.erasureStaging,
    values: [
      {
        request_id: params.staging_key,
        kind: 'subject',
        value: subjectId,
        staged_at: toClickHouseDateTime(new Date()),
      },
    ],
    format: 'JSONEachRow',
  });
  for (const stage of plan.stages) {
    try {
      await client.command({ query: stage.statement, query_params: params });
    } catch (error) {
      throw new Error(`staging the subject's ${stage.set} ids failed: ${describeError(error)}`);
    }
  }
}

async function unstage(client: ErasureClient, stagingKey: string): Promise<void> {
  await client.command({ query: ERASURE_UNSTAGE_STATEMENT, query_params: { staging_key: stagingKey } });
}

function requireSecret(secret: string | undefined): string {
  if (secret === undefined || secret === '')
    throw new NonRetryableErasureError(
      'ERASURE_NOT_CONFIGURED',
      'ERASURE_HMAC_SECRET is not set: erasure requests are recorded with an HMAC of the subject made with it (docs/erasure.md)',
    );
  return secret;
}

/**
 * Versions of one request's row must increase (ReplacingMergeTree keeps the highest `updated_at`): two
 * writes in the same millisecond, or a retry on a host whose clock is behind, still order correctly.
 */
function monotonicClock(now: () => Date, after: string | undefined): () => Date {
  let last = after === undefined ? 0 : parseClickHouseDateTime(after).getTime();
  return () => {
    last = Math.max(now().getTime(), last + 1);
    return new Date(last);
  };
}
