import { Controller, Get, Header, HttpCode, Inject, Res } from '@nestjs/common';
import { type Response } from 'express';
import { HealthRegistry, METRICS, type ArgusMetrics } from '@argus/observability';
import { DASHBOARD_HTML } from './dashboard.page';

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthRegistry,
    @Inject(METRICS) private readonly metrics: ArgusMetrics,
  ) {}

  /** The demo dashboard (reads `/api/summary`). */
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header(
    'content-security-policy',
    "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'",
  )
  dashboard(): string {
    return DASHBOARD_HTML;
  }

  /** Liveness: the process answers. Restarting it would not fix a missing broker, so no dependency checks. */
  @Get('healthz')
  @HttpCode(200)
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: every hosted component's check (consumers assigned, ClickHouse reachable); 503 otherwise. */
  @Get('readyz')
  async readyz(@Res() response: Response): Promise<void> {
    const readiness = await this.health.readiness();
    response
      .status(readiness.ready ? 200 : 503)
      .json({ status: readiness.ready ? 'ready' : 'not_ready', checks: readiness.checks });
  }

  @Get('metrics')
  @Header('cache-control', 'no-store')
  async prometheus(@Res() response: Response): Promise<void> {
    response.type(this.metrics.registry.contentType).send(await this.metrics.registry.metrics());
  }
}
