import { type ClickHouseClient, type EventRow } from '@argus/clickhouse';
import { type Logger, errorFields } from '@argus/observability';
import { TokenNormIndex, tokenZScore } from '@argus/scoring';
import { BEHAVIOUR_TABLES } from './behaviour-anomaly.store';

/** `events.behaviour_score` (migration 004): robust z of the event's tokens against its user's norm. */
export type BehaviourScoredEventRow = EventRow & { behaviour_score?: number | null };

type BaselineRow = {
  tenant_id: string;
  app_id: string;
  user_id: string;
  tokens_log_median: number;
  tokens_log_scale: number;
};

export type BehaviourEventScoresOptions = {
  /** How often the norms are re-read (the analyzer rewrites them every run). */
  refreshMs: number;
  /** Most users held in memory; the most recently refreshed win. */
  maxUsers: number;
};

export const BEHAVIOUR_EVENT_SCORES_DEFAULTS: BehaviourEventScoresOptions = {
  refreshMs: 5 * 60 * 1000,
  maxUsers: 200_000,
};

/**
 * Ingest's inline behaviour score: each event's tokens against its user's norm, from the baselines the
 * behaviour job writes (`behaviour_baselines`), cached in memory and re-read in the background. Scoring
 * is a map lookup per row, nothing is awaited on the batch path. A failed refresh keeps the previous
 * norms and is logged; before the first read, or for a user without a norm, rows get no score (NULL).
 */
export class BehaviourEventScores {
  private readonly index: TokenNormIndex;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly client: Pick<ClickHouseClient, 'query'>,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly options: BehaviourEventScoresOptions = BEHAVIOUR_EVENT_SCORES_DEFAULTS,
  ) {
    this.index = new TokenNormIndex(options.maxUsers);
  }

  /** Starts the refresh loop without waiting for the first read, so ingest's start-up is not delayed. */
  static start(
    client: Pick<ClickHouseClient, 'query'>,
    logger: Pick<Logger, 'warn'>,
    options: BehaviourEventScoresOptions = BEHAVIOUR_EVENT_SCORES_DEFAULTS,
  ): BehaviourEventScores {
    const scores = new BehaviourEventScores(client, logger, options);
    void scores.refresh();
    scores.timer = setInterval(() => void scores.refresh(), options.refreshMs);
    scores.timer.unref();
    return scores;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  get users(): number {
    return this.index.size;
  }

  async refresh(): Promise<void> {
    try {
      const result = await this.client.query({
        query: `SELECT tenant_id, app_id, user_id, tokens_log_median, tokens_log_scale
                FROM ${BEHAVIOUR_TABLES.baselines} FINAL
                ORDER BY computed_at DESC
                LIMIT {limit:UInt32}`,
        query_params: { limit: this.index.maxEntries },
        format: 'JSONEachRow',
      });
      const rows = await result.json<BaselineRow>();
      this.index.replace(
        rows.map((row) => ({
          tenantId: row.tenant_id,
          appId: row.app_id,
          userId: row.user_id,
          norm: { logMedian: Number(row.tokens_log_median), logScale: Number(row.tokens_log_scale) },
        })),
      );
    } catch (error) {
      this.logger.warn(errorFields(error), 'behaviour baselines not refreshed; keeping the previous ones');
    }
  }

  /** Sets `behaviour_score` on the rows whose user has a norm and whose event reports tokens. */
  attach(rows: readonly EventRow[]): void {
    for (const row of rows as readonly BehaviourScoredEventRow[]) {
      if (row.user_id === '') continue;
      const norm = this.index.get(row.tenant_id, row.app_id, row.user_id);
      const score = norm && tokenZScore(norm, row.input_tokens + row.output_tokens);
      if (score !== undefined) row.behaviour_score = Math.round(score * 1000) / 1000;
    }
  }
}
