import type { Migration } from './migration.type';

/**
 * `behaviour_hourly` holds user ids: its rows must not outlive the events they summarise. Migration 004
 * gave it a fixed 400-day TTL; from here the table follows the events retention (`retentionTargets`,
 * RETENTION_EVENTS_DAYS), starting from that setting's default, 90 days, in the form the retention
 * check reads. BEHAVIOUR_BASELINE_DAYS may not exceed it (checked at start-up).
 */
export const behaviourRetentionMigration: Migration = {
  version: 7,
  name: 'behaviour_retention',
  sql: `ALTER TABLE behaviour_hourly MODIFY TTL toDateTime(hour) + INTERVAL 90 DAY`,
};
