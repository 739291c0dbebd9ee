import { isIPv4, isIPv6 } from 'node:net';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import {
  base58CheckValid,
  bech32Valid,
  cardIssuer,
  eip55Checksum,
  ibanLength,
  ibanValid,
  luhnValid,
  ninoPrefixValid,
  ssnValid,
} from './pii.validators';

/** Presidio entity names this detector covers. PERSON and LOCATION need a model and are not covered. */
export const PII_ENTITIES = [
  'CREDIT_CARD',
  'IBAN_CODE',
  'US_SSN',
  'CRYPTO',
  'MAC_ADDRESS',
  'IP_ADDRESS',
  'EMAIL_ADDRESS',
  'UK_NINO',
  'PHONE_NUMBER',
  'DATE_TIME',
] as const;
export type PiiEntity = (typeof PII_ENTITIES)[number];

export const UNCOVERED_ENTITIES = ['PERSON', 'LOCATION'] as const;

export type PiiCandidate = {
  entity: PiiEntity;
  start: number;
  end: number;
  /** 0..1 after validation and context. */
  confidence: number;
  detail?: string;
};

export type RecognizerOptions = { readonly phoneRegions: readonly CountryCode[] };

/** Words that make the entity more likely when they appear shortly before it (Presidio-style context). */
const CONTEXT: Readonly<Record<PiiEntity, RegExp>> = {
  CREDIT_CARD: /card|visa|mastercard|amex|credit|debit|cc|pan|payment/,
  IBAN_CODE: /iban|account|bank|transfer|wire|beneficiary|sepa/,
  US_SSN: /ssn|social|security|tax|tin/,
  CRYPTO: /wallet|btc|bitcoin|eth|ether|crypto|address|send/,
  MAC_ADDRESS: /mac|hardware|device|ethernet|wifi|adapter/,
  IP_ADDRESS: /ip|address|host|server|login|client|from/,
  EMAIL_ADDRESS: /mail|contact|address|send|reach/,
  UK_NINO: /national insurance|nino|\bni\b|insurance number/,
  PHONE_NUMBER: /phone|call|\btel\b|tel[:.]|mobile|cell|fax|contact|reach|sms|whatsapp|ring/,
  DATE_TIME: /born|birth|dob|d\.o\.b|birthday/,
};

const CONTEXT_WINDOW = 48;

function hasContext(text: string, start: number, entity: PiiEntity): boolean {
  return CONTEXT[entity].test(text.slice(Math.max(0, start - CONTEXT_WINDOW), start).toLowerCase());
}

function boost(text: string, start: number, entity: PiiEntity, base: number, gain = 0.15): number {
  return Math.min(1, hasContext(text, start, entity) ? base + gain : base);
}

// Every repeat is bounded, so a hostile input costs at most a constant per position.
const CARD = /(?<![\w-])\d(?:[ -]?\d){11,18}(?![\w-])/g;
/**
 * Cards written in groups with other separators, the same one throughout: dots, slashes, underscores,
 * (narrow) no-break spaces, en/em dashes or runs of spaces (`4111.1111.1111.1111`, `3782–822463–10005`).
 */
const CARD_GROUPED =
  /(?<![\w.,/-])\d{4}([./_\u00a0\u202f\u2009\u2013\u2014]| {2,3})(?:\d{4}\1\d{4}\1\d{1,7}|\d{6}\1\d{4,5})(?![\w]|[.,/-]\d)/g;
const IBAN = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]){11,30}/g;
const SSN = /(?<![\d-])(\d{3})([- ]?)(\d{2})\2(\d{4})(?![\d-])/g;
const BTC_BASE58 = /(?<![A-Za-z0-9])[13][1-9A-HJ-NP-Za-km-z]{25,34}(?![A-Za-z0-9])/g;
const BTC_BECH32 = /(?<![A-Za-z0-9])(?:bc1|BC1)[02-9ac-hj-np-zAC-HJ-NP-Z]{11,71}(?![A-Za-z0-9])/g;
const ETHEREUM = /(?<![A-Za-z0-9])0x[0-9a-fA-F]{40}(?![A-Za-z0-9])/g;
const MAC = /(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}([:-])(?:[0-9A-Fa-f]{2}\1){4}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:-])/g;
const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d]|\.\d)/g;
const IPV6 = /(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?::(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/g;
const NINO =
  /(?<![A-Za-z0-9])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])/g;
/** An extension after the number: `x036`, ` ext. 12`, ` extension 4`. */
const PHONE =
  /(?<![\w+./-])\+?(?:\d|\(\d{1,4}\))(?:(?: ?[.-] ?| {1,2})?(?:\d|\(\d{1,4}\))){5,16}(?: ?(?:x|ext\.?|extension) ?\d{1,6})?(?!\w|[-.]\d)/gi;
const DATE =
  /(?<!\d)(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6},? \d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]{0,6} \d{1,2},? \d{4})(?!\d)/gi;
const LOCAL_PART = /[A-Za-z0-9._%+'-]/;
const DOMAIN_PART = /[A-Za-z0-9.-]/;
const EMAIL =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}$/;

/**
 * Candidates one recognizer keeps per text: the detector reports at most 50 values per segment, and a
 * text made of nothing but valid values (a hostile input, a dump) must not cost time per value beyond it.
 */
const MAX_CANDIDATES = 200;
/**
 * Number-plan lookups (one per region tried) per text: the costliest check here, so a text of thousands
 * of phone-like numbers stops being checked after this many (a few ms).
 */
const MAX_PHONE_LOOKUPS = 800;

/** Matches of `pattern` in order, until `out` holds MAX_CANDIDATES candidates. */
function* matches(pattern: RegExp, text: string, out?: readonly PiiCandidate[]): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (
    let match = pattern.exec(text);
    match !== null && (out === undefined || out.length < MAX_CANDIDATES);
    match = pattern.exec(text)
  ) {
    if (match[0].length === 0) pattern.lastIndex++;
    yield match;
  }
}

function creditCards(text: string, out: PiiCandidate[]): void {
  // Overlaps between the two patterns are resolved with all other candidates (first found wins).
  for (const pattern of [CARD, CARD_GROUPED]) {
    for (const match of matches(pattern, text, out)) {
      const digits = match[0].replace(/\D/g, '');
      if (!luhnValid(digits) || /^(\d)\1+$/.test(digits)) continue;
      const issuer = cardIssuer(digits);
      // A Luhn-valid number outside the known issuer ranges (12 to 19 digits, as Maestro's) is a card
      // only when the text says so.
      if (issuer === undefined && !hasContext(text, match.index, 'CREDIT_CARD')) continue;
      out.push({
        entity: 'CREDIT_CARD',
        start: match.index,
        end: match.index + match[0].length,
        confidence: issuer === undefined ? 0.6 : boost(text, match.index, 'CREDIT_CARD', 0.85),
        detail: issuer ?? 'unknown-issuer',
      });
    }
  }
}

function ibans(text: string, out: PiiCandidate[]): void {
  for (const match of matches(IBAN, text, out)) {
    const expected = ibanLength(match[0].slice(0, 2).toUpperCase());
    if (expected === undefined) continue;
    // The pattern may run into following words; cut the candidate at the country's length.
    let count = 0;
    let end = match.index;
    for (const character of match[0]) {
      end++;
      if (character !== ' ' && ++count === expected) break;
    }
    const compact = text.slice(match.index, end).replace(/ /g, '').toUpperCase();
    if (/[A-Za-z0-9]/.test(text.charAt(end)) || !ibanValid(compact)) continue;
    out.push({
      entity: 'IBAN_CODE',
      start: match.index,
      end,
      confidence: boost(text, match.index, 'IBAN_CODE', 0.9),
    });
  }
}

function ssns(text: string, out: PiiCandidate[]): void {
  for (const match of matches(SSN, text, out)) {
    const [, area = '', separator = '', group = '', serial = ''] = match;
    if (!ssnValid(area, group, serial)) continue;
    const context = hasContext(text, match.index, 'US_SSN');
    // Nine bare digits are mostly other numbers: only with context.
    if (separator === '' && !context) continue;
    out.push({
      entity: 'US_SSN',
      start: match.index,
      end: match.index + match[0].length,
      confidence: context ? 0.95 : separator === '-' ? 0.7 : 0.5,
    });
  }
}

function crypto(text: string, out: PiiCandidate[]): void {
  // Bitcoin addresses in both encodings, each confirmed by its own checksum.
  for (const [pattern, checksumValid] of [
    [BTC_BASE58, base58CheckValid],
    [BTC_BECH32, bech32Valid],
  ] as const) {
    for (const match of matches(pattern, text, out)) {
      if (!checksumValid(match[0])) continue;
      out.push({
        entity: 'CRYPTO',
        start: match.index,
        end: match.index + match[0].length,
        confidence: 0.9,
        detail: 'btc',
      });
    }
  }
  // Ethereum: a mixed-case address must pass its EIP-55 checksum (Keccak-256); an all-lower or
  // all-upper one carries none, so the format alone counts, context decides and the confidence is lower.
  for (const match of matches(ETHEREUM, text, out)) {
    if (/^0x0+$/.test(match[0])) continue;
    const checksum = eip55Checksum(match[0]);
    if (checksum === 'invalid') continue;
    out.push({
      entity: 'CRYPTO',
      start: match.index,
      end: match.index + match[0].length,
      confidence: checksum === 'valid' ? 0.9 : boost(text, match.index, 'CRYPTO', 0.55, 0.3),
      detail: checksum === 'valid' ? 'eth-eip55' : 'eth-uncased',
    });
  }
}

function macAddresses(text: string, out: PiiCandidate[]): void {
  for (const match of matches(MAC, text, out)) {
    if (/^(?:00[:-]){5}00$|^(?:ff[:-]){5}ff$/i.test(match[0])) continue;
    out.push({
      entity: 'MAC_ADDRESS',
      start: match.index,
      end: match.index + match[0].length,
      confidence: boost(text, match.index, 'MAC_ADDRESS', 0.75),
    });
  }
}

function ipAddresses(text: string, out: PiiCandidate[]): void {
  for (const match of matches(IPV4, text, out)) {
    if (!isIPv4(match[0])) continue;
    const before = text.slice(Math.max(0, match.index - 12), match.index).toLowerCase();
    if (/version|\bv\s?$|ver\.?\s?$/.test(before)) continue;
    out.push({
      entity: 'IP_ADDRESS',
      start: match.index,
      end: match.index + match[0].length,
      confidence: boost(text, match.index, 'IP_ADDRESS', 0.8),
    });
  }
  for (const match of matches(IPV6, text, out)) {
    const value = match[0];
    if (value.length < 6 || !isIPv6(value) || value === '::') continue;
    out.push({
      entity: 'IP_ADDRESS',
      start: match.index,
      end: match.index + value.length,
      confidence: boost(text, match.index, 'IP_ADDRESS', 0.8),
    });
  }
}

/** Anchored on `@`, expanding outwards with bounded loops: no regex scans a long run of word characters. */
function emails(text: string, out: PiiCandidate[]): void {
  for (let at = text.indexOf('@'); at !== -1 && out.length < MAX_CANDIDATES; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && at - start < 64 && LOCAL_PART.test(text.charAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && end - at < 255 && DOMAIN_PART.test(text.charAt(end))) end++;
    while (end > at + 1 && /[.-]/.test(text.charAt(end - 1))) end--;
    while (start < at && /[.'-]/.test(text.charAt(start))) start++;
    const value = text.slice(start, end);
    // `scheme://user:password@host` is a credential in a URL, not an address.
    if (/[:/]/.test(text.charAt(start - 1)) || !EMAIL.test(value)) continue;
    out.push({
      entity: 'EMAIL_ADDRESS',
      start,
      end,
      confidence: boost(text, start, 'EMAIL_ADDRESS', 0.9, 0.05),
    });
  }
}

function ninos(text: string, out: PiiCandidate[]): void {
  for (const match of matches(NINO, text, out)) {
    if (!ninoPrefixValid(match[0].slice(0, 2))) continue;
    out.push({
      entity: 'UK_NINO',
      start: match.index,
      end: match.index + match[0].length,
      confidence: boost(text, match.index, 'UK_NINO', 0.7, 0.25),
    });
  }
}

/** Returns the offset from which phone-like numbers were no longer checked (lookup budget spent). */
function phones(text: string, out: PiiCandidate[], options: RecognizerOptions): number | undefined {
  const budget = { lookups: MAX_PHONE_LOOKUPS };
  for (const match of matches(PHONE, text, out)) {
    if (budget.lookups <= 0) return match.index;
    const value = match[0];
    const digits = value.replace(/(?: ?(?:x|ext\.?|extension) ?\d{1,6})$/i, '').replace(/\D/g, '');
    if (digits.length < 7 || digits.length > 15) continue;
    if (/^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|^\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}$/.test(value)) continue;
    const context =
      hasContext(text, match.index, 'PHONE_NUMBER') ||
      PHONE_LABEL_AFTER.test(text.slice(match.index + value.length, match.index + value.length + 16));
    const valid = phoneValid(value, options.phoneRegions, budget);
    // Without a valid number plan match, only a grouped number next to a phone word counts.
    const grouped = /[ ().-]/.test(value) || value.startsWith('+');
    let confidence: number;
    // Short numbers (house and postal numbers look alike) need a phone word before them.
    if (valid && (context || digits.length >= 10 || value.startsWith('+')))
      confidence = context ? 0.95 : 0.75;
    else if (context && grouped) confidence = 0.6;
    else if (
      value.startsWith('+') &&
      parsePhoneNumberFromString(value.replace(/\(0\)/g, ''))?.isPossible() === true
    ) {
      confidence = 0.6;
    } else if (context && digits.length >= 10) confidence = 0.5;
    else continue;
    out.push({ entity: 'PHONE_NUMBER', start: match.index, end: match.index + value.length, confidence });
  }
  return undefined;
}

/** Address books label numbers after them: `082 490 1693-Office`, `… (fax)`. */
const PHONE_LABEL_AFTER = /^\W{0,3}(?:office|fax|mobile|cell|home|work|tel|phone)\b/i;

function phoneValid(value: string, regions: readonly CountryCode[], budget: { lookups: number }): boolean {
  const normalised = value.replace(/\(0\)/g, '');
  budget.lookups--;
  if (normalised.startsWith('+')) return parsePhoneNumberFromString(normalised)?.isValid() === true;
  for (const region of regions) {
    if (parsePhoneNumberFromString(normalised, region)?.isValid() === true) return true;
    budget.lookups--;
  }
  return false;
}

/** Dates only as dates of birth: a bare date is not personal data, one next to "born"/"DOB" is. */
function datesOfBirth(text: string, out: PiiCandidate[]): void {
  for (const match of matches(DATE, text, out)) {
    if (!hasContext(text, match.index, 'DATE_TIME')) continue;
    out.push({
      entity: 'DATE_TIME',
      start: match.index,
      end: match.index + match[0].length,
      confidence: 0.8,
      detail: 'date_of_birth',
    });
  }
}

/**
 * Candidates of every enabled entity. Order matters: when spans overlap, the earlier (more specific,
 * checksum-validated) recognizer wins, so a card number is not also reported as a phone number.
 */
export type Recognized = {
  /** Candidates in start order, overlaps resolved. */
  readonly candidates: PiiCandidate[];
  /**
   * Set when a recognizer stopped before the end of the text (it reached MAX_CANDIDATES, or the phone
   * lookup budget): values from this offset on may have gone unseen. Fail closed: the detector has
   * the rest of the text masked before storage.
   */
  readonly unscannedFrom?: number;
};

export function recognize(
  text: string,
  enabled: ReadonlySet<PiiEntity>,
  options: RecognizerOptions,
): Recognized {
  const found: PiiCandidate[] = [];
  let unscannedFrom = Number.POSITIVE_INFINITY;
  const run = (entity: PiiEntity, recognizer: (out: PiiCandidate[]) => number | void): void => {
    if (!enabled.has(entity)) return;
    const own: PiiCandidate[] = [];
    const stoppedAt = recognizer(own);
    if (typeof stoppedAt === 'number') unscannedFrom = Math.min(unscannedFrom, stoppedAt);
    // A full list means the recognizer stopped early; with several patterns per recognizer a later one
    // may not have run at all, so nothing after its first value counts as examined.
    if (own.length >= MAX_CANDIDATES)
      for (const candidate of own) unscannedFrom = Math.min(unscannedFrom, candidate.start);
    for (const candidate of own) found.push(candidate);
  };
  const hasDigits = /\d/.test(text);
  if (hasDigits) {
    run('CREDIT_CARD', (out) => creditCards(text, out));
    run('IBAN_CODE', (out) => ibans(text, out));
    run('US_SSN', (out) => ssns(text, out));
    run('CRYPTO', (out) => crypto(text, out));
    run('MAC_ADDRESS', (out) => macAddresses(text, out));
    run('IP_ADDRESS', (out) => ipAddresses(text, out));
  }
  run('EMAIL_ADDRESS', (out) => emails(text, out));
  if (hasDigits) {
    run('UK_NINO', (out) => ninos(text, out));
    run('DATE_TIME', (out) => datesOfBirth(text, out));
    run('PHONE_NUMBER', (out) => phones(text, out, options));
  }
  // Earlier recognizers win overlaps; a map of taken characters keeps this linear in the text.
  const kept: PiiCandidate[] = [];
  const taken = new Uint8Array(text.length);
  for (const candidate of found) {
    if (taken.subarray(candidate.start, candidate.end).includes(1)) continue;
    taken.fill(1, candidate.start, candidate.end);
    kept.push(candidate);
  }
  kept.sort((left, right) => left.start - right.start);
  return Number.isFinite(unscannedFrom) ? { candidates: kept, unscannedFrom } : { candidates: kept };
}
