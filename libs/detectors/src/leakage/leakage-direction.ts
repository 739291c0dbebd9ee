import { type Severity } from '@argus/contracts';
import { type SegmentField } from '../detector';

/**
 * How bad a leaked value is depends on which way it travelled: a model disclosing it (output) or
 * sending it out through a tool is worse than a user pasting their own data into a third-party model.
 */
export type Direction = { readonly severity: Severity; readonly score: number; readonly where: string };

const DIRECTIONS: Readonly<Record<SegmentField, Direction>> = {
  output: { severity: 'high', score: 0.9, where: 'the model output (disclosed)' },
  tool_call: { severity: 'high', score: 0.9, where: 'a tool call (sent out by the model)' },
  input: { severity: 'medium', score: 0.6, where: 'the user input (pasted into the model)' },
  system: { severity: 'medium', score: 0.6, where: 'the system prompt' },
  retrieval: { severity: 'medium', score: 0.5, where: 'a retrieved document' },
  tool_result: { severity: 'medium', score: 0.5, where: 'a tool result' },
};

export function directionOf(field: SegmentField): Direction {
  return DIRECTIONS[field];
}

const ORDER: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** Moves a severity up or down by `steps`, clamped to the scale. */
export function shiftSeverity(severity: Severity, steps: number): Severity {
  const index = Math.min(ORDER.length - 1, Math.max(0, ORDER.indexOf(severity) + steps));
  return ORDER[index] ?? severity;
}
