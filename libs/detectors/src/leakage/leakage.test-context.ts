import { type TelemetryEvent } from '@argus/contracts';
import { type DetectorContext, type SegmentField, type TextSegment } from '../detector';

/** A detector context for unit tests, with this detector's options. */
export function leakageContext(
  options: Record<string, unknown> = {},
  event: Partial<TelemetryEvent> = {},
): DetectorContext {
  return {
    event: { tenant_id: 'acme-bank', app_id: 'support-chat', ...event } as TelemetryEvent,
    policy: {
      tenant_id: 'acme-bank',
      app_id: 'support-chat',
      canaries: [],
      thresholds: { min_score: 0, min_severity: 'info' },
      detectors: {},
    },
    settings: { enabled: true, min_score: 0, min_severity: 'info', options },
  };
}

export function segmentOf(text: string, field: SegmentField = 'input'): TextSegment {
  return { text, location: { field, message: 0, part: 0 } };
}
