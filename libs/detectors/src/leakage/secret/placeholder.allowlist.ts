/**
 * Values that look like credentials but are documentation examples or templates: providers' published
 * example keys (AWS's `AKIAIOSFODNN7EXAMPLE`), `your-api-key`, `<token>`, `${SECRET}`, `xxxx`, runs of
 * one character, counting sequences. They are not reported: a documentation example is not a leak, and
 * reporting it would teach analysts to ignore the detector. (The synthetic generator therefore uses
 * random, non-example keys to simulate leaks.)
 */
const PLACEHOLDER_WORDS =
  /example|sample|dummy|placeholder|changeme|change_me|redacted|your[_-]?(?:api|secret|access|token|key|password)|insert[_-]?your|replace[_-]?me|<[^>]{0,40}>|\$\{|\{\{|%\(|\*{3,}|x{4,}|\.{3}|…/i;

const REPEATED = /(.)\1{5,}/;
const SEQUENCES = ['qwertyuiop', 'asdfghjkl'];

export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER_WORDS.test(value)) return true;
  if (REPEATED.test(value)) return true;
  const lower = value.toLowerCase();
  return SEQUENCES.some((sequence) => lower.includes(sequence)) || hasCountingRun(lower, 6);
}

/** A run of `length` characters counting up or down by one (`abcdef`, `543210`): typed, not random. */
function hasCountingRun(text: string, length: number): boolean {
  let up = 1;
  let down = 1;
  for (let index = 1; index < text.length; index++) {
    const step = text.charCodeAt(index) - text.charCodeAt(index - 1);
    up = step === 1 ? up + 1 : 1;
    down = step === -1 ? down + 1 : 1;
    if (up >= length || down >= length) return true;
  }
  return false;
}
