import { MIGRATIONS } from '../migrations';
import { splitSqlStatements } from '../sql-statement.splitter';
import {
  ERASURE_EXEMPT_TABLES,
  ERASURE_UNSTAGE_STATEMENT,
  type ErasurePlan,
  planErasure,
} from './erasure.planner';

/** Tables with storage as the migrations leave them, and their columns (CREATE TABLE + ADD COLUMN). */
function tablesOfMigrations(): Map<string, Set<string>> {
  const tables = new Map<string, Set<string>>();
  for (const migration of MIGRATIONS) {
    for (const statement of splitSqlStatements(migration.sql)) {
      const create = /^CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?`?(\w+)`?\s*\(([\s\S]*)\)\s*ENGINE/i.exec(
        statement,
      );
      if (create) {
        const columns = create[2]
          .split('\n')
          .map((line) => /^\s*`?(\w+)`?\s+[A-Za-z]/.exec(line)?.[1])
          .filter((name): name is string => name !== undefined);
        tables.set(create[1], new Set(columns));
        continue;
      }
      const addColumn =
        /^ALTER\s+TABLE\s+`?(\w+)`?\s+ADD\s+COLUMN\s+(?:IF\s+NOT\s+EXISTS\s+)?`?(\w+)`?/i.exec(statement);
      if (addColumn) tables.get(addColumn[1])?.add(addColumn[2]);
      // A materialized view with its own storage (no TO target) is a table to decide about; one writing
      // TO another table stores nothing itself.
      const view = /^CREATE\s+MATERIALIZED\s+VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?`?(\w+)`?(\s+TO\s+)?/i.exec(
        statement,
      );
      if (view && view[2] === undefined) tables.set(view[1], new Set());
    }
  }
  return tables;
}

const userPlan = planErasure('user');
const conversationPlan = planErasure('conversation');
const plans = [userPlan, conversationPlan];
const allSteps = plans.flatMap((plan) => plan.steps);
const schema = tablesOfMigrations();

const staged = (set: string) =>
  `(SELECT value FROM erasure_staging WHERE request_id = {staging_key:String} AND kind = '${set}')`;
/** The staged sets a statement reads. */
const setsOf = (sql: string) => [...sql.matchAll(/ AND kind = '(\w+)'\)/g)].map((match) => match[1]);
/** The data tables a set is staged from, directly or through the sets its own stage reads. */
function tablesBehind(plan: ErasurePlan, set: string): string[] {
  const stage = plan.stages.find((candidate) => candidate.set === set);
  if (stage === undefined) return [];
  const table = / FROM (\w+) WHERE tenant_id/.exec(stage.statement)?.[1] ?? '';
  return [table, ...setsOf(stage.statement).flatMap((read) => tablesBehind(plan, read))];
}
/** The WHERE clause of a count query: the predicate a step finds its rows with (its mutation ends with it). */
const whereOfCount = (countQuery: string) =>
  countQuery.replace(/^SELECT count\(\) AS rows FROM \w+ WHERE /, '');

describe('planErasure: coverage of the schema', () => {
  it('reads the tables the migrations create (the parser sees what the schema has)', () => {
    expect([...schema.keys()]).toEqual(
      expect.arrayContaining([
        'events',
        'findings',
        'alerts',
        'alert_deliveries',
        'behaviour_hourly',
        'erasure_requests',
      ]),
    );
    expect([...(schema.get('events') ?? [])]).toEqual(
      expect.arrayContaining([
        'user_id',
        'conversation_id',
        'session_id',
        'behaviour_score',
        'outlier_input',
      ]),
    );
    expect(schema.has('behaviour_hourly_mv')).toBe(false);
  });

  it('has a decision for every table: changed by a step, or exempt with a reason', () => {
    const covered = new Set(allSteps.map((step) => step.table as string));
    const undecided = [...schema.keys()].filter(
      (table) => !covered.has(table) && !(table in ERASURE_EXEMPT_TABLES),
    );
    // A new table fails here: add steps for it in erasure.planner.ts, or an ERASURE_EXEMPT_TABLES reason.
    expect(undecided).toEqual([]);
    for (const table of Object.keys(ERASURE_EXEMPT_TABLES)) {
      // schema_migrations is created by the migrator itself, before any migration.
      expect(schema.has(table) || table === 'schema_migrations').toBe(true);
      expect(covered.has(table)).toBe(false);
    }
  });

  it.each([
    ['user_id', userPlan],
    ['conversation_id', conversationPlan],
  ])('deletes the rows of every table with a %s column, found by that column', (column, plan) => {
    const tablesWithColumn = [...schema].filter(([, columns]) => columns.has(column)).map(([table]) => table);
    expect(tablesWithColumn.length).toBeGreaterThan(0);
    // Directly (`<column> IN <subject>`), or through a set staged from that table by that column.
    const bySubject = `${column} IN ${staged('subject')}`;
    for (const table of tablesWithColumn) {
      const setsByColumn = plan.stages
        .filter(
          (stage) => stage.statement.includes(` FROM ${table} WHERE`) && stage.statement.includes(bySubject),
        )
        .map((stage) => staged(stage.set));
      const deleting = plan.steps.filter(
        (step) =>
          step.table === table &&
          step.action === 'delete' &&
          [bySubject, ...setsByColumn].some((predicate) => step.countQuery.includes(predicate)),
      );
      // A table that gains a user_id/conversation_id column needs a delete step on it in this plan.
      expect({ table, deletedBy: deleting.map((step) => step.name) }).toEqual({ table, deletedBy: [table] });
    }
  });

  it('erases derived data: findings, alerts, deliveries, groups, aggregates, drift examples', () => {
    expect(userPlan.steps.map((step) => step.name)).toEqual([
      'alert_deliveries',
      'alert_groups',
      'alerts',
      'alerts:evidence',
      'findings',
      'drift_scores:examples',
      'findings:examples',
      'behaviour_baselines',
      'behaviour_hourly',
      'events',
    ]);
    // The aggregates are keyed by user: a conversation has no rows of its own there.
    expect(conversationPlan.steps.map((step) => step.name)).toEqual(
      userPlan.steps.map((step) => step.name).filter((name) => !name.startsWith('behaviour_')),
    );
  });

  it('finds behaviour findings (keyed by a window, not an event) by the user they name', () => {
    const findings = userPlan.stages.find((stage) => stage.set === 'finding');
    expect(findings?.statement).toContain(`JSONExtractString(attributes, 'user_id') IN ${staged('subject')}`);
    expect(conversationPlan.stages.find((stage) => stage.set === 'finding')?.statement).not.toContain(
      'user_id',
    );
  });
});

describe('planErasure: statements', () => {
  const statements = [
    ...allSteps.flatMap((step) => [step.countQuery, step.mutation]),
    ...plans.flatMap((plan) => [plan.remainingQuery, ...plan.stages.map((stage) => stage.statement)]),
  ];

  it.each(statements.map((statement) => [statement.slice(0, 70), statement]))(
    '%s…: query parameters only; ids only through staged sets, one subquery deep',
    (_label, statement) => {
      const placeholders = [...new Set(statement.match(/\{\w+:\w+\}/g))].sort();
      expect(placeholders).toEqual(
        statement.includes('tenant_id')
          ? ['{staging_key:String}', '{tenant_id:String}']
          : ['{staging_key:String}'],
      );
      expect(setsOf(statement).length).toBeGreaterThan(0);
      // chdb's engine hangs on an ALTER … UPDATE whose WHERE nests subqueries: staged sets are read at one level.
      const withoutSets = setsOf(statement).reduce(
        (sql, set) => sql.split(staged(set)).join('<set>'),
        statement,
      );
      expect(withoutSets).not.toContain('SELECT value');
      expect(withoutSets.replace(/^(INSERT INTO [^)]+\) )?SELECT/, '')).not.toMatch(/\bSELECT\b/);
    },
  );

  it.each(allSteps.map((step) => [step.name, step] as const))(
    '%s: a synchronous ALTER mutation with the predicate its count uses, scoped to the tenant',
    (_name, step) => {
      const kind = step.action === 'delete' ? 'DELETE' : 'UPDATE';
      expect(step.mutation.startsWith(`ALTER TABLE ${step.table} ${kind} `)).toBe(true);
      expect(step.countQuery.startsWith(`SELECT count() AS rows FROM ${step.table} WHERE `)).toBe(true);
      expect(
        step.mutation.endsWith(` WHERE ${whereOfCount(step.countQuery)} SETTINGS mutations_sync = 2`),
      ).toBe(true);
      expect(step.name).toEqual(
        step.action === 'delete' ? step.table : expect.stringMatching(`^${step.table}:\\w+$`),
      );
      // alert_deliveries has no tenant column: its alerts were staged per tenant.
      if (schema.get(step.table)?.has('tenant_id'))
        expect(step.countQuery).toContain('tenant_id = {tenant_id:String} AND');
      else expect(step.countQuery).toContain(staged('alert'));
    },
  );

  it.each(
    plans.flatMap((plan) =>
      plan.stages.map((stage) => [`${plan.kind} ${stage.set}`, stage.statement] as const),
    ),
  )('stage %s copies tenant-scoped ids into erasure_staging', (_label, statement) => {
    expect(statement).toMatch(
      /^INSERT INTO erasure_staging \(request_id, kind, value, staged_at\) SELECT DISTINCT \{staging_key:String\}, '\w+', \w+, now64\(3\) FROM \w+ WHERE tenant_id = \{tenant_id:String\} AND /,
    );
  });

  it.each(plans.map((plan) => [plan.kind, plan] as const))(
    '%s: no step changes a table that a later step still needs to find its rows',
    (_kind, plan) => {
      const changed = new Set<string>();
      for (const step of plan.steps) {
        // A retry after a failure part-way stages its sets again from what is left: a set read from a
        // table an earlier step already changed would miss rows.
        const behind = setsOf(step.countQuery).flatMap((set) => tablesBehind(plan, set));
        expect({ step: step.name, readsChanged: behind.filter((table) => changed.has(table)) }).toEqual({
          step: step.name,
          readsChanged: [],
        });
        changed.add(step.table);
      }
      expect(new Set(plan.steps.map((step) => step.name)).size).toBe(plan.steps.length);
      // A stage reads only the subject and sets staged before it.
      const available = new Set(['subject']);
      for (const stage of plan.stages) {
        expect(setsOf(stage.statement).filter((set) => !available.has(set))).toEqual([]);
        available.add(stage.set);
      }
    },
  );

  it('checks afterwards for events of the subject that arrived during the run', () => {
    expect(userPlan.remainingQuery).toBe(
      `SELECT count() AS rows FROM events WHERE tenant_id = {tenant_id:String} AND user_id IN ${staged('subject')}`,
    );
    expect(conversationPlan.remainingQuery).toContain(`conversation_id IN ${staged('subject')}`);
  });

  it('unstages a run by its key, synchronously', () => {
    expect(ERASURE_UNSTAGE_STATEMENT).toBe(
      'ALTER TABLE erasure_staging DELETE WHERE request_id = {staging_key:String} SETTINGS mutations_sync = 2',
    );
  });
});
