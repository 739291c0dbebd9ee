import { randomBytes } from 'node:crypto';
import { DetectorsError } from '../detectors.error';

/** Crockford base32: no I, L, O or U, so a token read aloud or retyped survives. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARACTERS = 20;
const PREFIX = /^[A-Za-z][A-Za-z0-9_-]{1,31}$/;

/**
 * A canary token to embed in a system prompt: `<prefix>-<20 base32 characters>` (100 random bits, so
 * two tokens never collide and a token never occurs in ordinary text), one word with no spaces so
 * `grep -o 'ARGUS-CANARY-[0-9A-Z]*'` finds it in any log.
 */
export function generateCanaryToken(
  prefix = 'ARGUS-CANARY',
  random: (size: number) => Buffer = randomBytes,
): string {
  checkPrefix(prefix);
  // 5 bits per character: 13 random bytes (104 bits) cover 20 characters.
  const bytes = random(13);
  let bits = 0;
  let bitCount = 0;
  let token = '';
  for (const byte of bytes) {
    bits = (bits << 8) | byte;
    bitCount += 8;
    while (bitCount >= 5 && token.length < RANDOM_CHARACTERS) {
      bitCount -= 5;
      token += ALPHABET[(bits >> bitCount) & 31];
    }
    bits &= (1 << bitCount) - 1;
  }
  return `${prefix}-${token}`;
}

/** Matches the tokens `generateCanaryToken` makes with a given prefix (for log searches and tests). */
export function canaryTokenPattern(prefix = 'ARGUS-CANARY'): RegExp {
  checkPrefix(prefix);
  return new RegExp(`${prefix}-[${ALPHABET}]{${RANDOM_CHARACTERS}}`, 'g');
}

function checkPrefix(prefix: string): void {
  if (!PREFIX.test(prefix)) {
    throw new DetectorsError(
      'invalid_canary_prefix',
      `canary prefix "${prefix}" must be 2-32 letters, digits, - or _, starting with a letter`,
    );
  }
}
