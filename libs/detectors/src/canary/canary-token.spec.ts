import { DetectorsError } from '../detectors.error';
import { canaryTokenPattern, generateCanaryToken } from './canary-token';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof DetectorsError ? error.code : undefined;
  }
  return undefined;
}

describe('generateCanaryToken', () => {
  it('makes a prefixed, greppable token of 20 base32 characters', () => {
    const token = generateCanaryToken();
    expect(token).toMatch(/^ARGUS-CANARY-[0-9A-HJKMNP-TV-Z]{20}$/);
    expect(`leaked: ${token}.`.match(canaryTokenPattern())).toEqual([token]);
  });

  it('never repeats across many draws', () => {
    const tokens = new Set(Array.from({ length: 5000 }, () => generateCanaryToken()));
    expect(tokens.size).toBe(5000);
  });

  it('encodes the random bytes exactly', () => {
    expect(generateCanaryToken('X1', (size) => Buffer.alloc(size, 0))).toBe('X1-00000000000000000000');
    expect(generateCanaryToken('X1', (size) => Buffer.alloc(size, 0xff))).toBe('X1-ZZZZZZZZZZZZZZZZZZZZ');
  });

  it('takes a custom prefix and rejects one that would not grep well', () => {
    expect(generateCanaryToken('ACME_PROMPT')).toMatch(/^ACME_PROMPT-/);
    expect(() => generateCanaryToken('has space')).toThrow(DetectorsError);
    expect(codeOf(() => generateCanaryToken('has space'))).toBe('invalid_canary_prefix');
    expect(() => generateCanaryToken('-x')).toThrow(/must be 2-32 letters/);
  });
});
