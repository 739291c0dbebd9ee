import { createHmac } from 'node:crypto';
import { type Finding, type TelemetryEvent } from '@argus/contracts';
import { type DetectionPolicy, type StorageAction, type StoragePolicy } from '@argus/detectors';
import { type EventSlot, eventSlots, locationKey } from './event-slots';
import { resolveStoragePolicy, storagePolicyUsesHmac } from './storage-policy.resolver';
import { type RedactionSpan, type Replacer, mergeSpans, occurrenceSpans } from './text-spans';

export type StorageRedactorDeps = {
  policy: DetectionPolicy;
  /** Key of the `hmac` action (ARGUS_REDACTION_HMAC_KEY); required when the policy uses it. */
  hmacKey?: string;
};

export type RedactedForStorage = {
  /** The event to store: the original object when nothing had to change, otherwise a rewritten copy. */
  event: TelemetryEvent;
  findings: Finding[];
  /** Findings whose evidence, message or attributes carried a detected value and were rewritten. */
  guardedFindings: number;
};

export class RedactionKeyMissingError extends Error {
  readonly code = 'redaction_key_missing';
  constructor() {
    super('the detection policy stores a field as hmac, which needs ARGUS_REDACTION_HMAC_KEY');
    this.name = 'RedactionKeyMissingError';
  }
}

/** Values this short are not propagated to other texts (they would match ordinary text). */
const MIN_PROPAGATED_LENGTH = 6;
const MAX_CACHED_APPS = 10_000;
/** Entities whose formatting varies (spaces, dashes): the digest is over the bare value, so equal values correlate. */
const SEPARATED_ENTITIES = new Set(['CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'UK_NINO', 'PHONE_NUMBER']);

/**
 * Redaction before storage. Spans come from the findings of the event: pii and secret findings and
 * canary tokens (system prompt markers are secrets too). Each field is kept, masked, replaced by a keyed
 * digest or dropped as the app's storage policy says; a value found in one text is also replaced
 * wherever else it occurs in the event (a detector reports a canary once per text, and pii is not
 * scanned in every field). Findings get a guard: their evidence is redacted by detectors, and anything
 * that still carries a detected value is rewritten, whatever the field's action.
 */
export class StorageRedactor {
  private readonly policies = new Map<string, StoragePolicy>();
  private readonly hmacKey: string | undefined;

  constructor(private readonly deps: StorageRedactorDeps) {
    if (storagePolicyUsesHmac(deps.policy) && !deps.hmacKey) throw new RedactionKeyMissingError();
    this.hmacKey = deps.hmacKey;
  }

  storagePolicy(tenantId: string, appId: string): StoragePolicy {
    const key = `${tenantId}\u0000${appId}`;
    let policy = this.policies.get(key);
    if (policy === undefined) {
      policy = resolveStoragePolicy(this.deps.policy, tenantId, appId);
      if (this.policies.size >= MAX_CACHED_APPS) this.policies.clear();
      this.policies.set(key, policy);
    }
    return policy;
  }

  /**
   * `historyFindings`: unreported findings in the conversation history (see `DetectionResult`); their
   * spans are masked like the others, and they are not returned.
   */
  redact(
    event: TelemetryEvent,
    findings: readonly Finding[],
    historyFindings: readonly Finding[] = [],
  ): RedactedForStorage {
    const policy = this.storagePolicy(event.tenant_id, event.app_id);
    const spansByKey = sensitiveSpans(
      historyFindings.length > 0 ? [...findings, ...historyFindings] : findings,
    );
    const anyDrop = Object.values(policy).includes('drop');
    // The hot path: most events have no PII or secret and nothing to drop.
    if (spansByKey.size === 0 && !anyDrop) return { event, findings: [...findings], guardedFindings: 0 };

    const { copy, slots } = eventSlots(event);
    const known = knownValues(slots, spansByKey);
    for (const slot of slots) {
      const action = policy[slot.field];
      if (action === 'keep') continue;
      if (action === 'drop') {
        slot.drop();
        continue;
      }
      const text = slot.text();
      if (text === undefined || text.length === 0) continue;
      const spans = [...(spansByKey.get(slot.key) ?? [])];
      for (const [value, label] of known) {
        if (value.length >= MIN_PROPAGATED_LENGTH && text.includes(value))
          spans.push(...occurrenceSpans(text, value, label));
      }
      if (spans.length === 0) continue;
      slot.redact(mergeSpans(spans, text.length), this.replacer(action));
    }
    const guarded = guardFindings(findings, known);
    return { event: copy, findings: guarded.findings, guardedFindings: guarded.count };
  }

  private replacer(action: Exclude<StorageAction, 'keep' | 'drop'>): Replacer {
    if (action === 'mask') return maskReplacer;
    const key = this.hmacKey!;
    return (label, value) => {
      const entity = label.startsWith('SECRET:') ? '' : label;
      const normalised = SEPARATED_ENTITIES.has(entity)
        ? value.replace(/[\s\-().]/g, '').toUpperCase()
        : entity === 'EMAIL_ADDRESS'
          ? value.toLowerCase()
          : value;
      const digest = createHmac('sha256', key).update(normalised).digest('hex').slice(0, 12);
      return `[${label}:hmac:${digest}]`;
    };
  }
}

const maskReplacer: Replacer = (label) => `[${label}]`;

/** What a finding's span is stored as, or undefined for findings whose text is not redacted. */
export function redactionLabel(finding: Finding): string | undefined {
  if (finding.category === 'pii') return finding.entity ?? 'PII';
  if (finding.category === 'secret') return `SECRET:${finding.entity ?? finding.rule_id}`;
  if (finding.detector === 'canary') return 'SECRET:canary';
  return undefined;
}

function sensitiveSpans(findings: readonly Finding[]): Map<string, RedactionSpan[]> {
  const byKey = new Map<string, RedactionSpan[]>();
  for (const finding of findings) {
    const { start, end } = finding.location;
    if (start === undefined || end === undefined || end <= start) continue;
    const label = redactionLabel(finding);
    if (label === undefined) continue;
    const key = locationKey(finding.location);
    let spans = byKey.get(key);
    if (spans === undefined) byKey.set(key, (spans = []));
    spans.push({ start, end, label });
  }
  return byKey;
}

/** The raw values of every located span, longest first (so a value inside another is replaced after it). */
function knownValues(
  slots: readonly EventSlot[],
  spansByKey: Map<string, RedactionSpan[]>,
): Map<string, string> {
  const values: [string, string][] = [];
  if (spansByKey.size === 0) return new Map();
  for (const slot of slots) {
    const spans = spansByKey.get(slot.key);
    if (spans === undefined) continue;
    const text = slot.text();
    if (text === undefined) continue;
    for (const span of spans) {
      const value = text.slice(span.start, span.end);
      if (value.length > 0) values.push([value, span.label]);
    }
  }
  values.sort((left, right) => right[0].length - left[0].length);
  return new Map(values);
}

function guardFindings(
  findings: readonly Finding[],
  known: Map<string, string>,
): { findings: Finding[]; count: number } {
  if (known.size === 0) return { findings: [...findings], count: 0 };
  let count = 0;
  const guarded = findings.map((finding) => {
    const evidence = scrub(finding.evidence, known);
    const message = scrub(finding.message, known);
    const attributes =
      finding.attributes !== undefined && carries(JSON.stringify(finding.attributes), known)
        ? scrubAttributes(finding.attributes, known)
        : finding.attributes;
    if (evidence === finding.evidence && message === finding.message && attributes === finding.attributes)
      return finding;
    count++;
    return { ...finding, evidence, message, ...(attributes !== undefined ? { attributes } : {}) };
  });
  return { findings: guarded, count };
}

function carries(text: string, known: Map<string, string>): boolean {
  for (const value of known.keys()) if (text.includes(value)) return true;
  return false;
}

function scrub(text: string, known: Map<string, string>): string {
  let result = text;
  for (const [value, label] of known) {
    if (result.includes(value)) result = result.split(value).join(`[${label}]`);
  }
  return result;
}

function scrubAttributes(
  attributes: NonNullable<Finding['attributes']>,
  known: Map<string, string>,
): NonNullable<Finding['attributes']> {
  return Object.fromEntries(
    Object.entries(attributes).map(([key, value]) => [
      key,
      typeof value === 'string' ? scrub(value, known) : value,
    ]),
  );
}
