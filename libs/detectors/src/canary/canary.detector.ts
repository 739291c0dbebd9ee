import { createHash } from 'node:crypto';
import { type Severity } from '@argus/contracts';
import {
  type Detector,
  type DetectorContext,
  type DetectorHit,
  type SegmentField,
  type TextSegment,
} from '../detector';
import { maskToken } from '../redaction';

export const CANARY_DETECTOR_ID = 'canary';

type Verdict = { rule: string; severity: Severity; score: number; where: string; meaning: string };

/**
 * What a canary means depends on where it shows up. In the system prompt it is expected (that is where
 * the platform puts it) and ignored.
 */
const VERDICTS: Readonly<Record<Exclude<SegmentField, 'system'>, Verdict>> = {
  output: {
    rule: 'canary.output',
    severity: 'critical',
    score: 1,
    where: 'the model output',
    meaning: 'the model disclosed its system prompt to the user',
  },
  tool_call: {
    rule: 'canary.tool_call',
    severity: 'critical',
    score: 1,
    where: 'the arguments of a tool call',
    meaning: 'the model sent its system prompt out through a tool',
  },
  retrieval: {
    rule: 'canary.retrieval',
    severity: 'high',
    score: 0.8,
    where: 'a retrieved document',
    meaning: 'the system prompt was exfiltrated earlier and now sits in indexed content',
  },
  tool_result: {
    rule: 'canary.tool_result',
    severity: 'high',
    score: 0.8,
    where: 'a tool result',
    meaning: 'the system prompt was exfiltrated earlier and is coming back from an external system',
  },
  input: {
    rule: 'canary.input',
    severity: 'low',
    score: 0.3,
    where: 'the user input',
    meaning: 'someone is echoing a canary they obtained, possibly probing for a leak',
  },
};

/**
 * Canary tokens (policy `canaries`, global and per app) are secret markers embedded in system prompts;
 * one found anywhere but the system prompt is proof of system prompt leakage (OWASP LLM07). Exact,
 * case-sensitive match: tokens are long and random, so a match is never a coincidence. One hit per
 * canary and segment, at its first occurrence, with the number of occurrences.
 */
export function createCanaryDetector(): Detector {
  return {
    id: CANARY_DETECTOR_ID,
    version: '1.0.0',
    // Its findings drive redaction before storage, and the history is stored again with every turn.
    scansHistory: true,
    description:
      'Canary tokens of the system prompt found in outputs, tool calls, retrieved content or input.',
    detectSegment(segment: TextSegment, context: DetectorContext): DetectorHit[] {
      const canaries = context.policy.canaries;
      if (canaries.length === 0 || segment.location.field === 'system') return [];
      const verdict = VERDICTS[segment.location.field];
      let hits: DetectorHit[] | undefined;
      for (const canary of canaries) {
        const start = segment.text.indexOf(canary);
        if (start === -1) continue;
        (hits ??= []).push(canaryHit(segment, verdict, canary, start, context));
      }
      return hits ?? [];
    },
  };
}

function canaryHit(
  segment: TextSegment,
  verdict: Verdict,
  canary: string,
  start: number,
  context: DetectorContext,
): DetectorHit {
  let occurrences = 1;
  for (
    let at = segment.text.indexOf(canary, start + canary.length);
    at !== -1;
    at = segment.text.indexOf(canary, at + canary.length)
  ) {
    occurrences++;
  }
  const masked = maskToken(canary);
  const fingerprint = createHash('sha256').update(canary).digest('hex').slice(0, 12);
  const app = `${context.policy.tenant_id}/${context.policy.app_id}`;
  const times = occurrences > 1 ? ` (${occurrences} times)` : '';
  return {
    rule_id: verdict.rule,
    category: 'system_prompt_leak',
    severity: verdict.severity,
    score: verdict.score,
    confidence: 1,
    location: { ...segment.location, start, end: start + canary.length },
    evidence: masked,
    message:
      `Canary token ${masked} (fingerprint ${fingerprint}) configured for ${app} found in ${describe(segment, verdict)}` +
      `${times}: ${verdict.meaning}.`,
    attributes: { canary_fingerprint: fingerprint, occurrences },
  };
}

function describe(segment: TextSegment, verdict: Verdict): string {
  const { location } = segment;
  if (location.document !== undefined) {
    const owner = segment.retrieved?.tenantId !== undefined ? ` of tenant ${segment.retrieved.tenantId}` : '';
    return `${verdict.where} "${location.document}"${owner}`;
  }
  const tool = segment.toolName !== undefined ? ` "${segment.toolName}"` : '';
  const place = location.message !== undefined ? ` (message ${location.message}, part ${location.part})` : '';
  return `${verdict.where}${tool}${place}`;
}
