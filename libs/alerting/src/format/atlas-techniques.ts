/**
 * Names of the MITRE ATLAS techniques Argus maps its categories to (see ARCHITECTURE.md, section 3), so
 * SIEM rules and analysts see a name next to the id. An id missing here keeps the id as its name.
 */
const ATLAS_TECHNIQUE_NAMES: Readonly<Record<string, string>> = {
  'AML.T0010': 'AI Supply Chain Compromise',
  'AML.T0029': 'Denial of AI Service',
  'AML.T0034': 'Cost Harvesting',
  'AML.T0043': 'Craft Adversarial Data',
  'AML.T0051': 'LLM Prompt Injection',
  'AML.T0051.000': 'LLM Prompt Injection: Direct',
  'AML.T0051.001': 'LLM Prompt Injection: Indirect',
  'AML.T0053': 'AI Agent Tool Invocation',
  'AML.T0054': 'LLM Jailbreak',
  'AML.T0055': 'Unsecured Credentials',
  'AML.T0056': 'Extract LLM System Prompt',
  'AML.T0057': 'LLM Data Leakage',
  'AML.T0068': 'LLM Prompt Obfuscation',
  'AML.T0070': 'RAG Poisoning',
  'AML.T0085': 'Data from AI Services',
  'AML.T0086': 'Exfiltration via AI Agent Tool Invocation',
};

export type AtlasTechnique = { id: string; name: string; reference: string };

export function atlasTechnique(id: string): AtlasTechnique {
  return {
    id,
    name: ATLAS_TECHNIQUE_NAMES[id] ?? id,
    reference: `https://atlas.mitre.org/techniques/${encodeURIComponent(id)}`,
  };
}
