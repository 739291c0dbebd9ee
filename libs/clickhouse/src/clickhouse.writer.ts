import {
  ClickHouseStorageError,
  NonRetryableClickHouseStorageError,
  describeError,
} from './clickhouse.errors';
import { classifyClickHouseError } from './clickhouse-error.classifier';

/** The part of ClickHouseClient the writer uses; a test can wrap a real client to inject failures. */
export type ClickHouseInsertClient = {
  insert(params: { table: string; values: readonly unknown[]; format: 'JSONEachRow' }): Promise<unknown>;
};

/** Reported once per insert request that ended, successful or not (a split batch reports each half). */
export type WriterFlushInfo = {
  table: string;
  rows: number;
  durationMs: number;
  attempts: number;
  ok: boolean;
  error?: ClickHouseStorageError;
};

export type BatchingWriterOptions<Row> = {
  client: ClickHouseInsertClient;
  /** Table name, optionally `database.table`. */
  table: string;
  /** Rows per insert; reaching it starts a flush. Default 1000. */
  maxRows?: number;
  /** Estimated JSON bytes per insert; a batch is cut before it would exceed this. Default 8 MiB. */
  maxBatchBytes?: number;
  /** Longest time a row waits in the buffer. Default 1000 ms. */
  flushIntervalMs?: number;
  /** Insert attempts per batch for transient errors, first one included. Default 5. */
  maxAttempts?: number;
  /** First retry delay; doubles per attempt, with jitter, up to maxBackoffMs. Default 100 ms. */
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  onFlush?: (info: WriterFlushInfo) => void;
  /** Size of a row as sent; defaults to the length of its JSON. */
  estimateRowBytes?: (row: Row) => number;
};

type Outcome = { ok: true } | { ok: false; error: ClickHouseStorageError };

type Batch<Row> = {
  rows: Row[];
  bytes: number;
  done: Promise<Outcome>;
  settle: (outcome: Outcome) => void;
  /** A caller of flush() or write() has been handed this batch's failure. */
  reported: boolean;
  /** Holds rows given to add(), whose producers learn of a failure only through flush(). */
  hasAddedRows: boolean;
};

const DEFAULTS = {
  maxRows: 1000,
  maxBatchBytes: 8 * 1024 * 1024,
  flushIntervalMs: 1000,
  maxAttempts: 5,
  initialBackoffMs: 100,
  maxBackoffMs: 10_000,
};

/**
 * Buffers rows for one table and inserts them in batches (JSONEachRow), cut by row count, estimated
 * bytes or age. Inserts run one at a time, in order. Transient failures are retried with exponential
 * backoff and jitter; a batch ClickHouse finds too large is split in halves; anything else fails at once.
 *
 * No failure is swallowed: flush() rejects if any batch it waited for failed, or if a batch failed in the
 * background since a caller was last told. With several producers sharing one writer (partitions
 * consumed concurrently), each should use write(), which settles with the outcome of exactly its rows.
 */
export class BatchingWriter<Row> {
  readonly table: string;
  private readonly client: ClickHouseInsertClient;
  private readonly settings: typeof DEFAULTS;
  private readonly onFlush?: (info: WriterFlushInfo) => void;
  private readonly estimateRowBytes: (row: Row) => number;
  private open: Batch<Row>;
  private readonly inFlight = new Set<Batch<Row>>();
  private readonly unreportedFailures = new Set<Batch<Row>>();
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private closing: Promise<void> | undefined;

  constructor(options: BatchingWriterOptions<Row>) {
    this.client = options.client;
    this.table = options.table;
    this.onFlush = options.onFlush;
    this.estimateRowBytes = options.estimateRowBytes ?? ((row) => Buffer.byteLength(JSON.stringify(row)));
    this.settings = { ...DEFAULTS };
    for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
      const value = options[key];
      if (value === undefined) {
        continue;
      }
      if (!Number.isFinite(value) || value < (key === 'initialBackoffMs' || key === 'maxBackoffMs' ? 0 : 1)) {
        throw new NonRetryableClickHouseStorageError(
          'CLICKHOUSE_INVALID_OPTIONS',
          `Writer option ${key} for ${options.table} must be a positive number, got ${value}`,
        );
      }
      this.settings[key] = value;
    }
    this.open = this.newBatch();
  }

  /** Rows waiting in the buffer, not yet handed to an insert. */
  get bufferedRows(): number {
    return this.open.rows.length;
  }

  /** Rows buffered or being inserted: what a caller can watch to apply backpressure. */
  get pendingRows(): number {
    let rows = this.open.rows.length;
    for (const batch of this.inFlight) {
      rows += batch.rows.length;
    }
    return rows;
  }

  /** Buffers rows; they are written when a batch fills up, the interval elapses, or flush() is called. */
  add(rows: readonly Row[]): void {
    for (const batch of this.enqueue(rows)) {
      batch.hasAddedRows = true;
    }
  }

  /** Buffers rows, flushes, and settles when exactly these rows are stored (or rejects if they are not). */
  async write(rows: readonly Row[]): Promise<void> {
    const batches = this.enqueue(rows);
    this.cut();
    const outcomes = await Promise.all([...batches].map((batch) => batch.done));
    const failed = [...batches].filter((_, index) => !outcomes[index].ok);
    // A batch that also carries add() rows stays reportable: flush() is how their producer learns.
    for (const batch of failed.filter((candidate) => !candidate.hasAddedRows)) {
      batch.reported = true;
      this.unreportedFailures.delete(batch);
    }
    const failure = outcomes.find((outcome) => !outcome.ok);
    if (failure !== undefined && !failure.ok) {
      throw failure.error;
    }
  }

  /**
   * Writes everything buffered so far and waits for every insert in progress. Rejects with the first
   * failure among those, or among background failures nobody was told about yet.
   */
  async flush(): Promise<void> {
    this.cut();
    const awaited = [...this.inFlight, ...this.unreportedFailures];
    const outcomes = await Promise.all(awaited.map((batch) => batch.done));
    let firstError: ClickHouseStorageError | undefined;
    awaited.forEach((batch, index) => {
      const outcome = outcomes[index];
      if (!outcome.ok) {
        batch.reported = true;
        this.unreportedFailures.delete(batch);
        firstError ??= outcome.error;
      }
    });
    if (firstError !== undefined) {
      throw firstError;
    }
  }

  /** Stops the timer, writes what is buffered and rejects if that fails. Later add() calls throw. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.clearTimer();
      await this.flush();
    })();
    return this.closing;
  }

  private enqueue(rows: readonly Row[]): Set<Batch<Row>> {
    if (this.closing !== undefined) {
      throw new NonRetryableClickHouseStorageError('WRITER_CLOSED', `The ${this.table} writer is closed`, {
        table: this.table,
        rows: rows.length,
      });
    }
    const touched = new Set<Batch<Row>>();
    for (const row of rows) {
      const bytes = this.estimateRowBytes(row);
      if (this.open.rows.length > 0 && this.open.bytes + bytes > this.settings.maxBatchBytes) {
        this.cut();
      }
      this.open.rows.push(row);
      this.open.bytes += bytes;
      touched.add(this.open);
      if (this.open.rows.length >= this.settings.maxRows) {
        this.cut();
      }
    }
    if (this.open.rows.length > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => this.cut(), this.settings.flushIntervalMs);
      // An idle buffer must not keep the process alive; shutdown flushes it through close().
      this.timer.unref();
    }
    return touched;
  }

  /** Hands the open batch to the insert chain. */
  private cut(): void {
    this.clearTimer();
    if (this.open.rows.length === 0) {
      return;
    }
    const batch = this.open;
    this.open = this.newBatch();
    this.inFlight.add(batch);
    this.chain = this.chain.then(() => this.writeBatch(batch));
  }

  private clearTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  private newBatch(): Batch<Row> {
    let settle: (outcome: Outcome) => void = () => undefined;
    const done = new Promise<Outcome>((resolve) => {
      settle = resolve;
    });
    return { rows: [], bytes: 0, done, settle, reported: false, hasAddedRows: false };
  }

  /** Never rejects: the outcome goes to the batch, so the chain keeps going after a failure. */
  private async writeBatch(batch: Batch<Row>): Promise<void> {
    let outcome: Outcome;
    try {
      await this.insertSplittingIfTooLarge(batch.rows);
      outcome = { ok: true };
    } catch (error) {
      outcome = { ok: false, error: this.toWriteError(error, batch.rows.length) };
    }
    this.inFlight.delete(batch);
    if (!outcome.ok && !batch.reported) {
      this.unreportedFailures.add(batch);
    }
    batch.settle(outcome);
  }

  private async insertSplittingIfTooLarge(rows: Row[]): Promise<void> {
    const started = performance.now();
    let attempts = 0;
    for (;;) {
      attempts += 1;
      try {
        await this.client.insert({ table: this.table, values: rows, format: 'JSONEachRow' });
        this.report({ rows: rows.length, durationMs: performance.now() - started, attempts, ok: true });
        return;
      } catch (error) {
        const kind = classifyClickHouseError(error);
        if (kind === 'too_large' && rows.length > 1) {
          // Halves in order, the second only once the first is stored: a failure leaves a clean prefix.
          const middle = Math.ceil(rows.length / 2);
          await this.insertSplittingIfTooLarge(rows.slice(0, middle));
          await this.insertSplittingIfTooLarge(rows.slice(middle));
          return;
        }
        if (kind === 'transient' && attempts < this.settings.maxAttempts) {
          await sleep(this.backoffMs(attempts));
          continue;
        }
        const failure = this.toWriteError(error, rows.length, attempts, kind);
        this.report({
          rows: rows.length,
          durationMs: performance.now() - started,
          attempts,
          ok: false,
          error: failure,
        });
        throw failure;
      }
    }
  }

  private toWriteError(
    error: unknown,
    rows: number,
    attempts?: number,
    kind = classifyClickHouseError(error),
  ): ClickHouseStorageError {
    if (error instanceof ClickHouseStorageError) {
      return error;
    }
    const context = { cause: error, table: this.table, rows, attempts };
    switch (kind) {
      case 'transient':
        return new ClickHouseStorageError(
          'WRITE_FAILED',
          `Insert of ${rows} rows into ${this.table} failed after ${attempts ?? 1} attempts: ${describeError(error)}`,
          context,
        );
      case 'too_large':
        return new NonRetryableClickHouseStorageError(
          'ROW_TOO_LARGE',
          `A single row is too large for ${this.table}: ${describeError(error)}`,
          context,
        );
      case 'permanent':
        return new NonRetryableClickHouseStorageError(
          'WRITE_REJECTED',
          `ClickHouse rejected ${rows} rows for ${this.table}: ${describeError(error)}`,
          context,
        );
    }
  }

  private backoffMs(attempt: number): number {
    const ceiling = Math.min(this.settings.maxBackoffMs, this.settings.initialBackoffMs * 2 ** (attempt - 1));
    // Equal jitter: at least half the delay, so writers that failed together do not retry together.
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  private report(info: Omit<WriterFlushInfo, 'table'>): void {
    if (this.onFlush === undefined) {
      return;
    }
    try {
      this.onFlush({ table: this.table, ...info });
    } catch {
      // A broken metrics hook must not turn a stored batch into a failed one.
    }
  }
}

function sleep(ms: number): Promise<void> {
  // Not unref'd: during shutdown the pending retry is what keeps the process up until the data is stored.
  return new Promise((resolve) => setTimeout(resolve, ms));
}
