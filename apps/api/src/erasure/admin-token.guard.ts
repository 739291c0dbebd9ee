import { createHash, timingSafeEqual } from 'node:crypto';
import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  Inject,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { type Request, type Response } from 'express';
import { ARGUS_CONFIG, type ArgusConfig } from '@argus/config';
import { METRICS, type ArgusMetrics } from '@argus/observability';

/** The token of an `Authorization: Bearer <token>` header; undefined for any other shape. */
export function bearerTokenOf(header: string | undefined): string | undefined {
  const match = /^Bearer +(\S+)$/i.exec(header?.trim() ?? '');
  return match?.[1];
}

/**
 * Compares a presented token with the configured one in constant time: both are hashed first, so the
 * comparison takes the same time whatever the presented token's length or first wrong character.
 */
export function tokenMatches(presented: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(presented), digest(expected));
}

/**
 * The erasure endpoints: 403 while API_ERASURE_ENABLED is off, 401 without the API_ADMIN_TOKEN bearer
 * token (RFC 6750: a missing, malformed or wrong token is `invalid_token`), before the body is looked at.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(
    @Inject(ARGUS_CONFIG) private readonly config: ArgusConfig,
    @Inject(METRICS) private readonly metrics: ArgusMetrics,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const { apiEnabled, adminTokenSecret } = this.config.erasure;
    if (!apiEnabled || adminTokenSecret === undefined) {
      this.metrics.erasureRequests.inc({ outcome: 'rejected' });
      throw new ForbiddenException('the erasure endpoint is disabled (API_ERASURE_ENABLED=false)');
    }
    const presented = bearerTokenOf(request.headers.authorization);
    if (presented === undefined || !tokenMatches(presented, adminTokenSecret)) {
      this.metrics.erasureRequests.inc({ outcome: 'rejected' });
      http
        .getResponse<Response>()
        .setHeader('WWW-Authenticate', 'Bearer realm="argus-admin", error="invalid_token"');
      throw new UnauthorizedException(
        presented === undefined
          ? 'missing bearer token: send Authorization: Bearer <API_ADMIN_TOKEN>'
          : 'invalid bearer token',
      );
    }
    return true;
  }
}
