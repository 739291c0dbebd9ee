import { type ArgusProcess } from '@argus/testing';
import { sleep } from './stats';

type VisibleRow = { p: number; o: string; id: string; ing: string };

/** Rows one poll may return; the rest come with the next poll. */
const POLL_LIMIT = 5000;

/**
 * Polls which rows of `events` have become visible, through Argus's query API. Within a partition, ingest
 * stores batch n+1 only after batch n is stored, so rows become visible in offset order: asking for
 * offsets past the last one seen per partition returns exactly the new rows, and each poll stays small.
 */
export class VisibilityPoller {
  /** Per poll that returned rows: end of this poll − start of the previous one (how late a row may be seen). */
  readonly resolutions: number[] = [];
  private readonly lastOffset: bigint[];
  private running = true;

  constructor(
    private readonly argus: ArgusProcess,
    partitions: number,
    private readonly intervalMs: number,
    private readonly onVisible: (eventId: string, ingestedAtMs: number, at: number) => void,
  ) {
    this.lastOffset = Array.from({ length: partitions }, () => -1n);
  }

  stop(): void {
    this.running = false;
  }

  async run(): Promise<void> {
    let previousStart = Date.now();
    while (this.running) {
      const start = Date.now();
      const newer = this.lastOffset.map(
        (offset, partition) => `(kafka_partition = ${partition} AND kafka_offset > ${offset})`,
      );
      try {
        const rows = await this.argus.query<VisibleRow>(
          `SELECT kafka_partition AS p, kafka_offset AS o, event_id AS id, toUnixTimestamp64Milli(ingested_at) AS ing
           FROM events WHERE ${newer.join(' OR ')} ORDER BY kafka_partition, kafka_offset LIMIT ${POLL_LIMIT}`,
        );
        const at = Date.now();
        for (const row of rows) {
          this.onVisible(row.id, Number(row.ing), at);
          const offset = BigInt(row.o);
          if (offset > this.lastOffset[row.p]) this.lastOffset[row.p] = offset;
        }
        if (rows.length > 0) this.resolutions.push(at - previousStart);
      } catch {
        // A failed poll only widens the next one's window.
      }
      previousStart = start;
      const wait = this.intervalMs - (Date.now() - start);
      if (wait > 0) await sleep(wait);
    }
  }
}
