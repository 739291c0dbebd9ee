import { type ExecutionContext, ForbiddenException, UnauthorizedException } from '@nestjs/common';
import { loadConfig } from '@argus/config';
import { createMetrics } from '@argus/observability';
import { AdminTokenGuard } from './admin-token.guard';

const TOKEN = 'T0ken-with-enough-characters-0123456789';

function contextWith(authorization: string | undefined) {
  const headers: Record<string, string> = {};
  const context = {
    switchToHttp: () => ({
      getRequest: () => ({ headers: authorization === undefined ? {} : { authorization } }),
      getResponse: () => ({ setHeader: (name: string, value: string) => (headers[name] = value) }),
    }),
  } as unknown as ExecutionContext;
  return { context, headers };
}

function guard(environment: Record<string, string>) {
  return new AdminTokenGuard(loadConfig(environment, '/srv'), createMetrics());
}

const ENABLED = { API_ERASURE_ENABLED: 'true', API_ADMIN_TOKEN: TOKEN, ERASURE_HMAC_SECRET: 's'.repeat(32) };

describe('AdminTokenGuard', () => {
  it('answers 403 while the endpoint is disabled, even with a token', () => {
    const { context } = contextWith(`Bearer ${TOKEN}`);
    expect(() => guard({ API_ADMIN_TOKEN: TOKEN }).canActivate(context)).toThrow(
      new ForbiddenException('the erasure endpoint is disabled (API_ERASURE_ENABLED=false)'),
    );
  });

  it('answers 401 with a Bearer challenge without the token or with a wrong one', () => {
    const missing = contextWith(undefined);
    expect(() => guard(ENABLED).canActivate(missing.context)).toThrow(
      new UnauthorizedException('missing bearer token: send Authorization: Bearer <API_ADMIN_TOKEN>'),
    );
    expect(missing.headers['WWW-Authenticate']).toBe('Bearer realm="argus-admin", error="invalid_token"');
    const wrong = contextWith(`Bearer ${TOKEN.slice(0, -1)}x`);
    expect(() => guard(ENABLED).canActivate(wrong.context)).toThrow(
      new UnauthorizedException('invalid bearer token'),
    );
  });

  it('lets the admin token through', () => {
    expect(guard(ENABLED).canActivate(contextWith(`Bearer ${TOKEN}`).context)).toBe(true);
  });
});
