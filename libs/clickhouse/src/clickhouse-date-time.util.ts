import { NonRetryableClickHouseStorageError } from './clickhouse.errors';

/** A DateTime64(3, 'UTC') value as written to and read from ClickHouse: 'YYYY-MM-DD HH:MM:SS.mmm'. */
export type ClickHouseDateTime = string;

// DateTime64 covers 1900-01-01 .. 2299-12-31; outside it ClickHouse saturates silently, which would
// store a wrong time instead of failing.
const MIN_MS = Date.UTC(1900, 0, 1);
const MAX_MS = Date.UTC(2299, 11, 31, 23, 59, 59, 999);

// A date-time without an offset. `new Date()` would read it as local time; ClickHouse columns are UTC.
const WITHOUT_OFFSET = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/;

/**
 * Formats a Date, an RFC 3339 string or epoch milliseconds for a DateTime64(3, 'UTC') column.
 * The plain 'YYYY-MM-DD HH:MM:SS.mmm' form parses on every server version and on chdb with the default
 * `date_time_input_format = 'basic'`; strings without an offset are taken as UTC.
 */
export function toClickHouseDateTime(value: Date | string | number): ClickHouseDateTime {
  let date: Date;
  if (value instanceof Date) {
    date = value;
  } else if (typeof value === 'string') {
    const withoutOffset = WITHOUT_OFFSET.exec(value.trim());
    date = new Date(withoutOffset ? `${withoutOffset[1]}T${withoutOffset[2]}Z` : value.trim());
  } else {
    date = new Date(value);
  }
  const ms = date.getTime();
  if (Number.isNaN(ms)) {
    throw new NonRetryableClickHouseStorageError(
      'INVALID_DATE_TIME',
      `Not a date-time: ${JSON.stringify(String(value).slice(0, 64))}`,
    );
  }
  if (ms < MIN_MS || ms > MAX_MS) {
    throw new NonRetryableClickHouseStorageError(
      'INVALID_DATE_TIME',
      `Date-time ${date.toISOString()} is outside the DateTime64 range 1900-01-01 .. 2299-12-31`,
    );
  }
  // toISOString() is always 'YYYY-MM-DDTHH:MM:SS.mmmZ' inside that range.
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** Reads a DateTime64(3, 'UTC') value returned by ClickHouse (JSON formats give 'YYYY-MM-DD HH:MM:SS.mmm'). */
export function parseClickHouseDateTime(value: ClickHouseDateTime): Date {
  const date = new Date(`${value.trim().replace(' ', 'T')}Z`);
  if (Number.isNaN(date.getTime())) {
    throw new NonRetryableClickHouseStorageError(
      'INVALID_DATE_TIME',
      `Not a ClickHouse date-time: ${JSON.stringify(value.slice(0, 64))}`,
    );
  }
  return date;
}
