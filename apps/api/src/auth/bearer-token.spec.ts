import { timingSafeEqual } from 'node:crypto';
import { BearerTokenVerifier, bearerToken } from './bearer-token';

jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});

const TOKEN = 'guard-token-0123456789abcdef0123456789';

describe('bearerToken', () => {
  it('reads the token of a Bearer header, case-insensitively on the scheme', () => {
    expect(bearerToken(`Bearer ${TOKEN}`)).toBe(TOKEN);
    expect(bearerToken(`bearer  ${TOKEN}`)).toBe(TOKEN);
  });

  it('is undefined for a missing header, another scheme, or no token', () => {
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken(`Basic ${Buffer.from(`user:${TOKEN}`).toString('base64')}`)).toBeUndefined();
    expect(bearerToken('Bearer')).toBeUndefined();
    expect(bearerToken('Bearer ')).toBeUndefined();
    expect(bearerToken(TOKEN)).toBeUndefined();
    expect(bearerToken(`Bearer ${TOKEN} extra`)).toBeUndefined();
  });
});

describe('BearerTokenVerifier', () => {
  const verifier = new BearerTokenVerifier(TOKEN);

  it('accepts exactly the configured token', () => {
    expect(verifier.verify(`Bearer ${TOKEN}`)).toBe(true);
  });

  it('refuses a missing header, a wrong token, a prefix, an extension and the token without the scheme', () => {
    expect(verifier.verify(undefined)).toBe(false);
    expect(verifier.verify('')).toBe(false);
    expect(verifier.verify(`Bearer ${TOKEN.slice(0, -1)}x`)).toBe(false);
    expect(verifier.verify(`Bearer ${TOKEN.slice(0, -1)}`)).toBe(false);
    expect(verifier.verify(`Bearer ${TOKEN}0`)).toBe(false);
    expect(verifier.verify(`Bearer ${TOKEN.toUpperCase()}`)).toBe(false);
    expect(verifier.verify(TOKEN)).toBe(false);
  });

  it('compares with timingSafeEqual on equal-length digests, also for a missing or short token', () => {
    const compare = jest.mocked(timingSafeEqual);
    compare.mockClear();
    verifier.verify(undefined);
    verifier.verify('Bearer x');
    verifier.verify(`Bearer ${TOKEN}`);
    expect(compare).toHaveBeenCalledTimes(3);
    for (const [left, right] of compare.mock.calls) {
      expect((left as Buffer).length).toBe(32);
      expect((right as Buffer).length).toBe(32);
    }
  });

  it('refuses to be built without a token', () => {
    expect(() => new BearerTokenVerifier('')).toThrow(/must not be empty/);
  });
});
