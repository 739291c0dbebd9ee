import type { Migration } from './migration.type';

/**
 * `events` rows are wide (several ZSTD text columns and the event JSON). A horizontal merge holds every
 * column of the parts it merges in memory at once; vertical merges go column by column. Measured on
 * embedded chdb: merge memory of `events` 264 MB → 66 MB, insert speed unchanged.
 */
export const eventsVerticalMergesMigration: Migration = {
  version: 2,
  name: 'events_vertical_merges',
  sql: `ALTER TABLE events MODIFY SETTING vertical_merge_algorithm_min_rows_to_activate = 1, vertical_merge_algorithm_min_columns_to_activate = 1`,
};
