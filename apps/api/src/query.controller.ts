import { BadRequestException, Body, Controller, ForbiddenException, Get, Inject, Post } from '@nestjs/common';
import { CLICKHOUSE_CLIENT, type ClickHouseClient } from '@argus/clickhouse';
import { ARGUS_CONFIG, type ArgusConfig } from '@argus/config';

const MAX_RESULT_ROWS = 10_000;

/**
 * Read access to the Argus database for the dashboard and for operators. With embedded ClickHouse the
 * engine lives inside this process, so this is also the way to query it while Argus runs.
 */
@Controller('api')
export class QueryController {
  constructor(
    @Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient,
    @Inject(ARGUS_CONFIG) private readonly config: ArgusConfig,
  ) {}

  /** The numbers the dashboard shows: fixed queries, always available. */
  @Get('summary')
  async summary(): Promise<Record<string, unknown>> {
    const [totals, byCategory, recentAlerts, deliveries] = await Promise.all([
      this.rows(
        `SELECT (SELECT count() FROM events FINAL) AS events, (SELECT count() FROM findings FINAL) AS findings,
                (SELECT count() FROM alerts FINAL) AS alerts`,
      ),
      this.rows(
        `SELECT category, severity, count() AS findings FROM findings FINAL GROUP BY category, severity ORDER BY findings DESC LIMIT 50`,
      ),
      this.rows(
        `SELECT alert_id, created_at, severity, category, tenant_id, app_id, title FROM alerts FINAL ORDER BY created_at DESC LIMIT 20`,
      ),
      this.rows(
        `SELECT sink, status, count() AS attempts FROM alert_deliveries GROUP BY sink, status ORDER BY sink, status`,
      ),
    ]);
    return {
      totals: totals[0] ?? {},
      findings_by_category: byCategory,
      recent_alerts: recentAlerts,
      deliveries,
    };
  }

  /** Ad-hoc read-only SQL (ClickHouse `readonly=2` refuses writes and DDL, and changing `readonly` itself). Opt-in. */
  @Post('query')
  async query(@Body() body: { sql?: unknown }): Promise<{ rows: unknown[] }> {
    if (!this.config.api.queryEnabled)
      throw new ForbiddenException('the query endpoint is disabled (API_QUERY_ENABLED=false)');
    if (typeof body?.sql !== 'string' || body.sql.trim() === '')
      throw new BadRequestException('body must be {"sql": "SELECT ..."}');
    try {
      return { rows: await this.rows(body.sql, true) };
    } catch (error) {
      throw new BadRequestException(error instanceof Error ? error.message : String(error));
    }
  }

  private async rows(sql: string, readonly = false): Promise<unknown[]> {
    const result = await this.clickhouse.query({
      query: sql,
      format: 'JSONEachRow',
      clickhouse_settings: readonly
        ? {
            readonly: '2',
            max_result_rows: String(MAX_RESULT_ROWS),
            result_overflow_mode: 'break',
            max_execution_time: 30,
          }
        : { max_execution_time: 30 },
    });
    return result.json();
  }
}
