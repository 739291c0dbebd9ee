import { Module } from '@nestjs/common';
import { ClickHouseReadinessService } from './clickhouse-readiness.service';
import { HealthController } from './health.controller';

@Module({ controllers: [HealthController], providers: [ClickHouseReadinessService] })
export class ApiModule {}
