import {
  Controller,
  Header,
  HttpCode,
  HttpException,
  Inject,
  InternalServerErrorException,
  Post,
  Req,
} from '@nestjs/common';
import { ARGUS_CONFIG, ArgusConfig } from '@argus/config';
import { LOGGER, Logger, METRICS, ArgusMetrics } from '@argus/observability';
import { type GuardDecision } from './guard-decision';
import { GuardDetectionError, GuardEvaluator, GuardVerdict } from './guard.evaluator';
import { GuardRequestDeps, parseGuardRequest } from './guard-request';
import { type GuardHttpRequest } from './guard-request.middleware';

export type GuardResponse = GuardVerdict & { latency_ms: number };

/**
 * `POST /v1/guard`: a platform's verdict on one event, synchronously (docs/guard.md). Authentication and
 * reading the body happen before this handler, in `guardRequestMiddleware`, mounted by bootstrap ahead
 * of Nest's body parser: a request reaches this point only with a valid bearer token.
 */
@Controller('v1')
export class GuardController {
  private readonly requestDeps: GuardRequestDeps;

  constructor(
    private readonly evaluator: GuardEvaluator,
    @Inject(ARGUS_CONFIG) config: ArgusConfig,
    @Inject(METRICS) private readonly metrics: ArgusMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.requestDeps = { maxTextPartBytes: config.ingest.maxTextPartBytes };
  }

  @Post('guard')
  @HttpCode(200)
  @Header('cache-control', 'no-store')
  async guard(@Req() request: GuardHttpRequest): Promise<GuardResponse> {
    const started = process.hrtime.bigint();
    if (!Buffer.isBuffer(request.body)) {
      // Only when the app was composed without bootstrap's middleware: refuse rather than guess.
      this.logger.error('guard request without its body reader (guardRequestMiddleware is not mounted)');
      throw new InternalServerErrorException('the guard is misconfigured');
    }
    const parsed = parseGuardRequest(request.body, this.requestDeps);
    if (!parsed.ok) {
      const { status, code, message, issues } = parsed.problem;
      this.metrics.guardRejections.inc({ reason: code });
      throw new HttpException(
        {
          statusCode: status,
          error: status === 413 ? 'Payload Too Large' : 'Bad Request',
          code,
          message,
          ...(issues ? { issues } : {}),
        },
        status,
      );
    }
    const { event } = parsed;
    let verdict: GuardVerdict;
    try {
      verdict = await this.evaluator.evaluate(event);
    } catch (error) {
      this.metrics.guardRejections.inc({ reason: 'detection_failed' });
      // Identifiers and code locations only: an error message may quote the text it choked on.
      this.logger.error(
        {
          event_id: event.event_id,
          tenant_id: event.tenant_id,
          app_id: event.app_id,
          error: describeFailure(error),
        },
        'guard detection failed; answered 500 without a verdict',
      );
      throw new InternalServerErrorException({
        statusCode: 500,
        error: 'Internal Server Error',
        code: 'detection_failed',
        message: 'detection failed; no verdict was given',
      });
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    this.metrics.guardDuration.observe(seconds);
    this.metrics.guardDecisions.inc({ decision: verdict.decision satisfies GuardDecision });
    return { ...verdict, latency_ms: Math.round(seconds * 1e6) / 1e3 };
  }
}

function describeFailure(error: unknown): Record<string, unknown> {
  if (error instanceof GuardDetectionError) return { type: error.name, detectors: error.detectors };
  if (!(error instanceof Error)) return { type: typeof error };
  return {
    type: error.name,
    code: (error as { code?: unknown }).code,
    // The stack without its first line, which repeats the message.
    stack: error.stack?.split('\n').slice(1, 7).join('\n'),
  };
}
