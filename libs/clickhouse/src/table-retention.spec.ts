import { DEFAULT_RETENTION, parseDayTtl, retentionTargets } from './table-retention';

describe('parseDayTtl', () => {
  it('reads the TTL as the server normalises it in engine_full', () => {
    const engineFull =
      'ReplacingMergeTree(ingested_at) PARTITION BY toYYYYMM(timestamp) ORDER BY (tenant_id, app_id, toDate(timestamp), event_id) ' +
      'TTL toDateTime(timestamp) + toIntervalDay(90) SETTINGS index_granularity = 8192';
    expect(parseDayTtl(engineFull)).toEqual({ column: 'timestamp', days: 90 });
  });

  it('reads the INTERVAL form and a TTL at the end', () => {
    expect(parseDayTtl('MergeTree ORDER BY x TTL toDateTime(`at`) + INTERVAL 365 DAY')).toEqual({
      column: 'at',
      days: 365,
    });
  });

  it('gives undefined for no TTL or a TTL of another shape', () => {
    expect(parseDayTtl('MergeTree ORDER BY version SETTINGS index_granularity = 8192')).toBeUndefined();
    expect(parseDayTtl('MergeTree ORDER BY x TTL toDateTime(at) + toIntervalMonth(3)')).toBeUndefined();
    expect(
      parseDayTtl('MergeTree ORDER BY x TTL toDateTime(at) + toIntervalDay(3) DELETE WHERE x = 1'),
    ).toBeUndefined();
  });
});

describe('retentionTargets', () => {
  it('gives alert deliveries the alerts retention', () => {
    expect(retentionTargets({ ...DEFAULT_RETENTION, alertsDays: 30 })).toEqual([
      { table: 'events', column: 'timestamp', days: 90 },
      { table: 'findings', column: 'timestamp', days: 180 },
      { table: 'alerts', column: 'created_at', days: 30 },
      { table: 'alert_deliveries', column: 'at', days: 30 },
      { table: 'drift_scores', column: 'window_start', days: 180 },
      { table: 'behaviour_hourly', column: 'hour', days: 90 },
    ]);
  });
});
