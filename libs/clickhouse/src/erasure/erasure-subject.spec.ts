import { assertErasureSubject, subjectHmac, subjectKeyId, withoutSubjectId } from './erasure-subject';

describe('subject HMAC', () => {
  const secret = 'k'.repeat(32);
  const alice = { tenantId: 'acme', kind: 'user', id: 'alice@example.com' } as const;

  it('is keyed, and tells tenants, kinds and ids apart', () => {
    const digest = subjectHmac(alice, secret);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    expect(subjectHmac(alice, secret)).toBe(digest);
    expect(subjectHmac(alice, 'j'.repeat(32))).not.toBe(digest);
    expect(subjectHmac({ ...alice, tenantId: 'other' }, secret)).not.toBe(digest);
    expect(subjectHmac({ ...alice, kind: 'conversation' }, secret)).not.toBe(digest);
    // No separator trick: the parts are JSON-encoded.
    expect(subjectHmac({ tenantId: 'a|b', kind: 'user', id: 'c' }, secret)).not.toBe(
      subjectHmac({ tenantId: 'a', kind: 'user', id: 'b|c' }, secret),
    );
  });

  it('names its key without revealing it', () => {
    expect(subjectKeyId(secret)).toMatch(/^[0-9a-f]{16}$/);
    expect(subjectKeyId(secret)).not.toBe(subjectKeyId('j'.repeat(32)));
  });
});

describe('erasure subject checks', () => {
  it('masks the subject id in messages', () => {
    expect(withoutSubjectId("no match for 'alice' (alice)", 'alice')).toBe(
      "no match for '[subject]' ([subject])",
    );
    expect(withoutSubjectId('unchanged', '')).toBe('unchanged');
  });

  it('refuses empty or oversized ids, naming the field but never the value', () => {
    expect(() => assertErasureSubject({ tenantId: 'acme', kind: 'user', id: 'alice' })).not.toThrow();
    expect(() => assertErasureSubject({ tenantId: '', kind: 'user', id: 'alice' })).toThrow(
      'Invalid erasure request: tenant id must be 1 to 256 characters',
    );
    const long = 'x'.repeat(1025);
    expect(() => assertErasureSubject({ tenantId: 'acme', kind: 'conversation', id: long })).toThrow(
      /conversation id must be 1 to 1024 characters$/,
    );
    expect(() => assertErasureSubject({ tenantId: 'acme', kind: 'conversation', id: long })).not.toThrow(
      long,
    );
  });
});
