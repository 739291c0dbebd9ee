/**
 * A schema change, shipped as a TypeScript constant so `tsc` carries it into dist/ (a .sql file would be
 * left behind). Never edit an applied migration: its checksum is recorded, and a changed one stops
 * start-up. Add a new, higher-numbered migration instead.
 *
 * Statements are separated by `;`. Each must be idempotent (IF NOT EXISTS, …): a migration that fails
 * half-way is not recorded and runs again from its first statement. Table names are unqualified; the
 * migrator runs them in the client's database and checks that it is the configured one.
 */
export type Migration = {
  version: number;
  name: string;
  sql: string;
};
