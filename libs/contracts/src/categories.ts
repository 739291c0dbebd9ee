/**
 * The closed set of finding categories with their OWASP Top 10 for LLM Applications (2025) and
 * MITRE ATLAS mapping (ARCHITECTURE.md §3). Alerts and SIEM formatters read the mapping from here.
 */
export const CATEGORY_MAPPING = {
  prompt_injection: { owasp: 'LLM01:2025', atlas: ['AML.T0051.000'], title: 'Prompt injection' },
  indirect_prompt_injection: {
    owasp: 'LLM01:2025',
    atlas: ['AML.T0051.001'],
    title: 'Indirect prompt injection',
  },
  jailbreak: { owasp: 'LLM01:2025', atlas: ['AML.T0054'], title: 'Jailbreak' },
  adversarial_input: { owasp: 'LLM01:2025', atlas: ['AML.T0068', 'AML.T0043'], title: 'Adversarial input' },
  pii: { owasp: 'LLM02:2025', atlas: ['AML.T0057'], title: 'Personal data' },
  secret: { owasp: 'LLM02:2025', atlas: ['AML.T0055'], title: 'Secret or credential' },
  system_prompt_leak: { owasp: 'LLM07:2025', atlas: ['AML.T0056'], title: 'System prompt leakage' },
  training_data_leak: { owasp: 'LLM02:2025', atlas: ['AML.T0057'], title: 'Protected document reproduced' },
  cross_tenant_leak: { owasp: 'LLM08:2025', atlas: ['AML.T0085'], title: 'Cross-tenant retrieval context' },
  output_exfiltration: { owasp: 'LLM05:2025', atlas: ['AML.T0086'], title: 'Output exfiltration link' },
  excessive_agency: { owasp: 'LLM06:2025', atlas: ['AML.T0053'], title: 'Excessive agency' },
  embedding_drift: { owasp: 'LLM04:2025', atlas: ['AML.T0070'], title: 'Embedding drift' },
  behaviour_anomaly: { owasp: 'LLM10:2025', atlas: ['AML.T0029', 'AML.T0034'], title: 'Behaviour anomaly' },
  unsafe_model_artifact: { owasp: 'LLM03:2025', atlas: ['AML.T0010'], title: 'Unsafe model artifact' },
} as const satisfies Record<string, { owasp: string; atlas: readonly string[]; title: string }>;

export type Category = keyof typeof CATEGORY_MAPPING;
export const CATEGORIES = Object.keys(CATEGORY_MAPPING) as [Category, ...Category[]];

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Numeric rank so policies can say "at least high". */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function isAtLeast(severity: Severity, minimum: Severity): boolean {
  return severityRank(severity) >= severityRank(minimum);
}
