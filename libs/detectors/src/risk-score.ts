import { type Severity } from '@argus/contracts';

/** How much a finding of each severity can contribute to an event's risk. */
export const SEVERITY_WEIGHTS: Readonly<Record<Severity, number>> = {
  info: 0.1,
  low: 0.25,
  medium: 0.5,
  high: 0.8,
  critical: 1,
};

/**
 * Risk of an event, 0..1, rounded to 4 decimals:
 *
 *   risk = 1 − Π_i (1 − w(severity_i) · score_i)
 *
 * i.e. the probability that at least one finding is a real problem, treating each finding as an
 * independent signal whose strength is its score discounted by its severity weight. One critical
 * finding with score 1 makes the risk 1; many weak signals add up but never exceed 1; no finding is 0.
 */
export function riskScore(findings: ReadonlyArray<{ severity: Severity; score: number }>): number {
  let unharmed = 1;
  for (const finding of findings) unharmed *= 1 - SEVERITY_WEIGHTS[finding.severity] * finding.score;
  return Math.round((1 - unharmed) * 10_000) / 10_000;
}
