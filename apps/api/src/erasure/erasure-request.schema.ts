import { z } from 'zod';
import {
  type ErasureSubject,
  MAX_SUBJECT_ID_LENGTH,
  MAX_TENANT_ID_LENGTH,
  isErasureRequestId,
} from '@argus/clickhouse';

/**
 * Body of `POST /v1/erasure`: one subject, a user or a conversation of a tenant. `request_id` retries an
 * earlier request (same subject); `dry_run` only counts. Unknown keys are refused, so a typo such as
 * `userid` is an error instead of an empty request.
 */
const ERASURE_BODY = z
  .strictObject({
    tenant_id: z.string().min(1).max(MAX_TENANT_ID_LENGTH),
    user_id: z.string().min(1).max(MAX_SUBJECT_ID_LENGTH).optional(),
    conversation_id: z.string().min(1).max(MAX_SUBJECT_ID_LENGTH).optional(),
    request_id: z.string().refine(isErasureRequestId, 'must be a request id (a UUID)').optional(),
    dry_run: z.boolean().optional(),
  })
  .refine((body) => (body.user_id === undefined) !== (body.conversation_id === undefined), {
    error: 'give exactly one of user_id and conversation_id (two subjects are two requests)',
  });

export type ErasureBody = { subject: ErasureSubject; requestId?: string; dryRun: boolean };

/**
 * The request, or the problems as one message. Messages name fields and rules, never echo values: the
 * body holds the id of the person being erased.
 */
export function parseErasureBody(
  body: unknown,
): { ok: true; value: ErasureBody } | { ok: false; message: string } {
  const parsed = ERASURE_BODY.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const path = issue.path.join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    });
    return {
      ok: false,
      message: `invalid erasure request: ${problems.join('; ')}. Expected {"tenant_id", "user_id" or "conversation_id", "request_id"?, "dry_run"?}`,
    };
  }
  const { tenant_id: tenantId, user_id: userId, conversation_id: conversationId } = parsed.data;
  const subject: ErasureSubject =
    userId !== undefined
      ? { tenantId, kind: 'user', id: userId }
      : { tenantId, kind: 'conversation', id: conversationId ?? '' };
  return {
    ok: true,
    value: {
      subject,
      ...(parsed.data.request_id !== undefined ? { requestId: parsed.data.request_id } : {}),
      dryRun: parsed.data.dry_run ?? false,
    },
  };
}
