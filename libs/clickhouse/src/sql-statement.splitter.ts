import { NonRetryableClickHouseStorageError } from './clickhouse.errors';

/**
 * Splits a SQL script into statements at `;` outside string literals ('…'), quoted identifiers ("…",
 * `…`), line comments (-- …) and block comments (/* … *\/, nested as ClickHouse allows). Both quote
 * escapes ClickHouse accepts are honoured: doubling ('it''s') and backslash ('it\'s').
 * Statements that hold only whitespace and comments are dropped. The HTTP interface runs one
 * statement per request, so a migration with several statements must be sent piece by piece.
 */
export function splitSqlStatements(script: string): string[] {
  const statements: string[] = [];
  let statementStart = 0;
  let hasCode = false;
  let index = 0;
  while (index < script.length) {
    const character = script[index];
    const next = script[index + 1];
    if (character === '-' && next === '-') {
      const lineEnd = script.indexOf('\n', index);
      index = lineEnd === -1 ? script.length : lineEnd + 1;
    } else if (character === '/' && next === '*') {
      index = skipBlockComment(script, index);
    } else if (character === "'" || character === '"' || character === '`') {
      hasCode = true;
      index = skipQuoted(script, index, character);
    } else if (character === ';') {
      if (hasCode) {
        statements.push(script.slice(statementStart, index).trim());
      }
      statementStart = index + 1;
      hasCode = false;
      index += 1;
    } else {
      if (!/\s/.test(character)) {
        hasCode = true;
      }
      index += 1;
    }
  }
  if (hasCode) {
    statements.push(script.slice(statementStart).trim());
  }
  return statements;
}

function skipQuoted(script: string, start: number, quote: string): number {
  let index = start + 1;
  while (index < script.length) {
    const character = script[index];
    if (character === '\\') {
      index += 2;
    } else if (character === quote) {
      if (script[index + 1] === quote) {
        index += 2;
      } else {
        return index + 1;
      }
    } else {
      index += 1;
    }
  }
  throw unterminated(script, start, quote === "'" ? 'string literal' : 'quoted identifier');
}

function skipBlockComment(script: string, start: number): number {
  let depth = 0;
  let index = start;
  while (index < script.length) {
    if (script.startsWith('/*', index)) {
      depth += 1;
      index += 2;
    } else if (script.startsWith('*/', index)) {
      depth -= 1;
      index += 2;
      if (depth === 0) {
        return index;
      }
    } else {
      index += 1;
    }
  }
  throw unterminated(script, start, 'block comment');
}

function unterminated(script: string, start: number, what: string): NonRetryableClickHouseStorageError {
  const line = script.slice(0, start).split('\n').length;
  return new NonRetryableClickHouseStorageError(
    'INVALID_SQL',
    `Unterminated ${what} starting on line ${line}`,
  );
}
