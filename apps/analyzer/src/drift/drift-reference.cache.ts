import { type ClickHouseClient, CLICKHOUSE_TABLES } from '@argus/clickhouse';
import { type OutlierReference, type OutlierReferenceLookup } from '@argus/ingestion';
import { type Logger, errorFields } from '@argus/observability';

type ReferenceRow = {
  tenant_id: string;
  app_id: string;
  model: string;
  field: string;
  embedder: string;
  centroid: number[];
  median_distance: number;
};

/**
 * The analyzer's reference centroids (`drift_references`), cached in memory for ingest's per-event
 * outlier scores and re-read every `refreshMs`. A failed refresh keeps the previous references (scores
 * go on, a little stale) and is logged; before the first successful read there are none (scores null).
 */
export class DriftReferenceCache {
  private references = new Map<string, OutlierReference>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly refreshMs: number,
    private readonly logger: Pick<Logger, 'warn'>,
  ) {}

  readonly lookup: OutlierReferenceLookup = (series) =>
    this.references.get(
      referenceKey(series.tenantId, series.appId, series.model, series.field, series.embedder),
    );

  async start(): Promise<void> {
    await this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  async refresh(): Promise<void> {
    try {
      const result = await this.client.query({
        query: `SELECT tenant_id, app_id, model, field, embedder, centroid, median_distance
                FROM ${CLICKHOUSE_TABLES.driftReferences} FINAL`,
        format: 'JSONEachRow',
      });
      const rows = await result.json<ReferenceRow>();
      this.references = new Map(
        rows.map((row) => [
          referenceKey(row.tenant_id, row.app_id, row.model, row.field, row.embedder),
          { centroid: Float64Array.from(row.centroid), medianDistance: Number(row.median_distance) },
        ]),
      );
    } catch (error) {
      this.logger.warn(errorFields(error), 'drift references not refreshed; keeping the previous ones');
    }
  }
}

function referenceKey(
  tenantId: string,
  appId: string,
  model: string,
  field: string,
  embedder: string,
): string {
  return JSON.stringify([tenantId, appId, model, field, embedder]);
}
