export {
  type ErasureClient,
  type ErasureOrigin,
  type ErasureReport,
  type ErasureRequestRow,
  type ErasureStatus,
  type ErasureStepReport,
} from './erasure-audit.store';
export { ErasureError, NonRetryableErasureError, type ErasureErrorCode } from './erasure.errors';
export {
  findErasureRequests,
  readErasureRequest,
  runErasure,
  type ErasureDeps,
  type ErasureRequest,
} from './erasure.executor';
export {
  ERASURE_EXEMPT_TABLES,
  planErasure,
  type ErasureAction,
  type ErasurePlan,
  type ErasureStep,
  type ErasureSubjectKind,
} from './erasure.planner';
export {
  ERASURE_SUBJECT_KINDS,
  MAX_SUBJECT_ID_LENGTH,
  MAX_TENANT_ID_LENGTH,
  isErasureRequestId,
  subjectHmac,
  subjectKeyId,
  type ErasureSubject,
} from './erasure-subject';
