/**
 * A credential rule. Rules are written from the providers' public token formats (documented prefixes,
 * lengths and alphabets); none is copied from another scanner. `keywords` (lower case, ≥ 2 characters)
 * gate the rule: its regex runs only on segments where one of them occurs, so the cost of a scan grows
 * with the number of keywords found, not with the number of rules.
 */
export type SecretRule = {
  /** Stable id, reported as `entity` and in `rule_id` (`secret.<id>`). */
  readonly id: string;
  readonly description: string;
  readonly keywords: readonly string[];
  /** Global regex; capture group 1 (when present) is the secret value, else the whole match. */
  readonly pattern: RegExp;
  /** Minimum Shannon entropy (bits per character) of the value, for rules that match free-form values. */
  readonly minEntropy?: number;
  /** -1 for test-mode or low-impact credentials, +1 for keys that grant broad access. */
  readonly severityShift?: number;
  /** Extra validation of the value (checksum, decodable header, …). */
  readonly validate?: (value: string, match: RegExpExecArray) => boolean;
  /** Placeholder allowlist applies unless false (e.g. PEM headers, where the header itself is the leak). */
  readonly checkPlaceholders?: boolean;
  /**
   * What the placeholder allowlist looks at: the whole match (default, so `example_key = …` is
   * skipped) or only the value (URLs, where `example@gmail.com` as a login says nothing about the
   * password).
   */
  readonly placeholderScope?: 'match' | 'value';
  /**
   * Where the setting name may start (e.g. `startsWord`: a word start or a camelCase hump, `apiKey`,
   * `UserToken`, not `monkey`). Rule regexes are case-insensitive, so this is checked in code; a
   * rejected start is retried one character later, so a later name in the same stretch still counts.
   */
  readonly nameStart?: (text: string, index: number) => boolean;
};

/** True when `index` in `text` starts a word or a camelCase hump. */
export function startsWord(text: string, index: number): boolean {
  const before = text.charCodeAt(index - 1);
  const first = text.charCodeAt(index);
  const isUpper = (code: number) => code >= 65 && code <= 90;
  const isLower = (code: number) => code >= 97 && code <= 122;
  const isDigit = (code: number) => code >= 48 && code <= 57;
  if (index === 0 || !(isUpper(before) || isLower(before))) return true;
  return isUpper(first) && (isLower(before) || isDigit(before));
}

const ESCAPE = /[.*+?^${}()|[\]\\/]/g;

function escapeRegex(text: string): string {
  return text.replace(ESCAPE, '\\$&');
}

/** A token with a documented literal prefix followed by `body` (a regex source with bounded repeats). */
export function prefixed(
  id: string,
  description: string,
  prefix: string,
  body: string,
  extra: Partial<Pick<SecretRule, 'severityShift' | 'validate' | 'minEntropy'>> & { flags?: string } = {},
): SecretRule {
  const { flags = '', ...rest } = extra;
  return {
    id,
    description,
    keywords: [prefix.toLowerCase()],
    pattern: new RegExp(`(?<![A-Za-z0-9_])(${escapeRegex(prefix)}${body})(?![A-Za-z0-9_-])`, `g${flags}`),
    ...rest,
  };
}

/** Blanks between a name and its value; code quoted inside a string writes a tab as `\t`. */
const GAP = '(?:\\s|\\\\t){0,4}';
/** Prose: `my password is Hunter2!`, `the API key was …` (values must then look generated, see `proseValue`). */
const PROSE_SEPARATOR = '\\s{1,3}(?:is|was)(?:\\s{0,2}:)?\\s{1,3}(?:now\\s{1,3}|still\\s{1,3})?["\'`]?';
/** A type annotation between the name and `=`: `passwd: str = …`, `val password: String = …`. */
const TYPE_ANNOTATION = '(?:\\s{0,2}:\\s{0,2}[A-Za-z_][A-Za-z0-9_.|[\\]]{0,30}\\s{0,2}(?==))?';

/**
 * A value assigned to a named setting (`NAME = value`, `"name": "value"`, `name: value`, `name => value`),
 * for providers whose keys have no prefix of their own: the name carries the provider.
 */
export function assigned(
  id: string,
  description: string,
  keywords: readonly string[],
  name: string,
  value: string,
  extra: Partial<Pick<SecretRule, 'severityShift' | 'validate' | 'minEntropy' | 'nameStart'>> = {},
): SecretRule {
  return {
    id,
    description,
    keywords,
    pattern: new RegExp(
      `(?:${name})[A-Za-z0-9_.-]{0,24}\\\\?["']?${TYPE_ANNOTATION}(?:${GAP}(?::=|=>|[!=]==?|[:=,>]|%3[Dd])${GAP}[@"'\`\\\\]{0,2}|(?:\\s|\\\\t){1,4}\\\\?["']|\\(\\s{0,2}["']|${PROSE_SEPARATOR})(${value})(?![A-Za-z0-9_+/=-])`,
      'gi',
    ),
    ...extra,
  };
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const character of value) counts.set(character, (counts.get(character) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const probability = count / value.length;
    entropy -= probability * Math.log2(probability);
  }
  return entropy;
}

/**
 * After a prose separator (`password is …`) the value must not be an ordinary word (`is required`,
 * `was incorrect`): it needs a digit, a symbol or a capital inside it.
 */
export function proseValue(value: string, match: RegExpExecArray): boolean {
  const head = match[0].slice(0, match[0].length - value.length);
  if (!/\s(?:is|was)(?:\s{0,2}:)?\s{1,3}(?:now\s{1,3}|still\s{1,3})?["'`]?$/i.test(head)) return true;
  return /[^A-Za-z]/.test(value) || /.[A-Z]/.test(value);
}
