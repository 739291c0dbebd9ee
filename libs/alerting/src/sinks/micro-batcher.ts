export type MicroBatcherOptions = {
  /** Items sent in one request at most. */
  maxItems: number;
  /** How long the first item of a batch waits for company. */
  maxWaitMs: number;
};

/**
 * Collects items handed in one at a time into batches (by count or after a short wait) and settles each
 * item's promise with its own outcome from the batch call: `send` returns, per item and in order, the
 * error that item failed with or undefined when it was accepted. A thrown error fails the whole batch.
 * This keeps per-alert delivery semantics (retries, DLQ) while the receiver sees bulk requests.
 */
export class MicroBatcher<T> {
  private pending: { item: T; resolve: () => void; reject: (error: unknown) => void }[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly options: MicroBatcherOptions,
    private readonly send: (items: T[]) => Promise<(Error | undefined)[]>,
  ) {}

  submit(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      if (this.pending.length >= this.options.maxItems) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
    });
  }

  /** Sends what is waiting now and resolves once every batch sent so far has settled (for close). */
  async drain(): Promise<void> {
    this.flush();
    await Promise.allSettled([...this.inFlight]);
  }

  /** Sends what is waiting now. */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending.splice(0, this.pending.length);
    if (batch.length === 0) return;
    const sending = this.send(batch.map((entry) => entry.item)).then(
      (outcomes) =>
        batch.forEach((entry, index) => {
          if (outcomes.length !== batch.length)
            return entry.reject(
              new Error(`batch send returned ${outcomes.length} outcomes for ${batch.length} items`),
            );
          const error = outcomes[index];
          if (error === undefined) entry.resolve();
          else entry.reject(error);
        }),
      (error: unknown) => batch.forEach((entry) => entry.reject(error)),
    );
    this.inFlight.add(sending);
    void sending.finally(() => this.inFlight.delete(sending));
  }
}
