import { parseErasureBody } from './erasure-request.schema';

describe('parseErasureBody', () => {
  it('reads a user or a conversation of a tenant, with an optional retry id and dry run', () => {
    expect(parseErasureBody({ tenant_id: 'acme', user_id: 'alice' })).toEqual({
      ok: true,
      value: { subject: { tenantId: 'acme', kind: 'user', id: 'alice' }, dryRun: false },
    });
    const requestId = '0b7f3c2e-5d1a-4e8b-9f00-3a1c2d4e5f60';
    expect(
      parseErasureBody({
        tenant_id: 'acme',
        conversation_id: 'conv-1',
        request_id: requestId,
        dry_run: true,
      }),
    ).toEqual({
      ok: true,
      value: { subject: { tenantId: 'acme', kind: 'conversation', id: 'conv-1' }, requestId, dryRun: true },
    });
  });

  it.each([
    ['no body', undefined, /expected object/],
    ['no subject', { tenant_id: 'acme' }, /give exactly one of user_id and conversation_id/],
    ['two subjects', { tenant_id: 'acme', user_id: 'a', conversation_id: 'c' }, /exactly one of/],
    ['an empty id', { tenant_id: 'acme', user_id: '' }, /^invalid erasure request: user_id: /],
    ['no tenant', { user_id: 'alice-secret-id' }, /tenant_id: /],
    ['a typo', { tenant_id: 'acme', userid: 'alice-secret-id' }, /Unrecognized key: "userid"/],
    [
      'a bad retry id',
      { tenant_id: 'acme', user_id: 'alice-secret-id', request_id: 'alice-secret-id' },
      /request_id: must be a request id/,
    ],
    ['a number', { tenant_id: 'acme', user_id: 42 }, /user_id: /],
  ])('refuses %s, naming the field, never echoing a value', (_label, body, expected) => {
    const result = parseErasureBody(body);
    expect(result.ok).toBe(false);
    const message = result.ok ? '' : result.message;
    expect(message).toMatch(expected);
    expect(message).not.toContain('alice-secret-id');
  });
});
