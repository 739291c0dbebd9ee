import { createHmac } from 'node:crypto';
import { NonRetryableErasureError } from './erasure.errors';
import { type ErasureSubjectKind } from './erasure.planner';

/** Who is erased: a user or a conversation, within one tenant. */
export type ErasureSubject = { tenantId: string; kind: ErasureSubjectKind; id: string };

export const ERASURE_SUBJECT_KINDS: readonly ErasureSubjectKind[] = ['user', 'conversation'];

/** Tenant and conversation ids are at most 256 characters in telemetry v1; user ids are not bounded there. */
export const MAX_TENANT_ID_LENGTH = 256;
export const MAX_SUBJECT_ID_LENGTH = 1024;

const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The subject as the audit trail records it: HMAC-SHA256 under ERASURE_HMAC_SECRET of (kind, tenant, id),
 * hex. Keyed, because user ids are often short or guessable (an e-mail, a customer number): a plain
 * SHA-256 of one is reversed by hashing candidates, which would let the audit table re-identify the
 * person it proves was erased. With the key, whoever is asked about a given person can still find the row.
 * The JSON array keeps the parts apart (no separator inside an id can make two subjects collide).
 */
export function subjectHmac(subject: ErasureSubject, secret: string): string {
  return createHmac('sha256', secret)
    .update(JSON.stringify(['argus-erasure-subject-v1', subject.kind, subject.tenantId, subject.id]))
    .digest('hex');
}

/** Names the key a `subject_hmac` was made with (so a rotated key is noticed), without revealing it. */
export function subjectKeyId(secret: string): string {
  return createHmac('sha256', secret).update('argus-erasure-key-id-v1').digest('hex').slice(0, 16);
}

/** Text about the request (an error message) with every occurrence of the subject's id masked. */
export function withoutSubjectId(text: string, subjectId: string): string {
  return subjectId === '' ? text : text.split(subjectId).join('[subject]');
}

export function isErasureRequestId(value: string): boolean {
  return REQUEST_ID.test(value);
}

/** Checks what the planner and the HMAC rely on; messages name the field, never echo its value. */
export function assertErasureSubject(subject: ErasureSubject): void {
  const problems: string[] = [];
  if (!ERASURE_SUBJECT_KINDS.includes(subject.kind))
    problems.push(`subject kind must be one of ${ERASURE_SUBJECT_KINDS.join(', ')}`);
  if (
    typeof subject.tenantId !== 'string' ||
    subject.tenantId === '' ||
    subject.tenantId.length > MAX_TENANT_ID_LENGTH
  )
    problems.push(`tenant id must be 1 to ${MAX_TENANT_ID_LENGTH} characters`);
  if (typeof subject.id !== 'string' || subject.id === '' || subject.id.length > MAX_SUBJECT_ID_LENGTH)
    problems.push(`${subject.kind} id must be 1 to ${MAX_SUBJECT_ID_LENGTH} characters`);
  if (problems.length > 0)
    throw new NonRetryableErasureError(
      'ERASURE_INVALID_REQUEST',
      `Invalid erasure request: ${problems.join('; ')}`,
    );
}
