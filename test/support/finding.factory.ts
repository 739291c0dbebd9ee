import { CATEGORY_MAPPING, type Finding } from '@argus/contracts';

/** A valid finding with overrides, for alerting and storage tests. */
export function makeFinding(overrides: Partial<Finding> = {}): Finding {
  const category = overrides.category ?? 'system_prompt_leak';
  return {
    finding_id: 'f0000000000000000000000000000001',
    event_id: 'evt-1',
    tenant_id: 'acme-bank',
    app_id: 'support-chat',
    timestamp: '2026-01-01T00:00:00.000Z',
    detector: 'canary',
    rule_id: 'canary.output',
    category,
    severity: 'critical',
    score: 1,
    location: { field: 'output', message: 0, part: 0, start: 10, end: 30 },
    evidence: 'ARGU…',
    message: 'A canary token from the system prompt appeared in the model output.',
    owasp: CATEGORY_MAPPING[category].owasp,
    atlas: [...CATEGORY_MAPPING[category].atlas],
    ...overrides,
  };
}
