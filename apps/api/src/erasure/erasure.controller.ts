import {
  BadRequestException,
  Body,
  ConflictException,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  Post,
  Res,
  ServiceUnavailableException,
  UseGuards,
} from '@nestjs/common';
import { type Response } from 'express';
import { ErasureError, type ErasureReport, isErasureRequestId } from '@argus/clickhouse';
import { AdminTokenGuard } from './admin-token.guard';
import { parseErasureBody } from './erasure-request.schema';
import { ErasureService } from './erasure.service';

/**
 * Data-subject erasure (docs/erasure.md). Synchronous: the answer comes when every ClickHouse mutation
 * has finished, with the request id and the rows per step. A run that failed part-way answers 500 with
 * the same report (`status: failed`, `error`); sending the body again with its `request_id` completes it.
 */
@Controller('v1/erasure')
@UseGuards(AdminTokenGuard)
export class ErasureController {
  constructor(private readonly erasure: ErasureService) {}

  @Post()
  @HttpCode(HttpStatus.OK)
  async create(
    @Body() body: unknown,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ErasureReport> {
    const parsed = parseErasureBody(body);
    if (!parsed.ok) throw new BadRequestException(parsed.message);
    let report: ErasureReport;
    try {
      report = await this.erasure.erase(parsed.value);
    } catch (error) {
      throw httpError(error);
    }
    if (report.status === 'failed') response.status(HttpStatus.INTERNAL_SERVER_ERROR);
    return report;
  }

  @Get(':request_id')
  async status(@Param('request_id') requestId: string): Promise<ErasureReport> {
    if (!isErasureRequestId(requestId)) throw new BadRequestException('request_id must be a UUID');
    let report: ErasureReport | undefined;
    try {
      report = await this.erasure.status(requestId);
    } catch (error) {
      throw httpError(error);
    }
    if (report === undefined) throw new NotFoundException(`no erasure request ${requestId}`);
    return report;
  }
}

function httpError(error: unknown): unknown {
  if (!(error instanceof ErasureError)) return error;
  switch (error.code) {
    case 'ERASURE_INVALID_REQUEST':
      return new BadRequestException(error.message);
    case 'ERASURE_REQUEST_NOT_FOUND':
      return new NotFoundException(error.message);
    case 'ERASURE_REQUEST_MISMATCH':
      return new ConflictException(error.message);
    case 'ERASURE_NOT_CONFIGURED':
    case 'ERASURE_AUDIT_FAILED':
    case 'ERASURE_DRY_RUN_FAILED':
      return new ServiceUnavailableException(error.message);
  }
}
