/**
 * Word classes shared by the rule library, as regular-expression source over normalised text (lower
 * case, Latin skeleton, ASCII quotes and dashes; see `normaliseForMatching`). Every class is a plain
 * alternation of literals: no nested quantifiers, so rules built from them cannot backtrack
 * catastrophically.
 */

/** Builds `(?:a|b|c)` from words (longest first so the alternation prefers the longer literal). */
export function oneOf(...words: readonly string[]): string {
  return `(?:${[...words].sort((left, right) => right.length - left.length).join('|')})`;
}

/**
 * One prefilter word per phrase (its longest word, the last one on a tie: "set aside" → aside, "no longer
 * follow" → follow), without repeats: a phrase can only match where its key word is.
 */
export function keyWordsOf(phrases: readonly string[]): string[] {
  const words = phrases.map((phrase) =>
    phrase
      .split(/[^a-z]+/)
      .filter(Boolean)
      .reduce((best, word) => (word.length >= best.length ? word : best), ''),
  );
  return [...new Set(words)];
}

/** Up to `count` arbitrary words between two parts of a phrase (separated by spaces or light punctuation). */
export function gap(count: number): string {
  return `(?:${SEPARATOR}[\\w'-]+){0,${count}}`;
}

/** White space and the punctuation that may sit between words of one phrase (`show: your prompt`). */
export const SEPARATOR = `[\\s:,;"'()-]+`;

/** The model or its operator, as a text addressed to it names it. */
export const AI = oneOf(
  'ai',
  'a\\.i\\.',
  'assistant',
  'ai assistant',
  'chat ?gpt',
  'gpt(?:-?\\d(?:\\.\\d)?o?)?',
  'chat ?bot',
  'bot',
  'language model',
  'llm',
  'large language model',
  'ai model',
  'model',
  'claude',
  'bard',
  'gemini',
  'copilot',
  'agent',
  'ai agent',
);

export const PRIOR = oneOf(
  'previous',
  'previously given',
  'prior',
  'above',
  'earlier',
  'preceding',
  'former',
  'foregoing',
  'original',
  'initial',
  'old',
  'existing',
  'past',
  'prev',
  'first',
  'default',
  'current',
  'system',
  'developer',
);

export const INSTRUCTIONS = oneOf(
  'instructions?',
  'rules?',
  'directives?',
  'directions?',
  'guidelines?',
  'prompts?',
  'commands?',
  'orders?',
  'programming',
  'constraints?',
  'restrictions?',
  'guardrails?',
  'polic(?:y|ies)',
  'context',
  'training',
  'conditioning',
  'safeguards?',
  'limitations?',
  'filters?',
  'protocols?',
  'system prompt',
  'system message',
);

/** Verbs that discard what came before. */
const DISCARD_PHRASES = [
  'ignore',
  'ignoring',
  'disregard',
  'disregarding',
  'forget',
  'forgetting',
  'skip',
  'bypass',
  'override',
  'overriding',
  'overwrite',
  'overlook',
  'neglect',
  'discard',
  'abandon',
  'drop',
  'dismiss',
  'erase',
  'nullify',
  'cancel',
  'void',
  'set aside',
  'throw out',
  'stop following',
  'do not follow',
  "don't follow",
  'no longer follow',
];
export const DISCARD = oneOf(...DISCARD_PHRASES);

/** What a model's safety limits are called when someone wants them gone (rarely anything else). */
export const LIMITS = oneOf(
  'censorship',
  'censoring',
  'ethics',
  'ethical (?:guidelines|principles|constraints|boundaries|considerations|concerns|standards|restrictions)',
  'morals?',
  'morality',
  'moral (?:guidelines|principles|constraints|boundaries|compass|code|standards|restrictions)',
  'content polic(?:y|ies)',
  'usage polic(?:y|ies)',
  'content (?:filters?|restrictions|guidelines)',
  'safeguards',
  'guardrails',
  'safety (?:measures|protocols|guidelines|filters|features|rules|training|restrictions)',
  'programming',
  'compliance (?:modules?|checks?|filters?|layers?|rules)',
  'securities laws?',
  "(?:open ?ai|anthropic|chat ?gpt)(?:'s)?\\s+(?:polic(?:y|ies)|rules|guidelines|restrictions|filters)",
);

/**
 * Generic words for limits: telling about a model, ordinary elsewhere ("a poem with no rules about
 * rhyme", "transfers without restrictions", "a selfie with no filters").
 */
export const WEAK_LIMITS = oneOf(
  'rules',
  'guidelines',
  'restrictions?',
  'filters?',
  'filtering',
  'polic(?:y|ies)',
  'limits?',
  'limitations?',
  'boundaries',
  'constraints',
  'principles',
  'conscience',
);

/** Asks that a fiction or hypothetical wrapper is typically put around. */
export const HARM = oneOf(
  'bombs?',
  'explosives?',
  'weapons?',
  'guns?',
  'napalm',
  'meth(?:amphetamine)?',
  'cocaine',
  'heroin',
  'drugs?',
  'poisons?',
  'poisoning',
  'nerve agent',
  'bioweapons?',
  'malware',
  'ransomware',
  'viruse?s?',
  'keyloggers?',
  'exploits?',
  'hack(?:ing|ed)?',
  'steal(?:ing)?',
  'launder(?:ing)?',
  'money laundering',
  'fraud',
  'counterfeit',
  'phishing',
  'kill(?:ing)?',
  'murder',
  'suicide',
  'self-harm',
  'torture',
  'kidnap(?:ping)?',
  'shoplift(?:ing)?',
  'hotwire',
  'lock ?pick(?:ing)?',
  'evade (?:taxes|the police|detection)',
  'bypass (?:security|verification|authentication|kyc|aml)',
  'credit card numbers',
  'stolen',
  'illegal',
  'illicit',
  'untraceable',
  'structur(?:e|ing) (?:cash )?deposits',
  'reporting thresholds?',
  'evade',
  'evading',
  'avoid detection',
  'without (?:being )?detect(?:ed|ion)',
  'skim(?:ming)?',
  'fake (?:identity|id|ids|passport|documents)',
  'bypass (?:the )?(?:[\\w-]+ )?(?:monitoring|controls|checks|rules|verification|security|authentication|kyc|aml|filters?)',
  'take over (?:someone|an?|their|his|her)',
  'account takeover',
  'sim swap',
);

/** What a system prompt is called by someone trying to read it. */
export const SYSTEM_PROMPT = oneOf(
  'system prompt',
  'system_prompt',
  'systemprompt',
  'system message',
  'system instructions?',
  'system configuration',
  'system config',
  'system settings',
  'pre-?prompt',
  'initial prompt',
  'initial instructions?',
  'initial configuration',
  'original prompt',
  'original instructions?',
  'hidden prompt',
  'hidden instructions?',
  'secret instructions?',
  'secret prompt',
  'internal instructions?',
  'internal prompt',
  'starting instructions?',
  'starting prompt',
  'first instructions?',
  'developer (?:message|instructions?|prompt)',
  'meta ?prompt',
  'initiali[sz]ation (?:string|prompt|text)',
  'custom instructions',
  '(?:hidden|internal|secret|confidential) (?:configuration|config|settings|rules|directives|reference|guidelines)',
  'system (?:rules|directives|guidelines)',
);

/** Prefilter words of the discard verbs: the key word of each phrase. */
export const DISCARD_WORDS = keyWordsOf(DISCARD_PHRASES);
/** Prefilter words of the show verbs. */
export const SHOW_WORDS = [
  'repeat',
  'print',
  'show',
  'display',
  'reveal',
  'output',
  'tell',
  'give',
  'share',
  'write',
  'list',
  'dump',
  'echo',
  'recite',
  'disclose',
  'expose',
  'leak',
  'spell',
  'paste',
  'copy',
  'return',
  'provide',
  'state',
  'quote',
  'translate',
  'encode',
  'summarize',
  'summarise',
  'read',
  'what',
  'whats',
  'type',
  'render',
];
/** Verbs that ask for text to be shown or handed over. */
export const SHOW = oneOf(
  'repeat',
  'print',
  'show(?: me)?',
  'display',
  'reveal',
  'output',
  'tell me',
  'give me',
  'share',
  'write(?: out| down)?',
  'list',
  'dump',
  'echo',
  'recite',
  'disclose',
  'expose',
  'leak',
  'spell out',
  'paste',
  'copy',
  'return',
  'provide',
  'state',
  'quote',
  'translate',
  'encode',
  'summari[sz]e',
  'read (?:back|out)',
  "what(?:'s| is| are| was| were)",
  'type out',
  'render',
);
