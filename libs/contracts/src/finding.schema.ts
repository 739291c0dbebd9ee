import { z } from 'zod';
import { CATEGORIES, SEVERITIES } from './categories';

/** Where in the event a finding was made (ARCHITECTURE.md §3). Offsets are JavaScript string indices. */
export const LOCATION_FIELDS = [
  'input',
  'output',
  'system',
  'retrieval',
  'tool_call',
  'tool_result',
  'event',
] as const;
export type LocationField = (typeof LOCATION_FIELDS)[number];

export const FindingLocation = z.object({
  field: z.enum(LOCATION_FIELDS),
  message: z.number().int().nonnegative().optional(),
  part: z.number().int().nonnegative().optional(),
  document: z.string().optional(),
  start: z.number().int().nonnegative().optional(),
  end: z.number().int().nonnegative().optional(),
});

/** A finding as produced to `ai.findings.v1` and stored in `findings`. */
export const FindingSchema = z.object({
  finding_id: z.string().min(1),
  event_id: z.string().min(1),
  tenant_id: z.string(),
  app_id: z.string(),
  timestamp: z.string(),
  detector: z.string().min(1),
  rule_id: z.string().min(1),
  category: z.enum(CATEGORIES),
  severity: z.enum(SEVERITIES),
  score: z.number().min(0).max(1),
  confidence: z.number().min(0).max(1).optional(),
  location: FindingLocation,
  entity: z.string().optional(),
  /** Always redacted: never the raw secret, card number or prompt. */
  evidence: z.string(),
  message: z.string(),
  owasp: z.string(),
  atlas: z.array(z.string()),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  /** Optional, added in v1 for traceability; consumers must tolerate its absence. */
  user_id: z.string().optional(),
  conversation_id: z.string().optional(),
});

export type Finding = z.infer<typeof FindingSchema>;
export type FindingLocationShape = z.infer<typeof FindingLocation>;

/** Output line of `bin/argus detect` (ARCHITECTURE.md §4). */
export type DetectionResultLine = { event_id: string; risk_score: number; findings: Finding[] };
export type DetectionErrorLine = { line: number; error: string };
