import { NonRetryableClickHouseStorageError } from './clickhouse.errors';
import { splitSqlStatements } from './sql-statement.splitter';

function errorFrom(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe('splitSqlStatements', () => {
  it('splits on semicolons and trims each statement', () => {
    expect(splitSqlStatements('CREATE TABLE a (x UInt8) ENGINE = Memory;\n\nSELECT 1 ;  SELECT 2')).toEqual([
      'CREATE TABLE a (x UInt8) ENGINE = Memory',
      'SELECT 1',
      'SELECT 2',
    ]);
  });

  it('ignores a trailing semicolon and empty statements', () => {
    expect(splitSqlStatements(';;\nSELECT 1;\n;\n')).toEqual(['SELECT 1']);
  });

  it('keeps semicolons inside string literals, with both escape styles', () => {
    expect(splitSqlStatements("SELECT 'a;b', 'it''s;', 'back\\';slash'; SELECT 2")).toEqual([
      "SELECT 'a;b', 'it''s;', 'back\\';slash'",
      'SELECT 2',
    ]);
  });

  it('keeps semicolons inside quoted identifiers', () => {
    expect(splitSqlStatements('SELECT 1 AS `a;b`, 2 AS "c;""d"; SELECT 3')).toEqual([
      'SELECT 1 AS `a;b`, 2 AS "c;""d"',
      'SELECT 3',
    ]);
  });

  it('keeps semicolons inside comments and drops comment-only statements', () => {
    const script = [
      '-- first; still a comment',
      'SELECT 1 /* inline; /* nested; */ comment */ + 1;',
      '/* only a comment; */',
      '-- trailing comment;',
    ].join('\n');
    expect(splitSqlStatements(script)).toEqual([
      '-- first; still a comment\nSELECT 1 /* inline; /* nested; */ comment */ + 1',
    ]);
  });

  it('does not treat a quote inside a comment as the start of a string', () => {
    expect(splitSqlStatements("-- don't\nSELECT 1; SELECT 2")).toEqual(["-- don't\nSELECT 1", 'SELECT 2']);
  });

  it('rejects an unterminated string with its line', () => {
    expect(errorFrom(() => splitSqlStatements("SELECT 1;\nSELECT 'oops"))).toMatchObject({
      code: 'INVALID_SQL',
      message: 'Unterminated string literal starting on line 2',
    });
    expect(() => splitSqlStatements('SELECT /* never closed')).toThrow(NonRetryableClickHouseStorageError);
  });
});
