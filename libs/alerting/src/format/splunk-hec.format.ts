import { type RenderableAlert, epochMs, occurrencesOf } from './alert-view';

export type SplunkHecFormatOptions = {
  host: string;
  source: string;
  sourcetype: string;
  /** Unset: the index the HEC token defaults to. */
  index?: string;
};

export type SplunkHecEnvelope = {
  /** Epoch seconds, milliseconds as the fraction (HEC's `time`). */
  time: number;
  host: string;
  source: string;
  sourcetype: string;
  index?: string;
  /** Indexed fields, searchable without extracting the event (`tenant_id::acme`). */
  fields: Record<string, string>;
  event: RenderableAlert & { occurrences: number };
};

/** One HEC event envelope for `/services/collector/event`; the event is the alert as stored. */
export function toSplunkHecEnvelope(
  alert: RenderableAlert,
  options: SplunkHecFormatOptions,
): SplunkHecEnvelope {
  return {
    time: epochMs(alert.created_at) / 1000,
    host: options.host,
    source: options.source,
    sourcetype: options.sourcetype,
    ...(options.index !== undefined ? { index: options.index } : {}),
    fields: {
      tenant_id: alert.tenant_id,
      app_id: alert.app_id,
      severity: alert.severity,
      category: alert.category,
    },
    event: { ...alert, occurrences: occurrencesOf(alert) },
  };
}

/** HEC takes several envelopes in one request body, simply concatenated (no separator needed). */
export function toSplunkHecBatch(
  alerts: readonly RenderableAlert[],
  options: SplunkHecFormatOptions,
): string {
  return alerts.map((alert) => JSON.stringify(toSplunkHecEnvelope(alert, options))).join('\n');
}
