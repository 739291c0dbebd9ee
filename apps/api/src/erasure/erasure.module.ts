import { Module } from '@nestjs/common';
import { AdminTokenGuard } from './admin-token.guard';
import { ErasureController } from './erasure.controller';
import { ErasureService } from './erasure.service';

/**
 * `POST /v1/erasure`, `GET /v1/erasure/:request_id`. Always mounted, so a disabled endpoint answers 403
 * with the variable that enables it rather than a bare 404. Uses the process's ClickHouse client,
 * configuration, logger and metrics (global providers of the composition root).
 */
@Module({ controllers: [ErasureController], providers: [ErasureService, AdminTokenGuard] })
export class ErasureModule {}
