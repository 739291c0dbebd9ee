import { initialTablesMigration } from './001-initial-tables.migration';
import { eventsVerticalMergesMigration } from './002-events-vertical-merges.migration';
import { driftTablesMigration } from './003-drift-tables.migration';
import { behaviourAggregatesMigration } from './004-behaviour-aggregates.migration';
import { alertGroupsMigration } from './005-alert-groups.migration';
import { protectedDocumentsMigration } from './006-protected-documents.migration';
import { behaviourRetentionMigration } from './007-behaviour-retention.migration';
import { erasureMigration } from './008-erasure.migration';
import type { Migration } from './migration.type';

export type { Migration } from './migration.type';

/** Every migration, in version order. Append new ones here. */
export const MIGRATIONS: readonly Migration[] = [
  initialTablesMigration,
  eventsVerticalMergesMigration,
  driftTablesMigration,
  behaviourAggregatesMigration,
  alertGroupsMigration,
  protectedDocumentsMigration,
  behaviourRetentionMigration,
  erasureMigration,
];
