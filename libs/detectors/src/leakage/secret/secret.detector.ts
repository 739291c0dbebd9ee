import { createHash } from 'node:crypto';
import { type Detector, type DetectorContext, type DetectorHit, type TextSegment } from '../../detector';
import { evidenceWindow, hideSensitiveContext, maskToken } from '../../redaction';
import { directionOf, shiftSeverity } from '../leakage-direction';
import { type RemainderKind, unexaminedRemainder } from '../unexamined-remainder';
import { KeywordIndex } from './keyword.index';
import { isPlaceholder, isTypedValue } from './placeholder.allowlist';
import { shannonEntropy, type SecretRule } from './secret.rule';
import { SECRET_RULES } from './secret.rules';

export const SECRET_DETECTOR_ID = 'secret';

/** Longer segments are scanned this far (a part's hard limit is 256 KiB; this bounds the worst case). */
const MAX_SCAN_CHARACTERS = 262_144;
/** At most this many hits per segment: a dump of thousands of keys is one incident, not thousands. */
const MAX_HITS_PER_SEGMENT = 50;
/** Candidates collected per segment before scanning stops (overlaps are resolved among them). */
const MAX_CANDIDATES = MAX_HITS_PER_SEGMENT * 4;

/**
 * Credentials (OWASP LLM02, ATLAS AML.T0055) in any text of the event: ≥ 100 provider formats, private
 * keys, JWTs, connection strings and generic secret assignments. A keyword prefilter picks the rules to
 * run; documentation examples and placeholders are not reported. Severity follows direction: the model
 * disclosing a key (output, tool call) is high, a user pasting one is medium; provider keys that grant
 * broad access go one step up, test-mode keys one down.
 */
export function createSecretDetector(rules: readonly SecretRule[] = SECRET_RULES): Detector {
  const index = new KeywordIndex(rules.flatMap((rule) => rule.keywords));
  const order = new Map(rules.map((rule, position) => [rule, position]));
  const rulesByKeyword = new Map<string, SecretRule[]>();
  for (const rule of rules) {
    for (const keyword of rule.keywords) {
      const list = rulesByKeyword.get(keyword) ?? [];
      list.push(rule);
      rulesByKeyword.set(keyword, list);
    }
  }
  return {
    id: SECRET_DETECTOR_ID,
    version: '1.1.0',
    // Its findings drive redaction before storage, and the history is stored again with every turn.
    scansHistory: true,
    description: `Credentials of ${rules.length} formats (cloud, VCS, payment, chat, LLM providers, keys, JWTs, URLs).`,
    detectSegment(segment: TextSegment, context: DetectorContext): DetectorHit[] {
      const text =
        segment.text.length > MAX_SCAN_CHARACTERS ? segment.text.slice(0, MAX_SCAN_CHARACTERS) : segment.text;
      const keywords = index.find(text.toLowerCase());
      if (keywords.size === 0) return [];
      const candidates = new Set<SecretRule>();
      for (const keyword of keywords)
        for (const rule of rulesByKeyword.get(keyword) ?? []) candidates.add(rule);
      // Rule order is priority order (providers before generic rules), whatever order keywords were found in.
      const ordered = [...candidates].sort((left, right) => (order.get(left) ?? 0) - (order.get(right) ?? 0));
      return scan(text, segment, ordered, context);
    },
  };
}

type Candidate = { rule: SecretRule; start: number; end: number; value: string };

function scan(
  text: string,
  segment: TextSegment,
  rules: readonly SecretRule[],
  context: DetectorContext,
): DetectorHit[] {
  const found: Candidate[] = [];
  // Where a rule stopped scanning because the candidate cap was reached (a dump of keys).
  let unscannedFrom = segment.text.length > MAX_SCAN_CHARACTERS ? MAX_SCAN_CHARACTERS : Infinity;
  for (const rule of rules) {
    rule.pattern.lastIndex = 0;
    for (let match = rule.pattern.exec(text); match !== null; match = rule.pattern.exec(text)) {
      if (match[0].length === 0) rule.pattern.lastIndex++;
      if (rule.nameStart !== undefined && !rule.nameStart(text, match.index)) {
        rule.pattern.lastIndex = match.index + 1;
        continue;
      }
      const value = match[1] ?? match[0];
      const start = match.index + (match[1] !== undefined ? match[0].indexOf(value) : 0);
      if (!accepts(rule, value, match) || besideMask(text, start, start + value.length)) continue;
      found.push({ rule, start, end: start + value.length, value });
      if (found.length > MAX_CANDIDATES) {
        unscannedFrom = Math.min(unscannedFrom, start + value.length);
        break;
      }
    }
  }
  // Provider rules come before generic ones, so on overlap the more specific rule wins.
  const kept: Candidate[] = [];
  for (const candidate of found) {
    if (kept.some((other) => candidate.start < other.end && other.start < candidate.end)) continue;
    kept.push(candidate);
  }
  kept.sort((left, right) => left.start - right.start);
  const reported = kept.slice(0, MAX_HITS_PER_SEGMENT);
  if (kept.length > MAX_HITS_PER_SEGMENT)
    unscannedFrom = Math.min(unscannedFrom, reported[MAX_HITS_PER_SEGMENT - 1].end);
  const hits = reported.map((candidate) => toHit(text, segment, candidate, kept, context));
  // Fail closed (see unexaminedRemainder): past what was examined or reported, mask the rest.
  if (unscannedFrom < segment.text.length)
    hits.push(unexaminedRemainder(REMAINDER, segment, unscannedFrom, kept.length));
  return hits;
}

/** Entity (and redaction label `SECRET:bulk`) of the unexamined remainder of a text full of credentials. */
export const SECRET_BULK_ENTITY = 'bulk';

const REMAINDER: RemainderKind = {
  detector: SECRET_DETECTOR_ID,
  category: 'secret',
  entity: SECRET_BULK_ENTITY,
  label: `SECRET:${SECRET_BULK_ENTITY}`,
  noun: 'credentials',
  maxReported: MAX_HITS_PER_SEGMENT,
  maxScanCharacters: MAX_SCAN_CHARACTERS,
};

function accepts(rule: SecretRule, value: string, match: RegExpExecArray): boolean {
  if (rule.checkPlaceholders !== false) {
    if (isPlaceholder(rule.placeholderScope === 'value' ? value : match[0])) return false;
    if (isTypedValue(value)) return false;
  }
  if (rule.minEntropy !== undefined && shannonEntropy(value) < rule.minEntropy) return false;
  if (rule.validate !== undefined && !rule.validate(value, match)) return false;
  return true;
}

/** A value that runs into a masking run (`ABCD-****-…`, `••••`) was shown partly masked: not a leak. */
function besideMask(text: string, start: number, end: number): boolean {
  return MASK_RUN.test(text.slice(end, end + 3)) || MASK_RUN.test(text.slice(Math.max(0, start - 3), start));
}

const MASK_RUN = /^(?:\*{3}|•{3})$/;

function toHit(
  text: string,
  segment: TextSegment,
  candidate: Candidate,
  all: readonly Candidate[],
  context: DetectorContext,
): DetectorHit {
  const { rule, start, end, value } = candidate;
  const direction = directionOf(segment.location.field);
  const generic = rule.id.startsWith('generic-');
  const severity = shiftSeverity(direction.severity, rule.severityShift ?? 0);
  const fingerprint = createHash('sha256').update(value).digest('hex').slice(0, 12);
  const masked = maskToken(value, Math.min(4, Math.floor(value.length / 4)));
  const app = `${context.policy.tenant_id}/${context.policy.app_id}`;
  return {
    rule_id: `${SECRET_DETECTOR_ID}.${rule.id}`,
    category: 'secret',
    severity,
    score: Math.min(1, direction.score + (rule.severityShift ?? 0) * 0.05),
    confidence: generic ? 0.6 : 0.9,
    location: { ...segment.location, start, end },
    entity: rule.id,
    evidence: redactedSnippet(text, candidate, all, `[${rule.id}:${masked}]`),
    message: `${rule.description} (${masked}, fingerprint ${fingerprint}) in ${direction.where} of ${app}.`,
    attributes: { fingerprint, length: value.length },
  };
}

/**
 * A short context around the secret with every other secret found in range replaced by its rule id and
 * any long token in the context hidden, so no part of a credential reaches the evidence.
 */
function redactedSnippet(
  text: string,
  candidate: Candidate,
  all: readonly Candidate[],
  replacement: string,
): string {
  const { from, to } = evidenceWindow(text, candidate.start, candidate.end, 16);
  let snippet = '';
  let position = from;
  for (const other of [...all].sort((left, right) => left.start - right.start)) {
    if (other.end <= from || other.start >= to) continue;
    snippet += hideTokens(text.slice(position, Math.max(position, other.start)));
    snippet += other === candidate ? replacement : `[${other.rule.id}]`;
    position = Math.max(position, other.end);
  }
  snippet += hideTokens(text.slice(position, to));
  return `${from > 0 ? '…' : ''}${snippet.replace(/\s+/g, ' ')}${to < text.length ? '…' : ''}`;
}

/** Context may hold values no rule matched (a card, a key of an unknown format): hidden by shape. */
function hideTokens(context: string): string {
  return hideSensitiveContext(context).replace(/[A-Za-z0-9+/=_.-]{12,}/g, '[…]');
}
