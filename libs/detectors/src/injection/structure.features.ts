/**
 * Shape of a text, independent of any phrase list: jailbreak prompts are long rule books written in
 * the second person and the imperative, full of "always"/"never", numbered rules and talk about the
 * model itself; ordinary requests are short and ask one thing. Each feature is scaled to 0..1.
 */
export type StructureFeatures = {
  /** log10(characters) / 4: 10 characters → 0.25, 10,000 → 1. */
  length: number;
  /** Share of words that are you/your/yourself/you're/…, ×10 (10% of words → 1). */
  secondPerson: number;
  /** Share of sentences that open with an imperative verb. */
  imperative: number;
  /** always/never/must/do not/…: count / (4 + words / 25): 1 at one per 25 words in a long text. */
  directives: number;
  /** Numbered or bulleted rule lines, / 6. */
  ruleList: number;
  /** Talk about the model itself (as an AI, language model, your programming, content policy, …) / 3. */
  aiMeta: number;
  /** Distinct transgressive words (amoral, uncensored, illegal, nsfw, profanity, …) / 5. */
  transgressive: number;
};

/**
 * Template scaffolding in the ORIGINAL text (case matters): upper-case slots like `[INPUT]`,
 * `<OUTPUT>`, `{PERSONA}`, `#MODEL`, distinct ones / 4. Jailbreak "programs" are built from them.
 */
export function scaffoldFeature(original: string): number {
  const distinct = new Set<string>();
  SCAFFOLD.lastIndex = 0;
  for (
    let found = SCAFFOLD.exec(original);
    found !== null && distinct.size < 8;
    found = SCAFFOLD.exec(original)
  ) {
    distinct.add(found[0]);
  }
  return Math.min(1, distinct.size / 4);
}

const SCAFFOLD =
  /\[[A-Z][A-Z0-9 _-]{1,30}\]|<[A-Z][A-Z0-9 _-]{1,30}>|\{[A-Z][A-Z0-9 _-]{1,30}\}|#[A-Z][A-Z_]{2,}\b/g;
/** Words that describe a persona freed of norms; ordinary words like "dangerous" or "evil" are left out. */
const TRANSGRESSIVE =
  /\b(?:amoral|immoral|unethical|uncensored|unfiltered|unrestricted|unbound|unhinged|illegal|illicit|nsfw|taboo|profanity|profane|swear(?:s|ing)?|slurs?|vulgar|degrading|obscene|depraved|sadistic|unlawful|lawless|derogatory|no ethics|no morals|without morals|no remorse)\b/g;

const WORD = /[a-z0-9']+/g;
const SECOND_PERSON = /^(?:you|your|yours|yourself|yourselves|you're|you'll|you'd|you've|ur|u)$/;
const DIRECTIVE =
  /\b(?:always|never|must|mustn't|shall|do not|don't|will not|won't|cannot|can't|should not|shouldn't|under no circumstances|at all times|no matter what)\b/g;
const LIST_ITEM = /(?:^|\n)[ \t]*(?:\d{1,2}[.):]|[-*•]|rule\s*(?:#\s*)?\d+\s*[:.)-]|step\s*\d+\s*[:.)-])/g;
const AI_META =
  /\b(?:language models?|ai models?|your (?:programming|training|creators?|developers?)|content polic(?:y|ies)|usage polic(?:y|ies)|openai|open ai|anthropic|chat ?gpt|large language model|ethical guidelines|safety guidelines)\b/g;
const SENTENCE_BREAK = /[.!?\n]+/;
const IMPERATIVE_OPENERS = new Set([
  'ignore',
  'forget',
  'disregard',
  'pretend',
  'act',
  'respond',
  'answer',
  'reply',
  'remember',
  'stay',
  'keep',
  'stop',
  'start',
  'begin',
  'use',
  'include',
  'follow',
  'obey',
  'continue',
  'avoid',
  'never',
  'always',
  'do',
  "don't",
  'dont',
  'be',
  'become',
  'imagine',
  'simulate',
  'output',
  'print',
  'repeat',
  'say',
  'tell',
  'give',
  'provide',
  'generate',
  'write',
  'make',
  'create',
  'add',
  'remove',
  'delete',
  'refuse',
  'reveal',
  'show',
  'display',
  'list',
  'explain',
  'describe',
  'translate',
  'summarize',
  'summarise',
  'insert',
  'append',
  'send',
  'call',
  'visit',
  'click',
  'download',
  'enable',
  'activate',
  'switch',
  'let',
  'please',
]);

export function structureFeatures(text: string): StructureFeatures {
  const words = text.match(WORD) ?? [];
  const wordCount = Math.max(1, words.length);
  let secondPerson = 0;
  for (const word of words) if (SECOND_PERSON.test(word)) secondPerson++;

  let sentences = 0;
  let imperative = 0;
  for (const sentence of text.split(SENTENCE_BREAK)) {
    const first = /[a-z']+/.exec(sentence);
    if (first === null) continue;
    sentences++;
    if (IMPERATIVE_OPENERS.has(first[0])) imperative++;
  }

  return {
    length: Math.min(1, Math.log10(1 + text.length) / 4),
    secondPerson: Math.min(1, (secondPerson / wordCount) * 10),
    imperative: sentences === 0 ? 0 : imperative / sentences,
    // Per length, but a short message with one "don't" is not a rule book.
    directives: Math.min(1, count(text, DIRECTIVE) / (4 + wordCount / 25)),
    ruleList: Math.min(1, count(text, LIST_ITEM) / 6),
    aiMeta: Math.min(1, count(text, AI_META) / 3),
    transgressive: Math.min(1, distinctMatches(text, TRANSGRESSIVE) / 5),
  };
}

function distinctMatches(text: string, pattern: RegExp): number {
  const distinct = new Set<string>();
  pattern.lastIndex = 0;
  for (let found = pattern.exec(text); found !== null; found = pattern.exec(text)) distinct.add(found[0]);
  return distinct.size;
}

function count(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  let found = 0;
  while (pattern.exec(text) !== null) found++;
  return found;
}
