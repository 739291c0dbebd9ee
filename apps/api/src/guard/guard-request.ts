import { randomUUID } from 'node:crypto';
import { type DeadLetterCode, type TelemetryEvent, TelemetryEventSchema } from '@argus/contracts';
import { parseTelemetryText } from '@argus/ingestion';

/** Why a guard request got no verdict (the `reason` label of `argus_guard_rejected_total`). */
export type GuardRejection =
  | Exclude<DeadLetterCode, 'out_of_retention' | 'processing_failed'>
  | 'unauthorized'
  | 'unsupported_encoding'
  | 'incomplete_body'
  | 'detection_failed';

export type GuardIssue = { path: string; message: string };

/** A request the guard cannot judge, as the HTTP answer describes it. */
export type GuardRequestProblem = {
  status: 400 | 413;
  code: GuardRejection;
  message: string;
  /** Schema violations: each bad field (zod issue path, dot-separated) and what is wrong with it. */
  issues?: GuardIssue[];
};

export type ParsedGuardRequest =
  { ok: true; event: TelemetryEvent } | { ok: false; problem: GuardRequestProblem };

export type GuardRequestDeps = {
  /** INGEST_MAX_TEXT_PART_BYTES: the same per-part limit as ingest. */
  maxTextPartBytes: number;
  newEventId?: () => string;
  now?: () => Date;
};

/** Schema violations listed in an answer; the rest are counted. */
const MAX_LISTED_ISSUES = 20;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The body of `POST /v1/guard` → a telemetry event, validated as ingest validates it (the same zod
 * schema, the same per-part limit, `parseTelemetryText`). A platform calling inline may leave out what
 * only matters once the event is stored: `event_id` (a UUID is generated), `timestamp` (now) and
 * `schema_version` ("1"). The body size was checked while it was read (INGEST_MAX_EVENT_BYTES).
 */
export function parseGuardRequest(body: Buffer, deps: GuardRequestDeps): ParsedGuardRequest {
  if (body.length === 0)
    return problem(400, 'empty_message', 'the body is empty: send one telemetry event (JSON, schema v1)');
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return problem(400, 'invalid_json', 'the body is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return problem(
      400,
      'invalid_json',
      `the body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return problem(
      400,
      'schema_violation',
      'the body must be a JSON object: one telemetry event (schema v1)',
    );
  const completed = withInlineDefaults(json as Record<string, unknown>, deps);
  // Re-serialised so the checks are ingest's own, in ingest's order; the body limit was applied already.
  const decoded = parseTelemetryText(JSON.stringify(completed), {
    maxEventBytes: Number.MAX_SAFE_INTEGER,
    maxTextPartBytes: deps.maxTextPartBytes,
  });
  if (decoded.ok) return { ok: true, event: decoded.event };
  switch (decoded.code) {
    case 'too_large':
      return problem(413, 'too_large', decoded.reason);
    case 'schema_violation':
      return schemaProblem(completed, decoded.reason);
    case 'invalid_json':
    case 'empty_message':
    case 'out_of_retention':
    case 'processing_failed':
      // Not produced for an object without an age limit; answered as a bad event all the same.
      return problem(400, 'schema_violation', decoded.reason);
  }
}

function withInlineDefaults(raw: Record<string, unknown>, deps: GuardRequestDeps): Record<string, unknown> {
  // Only absent fields: an explicit null is a wrong value, reported like any other.
  const completed = { ...raw };
  if (completed.schema_version === undefined) completed.schema_version = '1';
  if (completed.event_id === undefined) completed.event_id = (deps.newEventId ?? randomUUID)();
  if (completed.timestamp === undefined) completed.timestamp = (deps.now?.() ?? new Date()).toISOString();
  return completed;
}

/** The zod issues with their paths, so the caller sees every bad field (the reason alone stops at five). */
function schemaProblem(completed: Record<string, unknown>, reason: string): ParsedGuardRequest {
  const parsed = TelemetryEventSchema.safeParse(completed);
  if (parsed.success) return problem(400, 'schema_violation', reason);
  const issues = parsed.error.issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
    message: issue.message,
  }));
  const listed = issues.slice(0, MAX_LISTED_ISSUES);
  const more = issues.length - listed.length;
  const message =
    `the event does not match telemetry schema v1: ` +
    listed.map((issue) => `${issue.path}: ${issue.message}`).join('; ') +
    (more > 0 ? `; and ${more} more` : '');
  return { ok: false, problem: { status: 400, code: 'schema_violation', message, issues: listed } };
}

function problem(status: 400 | 413, code: GuardRejection, message: string): ParsedGuardRequest {
  return { ok: false, problem: { status, code, message } };
}
