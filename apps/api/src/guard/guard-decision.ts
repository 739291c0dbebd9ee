import { type GuardThreshold } from '@argus/config';
import { type Finding, severityRank } from '@argus/contracts';

export const GUARD_DECISIONS = ['allow', 'flag', 'block'] as const;
export type GuardDecision = (typeof GUARD_DECISIONS)[number];

/** API_GUARD_BLOCK_MIN_SEVERITY and API_GUARD_FLAG_MIN_SEVERITY: a severity, or `off` (never). */
export type GuardThresholds = { blockMinSeverity: GuardThreshold; flagMinSeverity: GuardThreshold };

/**
 * The verdict for an event's findings: `block` when one reaches the block threshold, else `flag` when
 * one reaches the flag threshold, else `allow` (also with no findings). Severity alone decides, because
 * it is what the detection policy already calibrates per detector and per app; the risk score is
 * returned beside the verdict for callers who want their own rule.
 */
export function decideGuardVerdict(
  findings: readonly Pick<Finding, 'severity'>[],
  thresholds: GuardThresholds,
): GuardDecision {
  let highest = -1;
  for (const finding of findings) highest = Math.max(highest, severityRank(finding.severity));
  if (highest < 0) return 'allow';
  if (reaches(highest, thresholds.blockMinSeverity)) return 'block';
  if (reaches(highest, thresholds.flagMinSeverity)) return 'flag';
  return 'allow';
}

function reaches(rank: number, threshold: GuardThreshold): boolean {
  return threshold !== 'off' && rank >= severityRank(threshold);
}
