import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CLICKHOUSE_CLIENT, type ClickHouseClient } from '@argus/clickhouse';
import { HealthRegistry } from '@argus/observability';

/** Registers "ClickHouse answers a ping" as a readiness check. */
@Injectable()
export class ClickHouseReadinessService implements OnModuleInit {
  constructor(
    @Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.register('clickhouse', async () => {
      const result = await this.clickhouse.ping();
      return result.success
        ? { ok: true }
        : { ok: false, detail: `ping failed: ${String(result.error?.message ?? result.error)}` };
    });
  }
}
