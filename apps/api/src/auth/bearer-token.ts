import { createHash, timingSafeEqual } from 'node:crypto';

/** RFC 6750: `Bearer` and one or more spaces, then the token (no white space in it). */
const BEARER = /^Bearer +(\S+) *$/i;

/** The token of an `Authorization: Bearer <token>` header; undefined for anything else. */
export function bearerToken(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  return BEARER.exec(authorization)?.[1];
}

/**
 * Checks a request's bearer token against the configured one in constant time. Both sides are hashed
 * (SHA-256) first: `timingSafeEqual` needs inputs of equal length, and comparing digests makes the time
 * independent of the presented token's length and content. A missing or malformed header is hashed too,
 * so it costs the same as a wrong token.
 */
export class BearerTokenVerifier {
  private readonly expected: Buffer;

  constructor(token: string) {
    if (token.length === 0) throw new Error('the bearer token must not be empty');
    this.expected = digest(token);
  }

  verify(authorization: string | undefined): boolean {
    const presented = bearerToken(authorization);
    const matches = timingSafeEqual(digest(presented ?? ''), this.expected);
    return matches && presented !== undefined;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
