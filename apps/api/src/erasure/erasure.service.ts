import { Inject, Injectable } from '@nestjs/common';
import {
  CLICKHOUSE_CLIENT,
  type ClickHouseClient,
  type ErasureReport,
  readErasureRequest,
  runErasure,
} from '@argus/clickhouse';
import { ARGUS_CONFIG, type ArgusConfig } from '@argus/config';
import { LOGGER, type Logger, METRICS, type ArgusMetrics, errorFields } from '@argus/observability';
import { type ErasureBody } from './erasure-request.schema';

/**
 * Runs erasure requests for the API (the work is `runErasure` of @argus/clickhouse) and accounts for
 * them: metrics, and one log line per request with its id, tenant, subject kind and counts. The subject's
 * id is never logged: it is what is being erased.
 */
@Injectable()
export class ErasureService {
  constructor(
    @Inject(CLICKHOUSE_CLIENT) private readonly clickhouse: ClickHouseClient,
    @Inject(ARGUS_CONFIG) private readonly config: ArgusConfig,
    @Inject(METRICS) private readonly metrics: ArgusMetrics,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async erase(body: ErasureBody): Promise<ErasureReport> {
    const { subject } = body;
    const context = { tenant_id: subject.tenantId, subject_kind: subject.kind, retry_of: body.requestId };
    const stopTimer = this.metrics.erasureDuration.startTimer();
    let report: ErasureReport;
    try {
      report = await runErasure(
        {
          client: this.clickhouse,
          subjectHmacSecret: this.config.erasure.subjectHmacSecret,
          onStep: (step, changed) => {
            if (changed > 0) this.metrics.erasureRows.inc({ step: step.name }, changed);
          },
        },
        { subject, requestId: body.requestId, dryRun: body.dryRun, origin: 'api' },
      );
    } catch (error) {
      stopTimer({ outcome: 'rejected' });
      this.metrics.erasureRequests.inc({ outcome: 'rejected' });
      this.logger.warn({ ...context, ...errorFields(error) }, 'erasure request not run');
      throw error;
    }
    stopTimer({ outcome: report.status });
    this.metrics.erasureRequests.inc({ outcome: report.status });
    const rows = Object.fromEntries(
      Object.entries(report.steps).map(([name, counts]) => [name, counts.rows_before]),
    );
    const fields = {
      ...context,
      request_id: report.request_id,
      status: report.status,
      attempts: report.attempts,
      rows,
    };
    if (report.status === 'failed')
      this.logger.error({ ...fields, error: report.error }, 'erasure failed; retry it with its request_id');
    else this.logger.info(fields, report.dry_run ? 'erasure dry run' : 'erasure completed');
    return report;
  }

  status(requestId: string): Promise<ErasureReport | undefined> {
    return readErasureRequest(this.clickhouse, requestId);
  }
}
