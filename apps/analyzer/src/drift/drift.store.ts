import {
  type ClickHouseClient,
  CLICKHOUSE_TABLES,
  type DriftReferenceRow,
  type DriftScoreRow,
  type FindingRow,
  toClickHouseDateTime,
} from '@argus/clickhouse';
import { type TimeRange } from '@argus/scoring';

/** A (tenant, app, model) with enough events in both the current window and the reference. */
export type DriftSeriesCandidate = {
  tenantId: string;
  appId: string;
  model: string;
  currentCount: number;
  referenceCount: number;
};

/** One sampled event: both fields' stored texts and vectors. */
export type SampledEvent = {
  tenantId: string;
  appId: string;
  model: string;
  eventId: string;
  inputText: string;
  outputText: string;
  embeddingModel: string;
  embeddingInput: number[];
  embeddingOutput: number[];
};

/** What the drift job reads and writes; `ClickHouseDriftStore` is the real one. */
export type DriftStore = {
  /** Series (tenant/app/model/field) already scored for the window starting at `windowStart`. */
  scoredSeries(windowStart: Date): Promise<Set<string>>;
  listSeries(current: TimeRange, reference: TimeRange, minEvents: number): Promise<DriftSeriesCandidate[]>;
  /** Up to `perSeries` distinct events of each series in `range`, the same ones on every call. */
  sample(
    series: readonly Pick<DriftSeriesCandidate, 'tenantId' | 'appId' | 'model'>[],
    range: TimeRange,
    perSeries: number,
  ): Promise<SampledEvent[]>;
  writeFindings(rows: FindingRow[]): Promise<void>;
  writeScores(rows: DriftScoreRow[]): Promise<void>;
  writeReferences(rows: DriftReferenceRow[]): Promise<void>;
};

/** The model a series is keyed on: what answered if known, else what was asked for. */
const MODEL = "if(response_model != '', response_model, request_model)";

type SeriesRow = { tenant_id: string; app_id: string; model: string; n_current: string; n_reference: string };
type SampleRow = {
  tenant_id: string;
  app_id: string;
  model: string;
  event_id: string;
  input_text: string;
  output_text: string;
  embedding_model: string;
  embedding_input: number[];
  embedding_output: number[];
};

/**
 * The drift job's ClickHouse access. Windows are read without FINAL: a duplicate of a replayed event is
 * removed by `LIMIT 1 BY event_id` instead, which costs one sort of the (small) sample.
 */
export class ClickHouseDriftStore implements DriftStore {
  constructor(private readonly client: ClickHouseClient) {}

  async scoredSeries(windowStart: Date): Promise<Set<string>> {
    const rows = await this.rows<{ tenant_id: string; app_id: string; model: string; field: string }>(
      `SELECT DISTINCT tenant_id, app_id, model, field FROM ${CLICKHOUSE_TABLES.driftScores}
       WHERE window_start = {start:DateTime64(3, 'UTC')}`,
      { start: toClickHouseDateTime(windowStart) },
    );
    return new Set(rows.map((row) => scoredKey(row.tenant_id, row.app_id, row.model, row.field)));
  }

  async listSeries(
    current: TimeRange,
    reference: TimeRange,
    minEvents: number,
  ): Promise<DriftSeriesCandidate[]> {
    const rows = await this.rows<SeriesRow>(
      `SELECT tenant_id, app_id, ${MODEL} AS model,
              countIf(timestamp >= {currentStart:DateTime64(3, 'UTC')} AND timestamp < {currentEnd:DateTime64(3, 'UTC')}) AS n_current,
              countIf(timestamp >= {referenceStart:DateTime64(3, 'UTC')} AND timestamp < {referenceEnd:DateTime64(3, 'UTC')}) AS n_reference
       FROM ${CLICKHOUSE_TABLES.events}
       WHERE (timestamp >= {currentStart:DateTime64(3, 'UTC')} AND timestamp < {currentEnd:DateTime64(3, 'UTC')})
          OR (timestamp >= {referenceStart:DateTime64(3, 'UTC')} AND timestamp < {referenceEnd:DateTime64(3, 'UTC')})
       GROUP BY tenant_id, app_id, model
       HAVING n_current >= {minEvents:UInt32} AND n_reference >= {minEvents:UInt32}
       ORDER BY tenant_id, app_id, model`,
      {
        currentStart: toClickHouseDateTime(current.start),
        currentEnd: toClickHouseDateTime(current.end),
        referenceStart: toClickHouseDateTime(reference.start),
        referenceEnd: toClickHouseDateTime(reference.end),
        minEvents,
      },
    );
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      appId: row.app_id,
      model: row.model,
      currentCount: Number(row.n_current),
      referenceCount: Number(row.n_reference),
    }));
  }

  async sample(
    series: readonly Pick<DriftSeriesCandidate, 'tenantId' | 'appId' | 'model'>[],
    range: TimeRange,
    perSeries: number,
  ): Promise<SampledEvent[]> {
    if (series.length === 0) return [];
    // Literals, not an array parameter: embedded chdb mis-parses array parameters of several elements.
    const seriesTuples = series
      .map((item) => `(${[item.tenantId, item.appId, item.model].map(sqlString).join(', ')})`)
      .join(', ');
    // Ordering by a hash of the event id is a deterministic, uniform sample: the same window gives the
    // same events on every run and replica, so a re-run reproduces its statistic exactly.
    const rows = await this.rows<SampleRow>(
      `SELECT tenant_id, app_id, model, event_id, input_text, output_text,
              embedding_model, embedding_input, embedding_output
       FROM (
         SELECT tenant_id, app_id, ${MODEL} AS model, event_id, input_text, output_text,
                embedding_model, embedding_input, embedding_output
         FROM ${CLICKHOUSE_TABLES.events}
         WHERE timestamp >= {start:DateTime64(3, 'UTC')} AND timestamp < {end:DateTime64(3, 'UTC')}
           AND (tenant_id, app_id, ${MODEL}) IN (${seriesTuples})
         ORDER BY cityHash64(event_id), event_id
         LIMIT 1 BY event_id
       )
       ORDER BY tenant_id, app_id, model, cityHash64(event_id), event_id
       LIMIT {perSeries:UInt32} BY tenant_id, app_id, model`,
      {
        start: toClickHouseDateTime(range.start),
        end: toClickHouseDateTime(range.end),
        perSeries,
      },
    );
    return rows.map((row) => ({
      tenantId: row.tenant_id,
      appId: row.app_id,
      model: row.model,
      eventId: row.event_id,
      inputText: row.input_text,
      outputText: row.output_text,
      embeddingModel: row.embedding_model,
      embeddingInput: row.embedding_input,
      embeddingOutput: row.embedding_output,
    }));
  }

  writeFindings(rows: FindingRow[]): Promise<void> {
    return this.insert(CLICKHOUSE_TABLES.findings, rows);
  }

  writeScores(rows: DriftScoreRow[]): Promise<void> {
    return this.insert(CLICKHOUSE_TABLES.driftScores, rows);
  }

  writeReferences(rows: DriftReferenceRow[]): Promise<void> {
    return this.insert(CLICKHOUSE_TABLES.driftReferences, rows);
  }

  private async insert(table: string, values: object[]): Promise<void> {
    if (values.length === 0) return;
    await this.client.insert({ table, values, format: 'JSONEachRow' });
  }

  private async rows<Row>(query: string, query_params: Record<string, unknown>): Promise<Row[]> {
    const result = await this.client.query({ query, query_params, format: 'JSONEachRow' });
    return result.json<Row>();
  }
}

/** Key of a scored series, shared by the store and the job. */
export function scoredKey(tenantId: string, appId: string, model: string, field: string): string {
  return JSON.stringify([tenantId, appId, model, field]);
}

/** A ClickHouse string literal: backslash and quote escaped, so any tenant or app name is inert. */
export function sqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
