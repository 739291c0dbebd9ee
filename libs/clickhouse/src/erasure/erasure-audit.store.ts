import type { ClickHouseClient } from '@clickhouse/client';
import { describeError } from '../clickhouse.errors';
import { parseClickHouseDateTime, type ClickHouseDateTime } from '../clickhouse-date-time.util';
import { CLICKHOUSE_TABLES } from '../table-rows';
import { ErasureError } from './erasure.errors';
import { type ErasureAction, type ErasureSubjectKind, planErasure } from './erasure.planner';

export type ErasureClient = Pick<ClickHouseClient, 'query' | 'command' | 'insert'>;

export type ErasureOrigin = 'api' | 'cli';
export type ErasureStatus = 'running' | 'completed' | 'failed';

/** `erasure_requests` (migration 008), one version of a request's row. */
export type ErasureRequestRow = {
  request_id: string;
  tenant_id: string;
  subject_kind: ErasureSubjectKind;
  subject_hmac: string;
  subject_key_id: string;
  origin: ErasureOrigin;
  status: ErasureStatus;
  attempts: number;
  requested_at: ClickHouseDateTime;
  updated_at: ClickHouseDateTime;
  completed_at: ClickHouseDateTime | null;
  /** Per step (see ErasureStep.name): the most rows of the subject any attempt found. */
  rows_before: Record<string, number>;
  /** Per step: rows still matching after the latest attempt's mutation (0 when done). */
  rows_after: Record<string, number>;
  error: string;
};

export type ErasureStepReport = {
  table: string;
  action: ErasureAction;
  rows_before: number;
  rows_after: number;
};

/** What the API answers and the CLI prints: the request's audit row, readable. */
export type ErasureReport = {
  /** Null for a dry run, which records nothing. */
  request_id: string | null;
  dry_run: boolean;
  tenant_id: string;
  subject_kind: ErasureSubjectKind;
  subject_hmac: string | null;
  subject_key_id: string | null;
  origin: ErasureOrigin;
  status: ErasureStatus | 'dry_run';
  attempts: number;
  requested_at: string;
  updated_at: string;
  completed_at: string | null;
  steps: Record<string, ErasureStepReport>;
  error: string | null;
};

const TABLE = CLICKHOUSE_TABLES.erasureRequests;

export async function writeErasureRow(client: ErasureClient, row: ErasureRequestRow): Promise<void> {
  try {
    await client.insert({ table: TABLE, values: [row], format: 'JSONEachRow' });
  } catch (error) {
    throw new ErasureError(
      'ERASURE_AUDIT_FAILED',
      `Could not record erasure request ${row.request_id} (${row.status}) in ${TABLE}: ${describeError(error)}`,
    );
  }
}

type StoredRow = Omit<ErasureRequestRow, 'attempts' | 'rows_before' | 'rows_after'> & {
  attempts: number | string;
  rows_before: Record<string, number | string>;
  rows_after: Record<string, number | string>;
};

const COLUMNS =
  'request_id, tenant_id, subject_kind, subject_hmac, subject_key_id, origin, status, attempts, ' +
  'requested_at, updated_at, completed_at, rows_before, rows_after, error';

async function selectRows(
  client: ErasureClient,
  where: string,
  params: Record<string, string>,
): Promise<ErasureRequestRow[]> {
  let rows: StoredRow[];
  try {
    const result = await client.query({
      query: `SELECT ${COLUMNS} FROM ${TABLE} FINAL WHERE ${where} ORDER BY requested_at, request_id`,
      query_params: params,
      format: 'JSONEachRow',
    });
    rows = await result.json<StoredRow>();
  } catch (error) {
    throw new ErasureError('ERASURE_AUDIT_FAILED', `Could not read ${TABLE}: ${describeError(error)}`);
  }
  return rows.map((row) => ({
    ...row,
    attempts: Number(row.attempts),
    rows_before: numbers(row.rows_before),
    rows_after: numbers(row.rows_after),
  }));
}

/** The latest version of a request's row; undefined when there is none. */
export async function readErasureRow(
  client: ErasureClient,
  requestId: string,
): Promise<ErasureRequestRow | undefined> {
  const rows = await selectRows(client, 'request_id = {request_id:String}', { request_id: requestId });
  return rows[0];
}

/** Every request about one subject (found by its HMAC), oldest first. */
export async function readErasureRowsOfSubject(
  client: ErasureClient,
  tenantId: string,
  subjectHmacHex: string,
): Promise<ErasureRequestRow[]> {
  return selectRows(client, 'tenant_id = {tenant_id:String} AND subject_hmac = {subject_hmac:String}', {
    tenant_id: tenantId,
    subject_hmac: subjectHmacHex,
  });
}

export function reportOf(row: ErasureRequestRow): ErasureReport {
  // In the order the steps run (names a newer release added, if any, last).
  const order = planErasure('user').steps.map((step) => step.name);
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const names = [...new Set([...Object.keys(row.rows_before), ...Object.keys(row.rows_after)])].sort(
    (left, right) => rank(left) - rank(right),
  );
  return {
    request_id: row.request_id,
    dry_run: false,
    tenant_id: row.tenant_id,
    subject_kind: row.subject_kind,
    subject_hmac: row.subject_hmac,
    subject_key_id: row.subject_key_id,
    origin: row.origin,
    status: row.status,
    attempts: row.attempts,
    requested_at: isoOf(row.requested_at),
    updated_at: isoOf(row.updated_at),
    completed_at: row.completed_at === null ? null : isoOf(row.completed_at),
    steps: Object.fromEntries(
      names.map((name) => [
        name,
        {
          table: name.split(':')[0],
          action: name.includes(':') ? 'redact' : 'delete',
          rows_before: row.rows_before[name] ?? 0,
          rows_after: row.rows_after[name] ?? 0,
        },
      ]),
    ),
    error: row.error === '' ? null : row.error,
  };
}

export function isoOf(value: ClickHouseDateTime): string {
  return parseClickHouseDateTime(value).toISOString();
}

function numbers(map: Record<string, number | string>): Record<string, number> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, Number(value)]));
}
