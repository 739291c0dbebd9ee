import { Module } from '@nestjs/common';
import { ClickHouseReadinessService } from './clickhouse-readiness.service';
import { HealthController } from './health.controller';
import { QueryController } from './query.controller';

@Module({ controllers: [HealthController, QueryController], providers: [ClickHouseReadinessService] })
export class ApiModule {}
