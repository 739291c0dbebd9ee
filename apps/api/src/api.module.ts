import { type DynamicModule, Module } from '@nestjs/common';
import { type ArgusConfig } from '@argus/config';
import { ClickHouseReadinessService } from './clickhouse-readiness.service';
import { ErasureModule } from './erasure/erasure.module';
import { GuardModule } from './guard/guard.module';
import { HealthController } from './health.controller';
import { QueryController } from './query.controller';

@Module({
  imports: [ErasureModule],
  controllers: [HealthController, QueryController],
  providers: [ClickHouseReadinessService],
})
export class ApiModule {
  /** With API_GUARD_ENABLED, the inline guard too; otherwise its route does not exist (404) and no pipeline is built. */
  static forRoot(config: ArgusConfig): DynamicModule {
    return { module: ApiModule, imports: config.api.guard.enabled ? [GuardModule] : [] };
  }
}
