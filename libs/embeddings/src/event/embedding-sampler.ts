import { createHash } from 'node:crypto';

export type EmbeddingSamplingConfig = {
  /** Share of events embedded, 0..1 (default 1). */
  readonly rate?: number;
  /** Per-app overrides of `rate`, by `app_id`. */
  readonly appRates?: Readonly<Record<string, number>>;
};

/** Decides which events get embeddings. */
export type EmbeddingSampler = (appId: string, eventId: string) => boolean;

function checkRate(rate: number, name: string): number {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`${name} must be between 0 and 1, got ${rate}`);
  return rate;
}

/**
 * Samples by a hash of the event id, not by chance: a replay of the same events, or a second ingest
 * replica after a rebalance, embeds exactly the same ones, so windows recomputed from ClickHouse agree.
 * An event is kept when the first 32 bits of SHA-256(event_id), read as a fraction, fall below the
 * app's rate, so raising the rate keeps every event sampled before and adds more.
 */
export function createEmbeddingSampler(config: EmbeddingSamplingConfig = {}): EmbeddingSampler {
  const rate = checkRate(config.rate ?? 1, 'rate');
  const appRates = new Map(
    Object.entries(config.appRates ?? {}).map(([app, appRate]) => [
      app,
      checkRate(appRate, `rate of app ${app}`),
    ]),
  );
  return (appId, eventId) => {
    const appRate = appRates.get(appId) ?? rate;
    if (appRate >= 1) return true;
    if (appRate <= 0) return false;
    return createHash('sha256').update(eventId).digest().readUInt32BE(0) / 2 ** 32 < appRate;
  };
}

/** Parses `app-a=0.1,app-b=0.5` (the EMBEDDINGS_APP_SAMPLE_RATES form); throws naming the bad entry. */
export function parseAppSampleRates(value: string): Record<string, number> {
  const rates: Record<string, number> = {};
  const entries = value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const separator = entry.lastIndexOf('=');
    const app = entry.slice(0, separator).trim();
    const rateText = entry.slice(separator + 1).trim();
    const rate = Number(rateText);
    if (separator <= 0 || app === '' || rateText === '' || !(rate >= 0 && rate <= 1)) {
      throw new RangeError(`"${entry}" is not app=rate with a rate between 0 and 1`);
    }
    rates[app] = rate;
  }
  return rates;
}
