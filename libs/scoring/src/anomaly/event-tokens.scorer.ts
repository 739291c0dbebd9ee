/** A user's norm of tokens per request: median and robust σ of log(1 + tokens). */
export type TokenNorm = { readonly logMedian: number; readonly logScale: number };

/**
 * Robust z-score of one request's tokens against the user's norm: how many σ above (or below) the
 * user's usual request size it is, on a log scale (10× the median with σ 0.5 gives z ≈ 4.6).
 * Undefined when the request reports no tokens: zero would read as an extreme low.
 */
export function tokenZScore(norm: TokenNorm, tokens: number): number | undefined {
  if (!(tokens > 0) || !(norm.logScale > 0)) return undefined;
  return (Math.log1p(tokens) - norm.logMedian) / norm.logScale;
}

function normKey(tenantId: string, appId: string, userId: string): string {
  return JSON.stringify([tenantId, appId, userId]);
}

/**
 * The norms ingest scores against, replaced wholesale on every refresh and bounded: beyond `maxEntries`
 * users the rest go unscored (their rows get no score) rather than growing the heap of every ingest
 * process with the tenant's user count.
 */
export class TokenNormIndex {
  private norms = new Map<string, TokenNorm>();

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
  }

  get size(): number {
    return this.norms.size;
  }

  replace(entries: Iterable<{ tenantId: string; appId: string; userId: string; norm: TokenNorm }>): void {
    const next = new Map<string, TokenNorm>();
    for (const entry of entries) {
      if (next.size >= this.maxEntries) break;
      next.set(normKey(entry.tenantId, entry.appId, entry.userId), entry.norm);
    }
    this.norms = next;
  }

  get(tenantId: string, appId: string, userId: string): TokenNorm | undefined {
    return this.norms.get(normKey(tenantId, appId, userId));
  }
}
