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
import { BearerTokenVerifier, bearerToken } from '../auth/bearer-token';

/**
 * The erasure endpoints: 403 while API_ERASURE_ENABLED is off, 401 without the API_ADMIN_TOKEN bearer
 * token (RFC 6750: a missing, malformed or wrong token is `invalid_token`), before the body is looked at.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  private readonly verifier?: BearerTokenVerifier;

  constructor(
    @Inject(ARGUS_CONFIG) private readonly config: ArgusConfig,
    @Inject(METRICS) private readonly metrics: ArgusMetrics,
  ) {
    const { adminTokenSecret } = config.erasure;
    if (adminTokenSecret !== undefined && adminTokenSecret.length > 0)
      this.verifier = new BearerTokenVerifier(adminTokenSecret);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    if (!this.config.erasure.apiEnabled || this.verifier === undefined) {
      this.metrics.erasureRequests.inc({ outcome: 'rejected' });
      throw new ForbiddenException('the erasure endpoint is disabled (API_ERASURE_ENABLED=false)');
    }
    const header = request.headers.authorization;
    if (!this.verifier.verify(header)) {
      this.metrics.erasureRequests.inc({ outcome: 'rejected' });
      http
        .getResponse<Response>()
        .setHeader('WWW-Authenticate', 'Bearer realm="argus-admin", error="invalid_token"');
      throw new UnauthorizedException(
        bearerToken(header) === undefined
          ? 'missing bearer token: send Authorization: Bearer <API_ADMIN_TOKEN>'
          : 'invalid bearer token',
      );
    }
    return true;
  }
}
