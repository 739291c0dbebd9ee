import { parseClickHouseDateTime, toClickHouseDateTime } from './clickhouse-date-time.util';

function errorFrom(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the action to throw');
}

describe('toClickHouseDateTime', () => {
  it('formats a Date in UTC with milliseconds', () => {
    expect(toClickHouseDateTime(new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)))).toBe('2025-01-02 03:04:05.006');
  });

  it('converts RFC 3339 strings with an offset to UTC', () => {
    expect(toClickHouseDateTime('2025-06-30T23:30:00.5+02:00')).toBe('2025-06-30 21:30:00.500');
    expect(toClickHouseDateTime('2025-06-30T23:30:00Z')).toBe('2025-06-30 23:30:00.000');
  });

  it('truncates sub-millisecond precision', () => {
    expect(toClickHouseDateTime('2025-06-30T23:30:00.123456789Z')).toBe('2025-06-30 23:30:00.123');
  });

  it('reads a date-time without an offset as UTC, not local time', () => {
    expect(toClickHouseDateTime('2025-06-30 23:30:00')).toBe('2025-06-30 23:30:00.000');
    expect(toClickHouseDateTime('2025-06-30T23:30')).toBe('2025-06-30 23:30:00.000');
    expect(toClickHouseDateTime('2025-06-30 23:30:00.250')).toBe('2025-06-30 23:30:00.250');
  });

  it('accepts epoch milliseconds', () => {
    expect(toClickHouseDateTime(0)).toBe('1970-01-01 00:00:00.000');
  });

  it('rejects invalid and out-of-range values with a typed error', () => {
    expect(errorFrom(() => toClickHouseDateTime('yesterday'))).toMatchObject({ code: 'INVALID_DATE_TIME' });
    expect(errorFrom(() => toClickHouseDateTime(new Date(Number.NaN)))).toMatchObject({
      code: 'INVALID_DATE_TIME',
    });
    expect(() => toClickHouseDateTime('1800-01-01T00:00:00Z')).toThrow(/outside the DateTime64 range/);
    expect(() => toClickHouseDateTime('2300-01-01T00:00:00Z')).toThrow(/outside the DateTime64 range/);
  });
});

describe('parseClickHouseDateTime', () => {
  it('reads the ClickHouse form as UTC and round-trips', () => {
    const date = parseClickHouseDateTime('2025-01-02 03:04:05.678');
    expect(date.toISOString()).toBe('2025-01-02T03:04:05.678Z');
    expect(toClickHouseDateTime(date)).toBe('2025-01-02 03:04:05.678');
  });

  it('rejects text that is not a date-time', () => {
    expect(errorFrom(() => parseClickHouseDateTime('not a date'))).toMatchObject({
      code: 'INVALID_DATE_TIME',
    });
  });
});
