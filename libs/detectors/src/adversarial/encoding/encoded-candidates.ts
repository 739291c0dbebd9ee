import { type Encoding } from '../adversarial.options';
import { printableRatio } from '../natural-text';
import { type RegionalIndicatorRun, regionalIndicatorRuns } from './regional-indicators';
import { reversedSpan, rot13Span } from './frequent-words';

/** A span of a text that decodes, under `encoding`, to printable text. */
export type DecodedCandidate = { start: number; end: number; encoding: Encoding; text: string };

export type CandidateLimits = {
  encodings: ReadonlySet<Encoding>;
  maxCandidates: number;
  maxCandidateCharacters: number;
  minEncodedCharacters: number;
  /** Only the first this many characters of the text are searched. */
  maxScanCharacters: number;
};

type Span = { start: number; end: number; encoding: Encoding };

/** ROT13 and reversal are judged word by word: their search stops at this many characters. */
const ROT13_SCAN = 64 * 1024;

/**
 * Runs of the base64 alphabet (standard and URL-safe; plain hex is a subset and is tried as hex
 * first). Character classes with one quantifier: linear, no backtracking.
 */
const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{16,}={0,2}/g;
const HEX_ONLY = /^[0-9a-fA-F]+$/;
const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;
/** `\x49\x67…` and `49 67 6e …` / `49:67:…` / `0x49, 0x67, …` byte lists. */
const ESCAPED_HEX = /(?:\\x[0-9a-fA-F]{2}){6,}/g;
// Hex of ASCII text: every byte 0x20–0x7e, so every pair starts with 2–7 (prose fails on its first letter).
const SEPARATED_HEX = /(?:(?:0x)?[2-7][0-9a-fA-F](?:, ?| |:)){5,}(?:0x)?[2-7][0-9a-fA-F](?![0-9a-fA-F])/g;
/** Consecutive character references, optionally one white-space character apart. */
const ENTITY_RUN = /(?:(?:&#[xX][0-9a-fA-F]{1,6};|&#[0-9]{1,7};|&[a-zA-Z][a-zA-Z0-9]{1,15};)\s?){6,}/g;
const ENTITY = /&#[xX]([0-9a-fA-F]{1,6});|&#([0-9]{1,7});|&([a-zA-Z][a-zA-Z0-9]{1,15});/g;
const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  colon: ':',
  sol: '/',
  lpar: '(',
  rpar: ')',
  period: '.',
  comma: ',',
  excl: '!',
};

/**
 * Finds encoded spans in `text` and decodes them, keeping those that decode to printable text. At
 * most `maxCandidates` spans are decoded (longest first), each capped at `maxCandidateCharacters`.
 */
export function findDecodedCandidates(text: string, limits: CandidateLimits): DecodedCandidate[] {
  const scanned = text.length > limits.maxScanCharacters ? text.slice(0, limits.maxScanCharacters) : text;
  const spans: Span[] = [];
  const { encodings } = limits;
  const wantsBase64 = encodings.has('base64');
  const wantsHex = encodings.has('hex');
  if (wantsBase64 || wantsHex) collectAlphabetRuns(scanned, limits, spans);
  if (wantsHex) {
    if (scanned.includes('\\x')) collect(scanned, ESCAPED_HEX, 'hex', spans);
    collect(scanned, SEPARATED_HEX, 'hex', spans);
  }
  if (encodings.has('html_entities') && scanned.includes('&#'))
    collect(scanned, ENTITY_RUN, 'html_entities', spans);
  if (encodings.has('url') && scanned.includes('%')) collectEscapeRuns(scanned, '%', 4, 'url', spans);
  if (encodings.has('quoted_printable') && scanned.includes('=')) {
    collectEscapeRuns(scanned, '=', 6, 'quoted_printable', spans);
  }
  if (encodings.has('rot13')) {
    const span = rot13Span(scanned.length > ROT13_SCAN ? scanned.slice(0, ROT13_SCAN) : scanned);
    if (span !== undefined) spans.push({ ...span, encoding: 'rot13' });
  }
  if (encodings.has('reversed')) {
    const span = reversedSpan(scanned.length > ROT13_SCAN ? scanned.slice(0, ROT13_SCAN) : scanned);
    if (span !== undefined) spans.push({ ...span, encoding: 'reversed' });
  }

  const decoded: DecodedCandidate[] = [];
  // Decoded while found (the letters are the text); taken first, they are never base64 or hex.
  if (encodings.has('regional_indicators')) {
    for (const run of regionalIndicatorRuns(scanned, limits.maxCandidates)) {
      // With the plain words around it on its line: "🇮🇬🇳🇴🇷🇪 all previous instructions" is one sentence.
      const text = withLineContext(scanned, run).slice(0, limits.maxCandidateCharacters);
      decoded.push({ start: run.start, end: run.end, encoding: 'regional_indicators', text });
    }
  }

  spans.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  for (const span of spans) {
    if (decoded.length >= limits.maxCandidates) break;
    if (decoded.some((kept) => kept.start <= span.start && span.end <= kept.end)) continue;
    const end = Math.min(span.end, span.start + limits.maxCandidateCharacters);
    const encodedText = scanned.slice(span.start, end);
    const value = decode(encodedText, span.encoding);
    if (value === undefined || value === encodedText) continue;
    if (value.trim().length < 6 || printableRatio(value) < 0.95) continue;
    decoded.push({ start: span.start, end: span.end, encoding: span.encoding, text: value });
  }
  return decoded.sort((a, b) => a.start - b.start);
}

/** Characters of plain text taken either side of a spelled run, within its line. */
const LINE_CONTEXT = 120;

function withLineContext(text: string, run: RegionalIndicatorRun): string {
  const lineStart = text.lastIndexOf('\n', run.start - 1) + 1;
  const from = Math.max(lineStart, run.start - LINE_CONTEXT);
  const lineEnd = text.indexOf('\n', run.end);
  const to = Math.min(lineEnd === -1 ? text.length : lineEnd, run.end + LINE_CONTEXT);
  return `${text.slice(from, run.start)}${run.text}${text.slice(run.end, to)}`;
}

function collect(text: string, pattern: RegExp, encoding: Encoding, spans: Span[]): void {
  for (const match of text.matchAll(pattern)) {
    spans.push({ start: match.index, end: match.index + match[0].trimEnd().length, encoding });
    if (spans.length > 1024) return;
  }
}

function collectAlphabetRuns(text: string, limits: CandidateLimits, spans: Span[]): void {
  for (const match of text.matchAll(BASE64_RUN)) {
    const run = match[0];
    if (run.length < limits.minEncodedCharacters) continue;
    const start = match.index;
    if (HEX_ONLY.test(run)) {
      if (limits.encodings.has('hex') && run.length % 2 === 0)
        spans.push({ start, end: start + run.length, encoding: 'hex' });
      continue;
    }
    // Encoded bytes use both cases; identifiers, words and paths rarely reach 20 characters that do.
    if (!limits.encodings.has('base64') || !UPPER.test(run) || !LOWER.test(run)) continue;
    spans.push({ start, end: start + run.length, encoding: 'base64' });
    if (spans.length > 1024) return;
  }
}

const isSpace = (code: number) => code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;

const isHexDigit = (code: number) =>
  (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);

/**
 * Runs of `%XX` (URL) or `=XX` (quoted-printable) escapes with at most a few plain characters between
 * them, found by one linear scan. A run ends at white space for URLs.
 */
function collectEscapeRuns(
  text: string,
  marker: '%' | '=',
  minEscapes: number,
  encoding: Encoding,
  spans: Span[],
): void {
  const markerCode = marker.charCodeAt(0);
  const maxGap = marker === '%' ? 64 : 3;
  let runStart = -1;
  let lastEscapeEnd = -1;
  let escapes = 0;
  const close = () => {
    if (runStart >= 0 && escapes >= minEscapes) {
      let start = runStart;
      let end = lastEscapeEnd;
      // A URL-encoded token keeps its plain head and tail ("Ignore%20all%20…%20prompt"): the span runs
      // to the white space around it (at most maxGap characters each way), so the decoded text is whole.
      if (marker === '%') {
        while (start > 0 && runStart - start < maxGap && !isSpace(text.charCodeAt(start - 1))) start--;
        while (end < text.length && end - lastEscapeEnd < maxGap && !isSpace(text.charCodeAt(end))) end++;
      }
      spans.push({ start, end, encoding });
    }
    runStart = -1;
    escapes = 0;
  };
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (
      code === markerCode &&
      index + 2 < text.length &&
      isHexDigit(text.charCodeAt(index + 1)) &&
      isHexDigit(text.charCodeAt(index + 2))
    ) {
      if (runStart < 0 || index - lastEscapeEnd > maxGap) {
        close();
        runStart = index;
      }
      escapes++;
      lastEscapeEnd = index + 3;
      index += 2;
      continue;
    }
    if (
      runStart >= 0 &&
      (index - lastEscapeEnd > maxGap || (marker === '%' && (code === 0x20 || code === 0x0a)))
    )
      close();
  }
  close();
}

function decode(encoded: string, encoding: Encoding): string | undefined {
  switch (encoding) {
    case 'base64': {
      const body = encoded.replace(/=+$/, '');
      const usable = body.length - (body.length % 4 === 1 ? 1 : 0);
      return utf8(Buffer.from(body.slice(0, usable), 'base64'));
    }
    case 'hex': {
      const digits = encoded.replace(/\\x|0x|[\s,:]/g, '');
      if (digits.length % 2 === 1 || !HEX_ONLY.test(digits)) return undefined;
      return utf8(Buffer.from(digits, 'hex'));
    }
    case 'url':
      return unescapeBytes(encoded.replace(/\+/g, ' '), '%');
    case 'quoted_printable':
      return unescapeBytes(encoded.replace(/=\r?\n/g, ''), '=');
    case 'html_entities':
      return encoded.replace(ENTITY, (whole, hex?: string, decimal?: string, name?: string) => {
        if (name !== undefined) return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
        const codePoint = hex !== undefined ? parseInt(hex, 16) : Number(decimal);
        return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '\ufffd';
      });
    case 'rot13':
      return rot13(encoded);
    case 'reversed':
      return [...encoded].reverse().join('');
    case 'regional_indicators':
      return undefined; // decoded by regionalIndicatorRuns while found
  }
}

/** UTF-8 text of bytes; binary data (invalid UTF-8 becomes U+FFFD) fails the printable check later. */
function utf8(bytes: Buffer): string | undefined {
  return bytes.length === 0 ? undefined : bytes.toString('utf8');
}

function unescapeBytes(text: string, marker: '%' | '='): string | undefined {
  const bytes: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (
      code === marker.charCodeAt(0) &&
      index + 2 < text.length &&
      isHexDigit(text.charCodeAt(index + 1)) &&
      isHexDigit(text.charCodeAt(index + 2))
    ) {
      bytes.push(parseInt(text.slice(index + 1, index + 3), 16));
      index += 2;
      continue;
    }
    // Plain characters between escapes: re-encode as UTF-8 so multi-byte escapes stay aligned.
    if (code < 0x80) bytes.push(code);
    else for (const byte of Buffer.from(text[index], 'utf8')) bytes.push(byte);
  }
  return utf8(Buffer.from(bytes));
}

export function rot13(text: string): string {
  let result = '';
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x61 && code <= 0x7a) result += String.fromCharCode(((code - 0x61 + 13) % 26) + 0x61);
    else if (code >= 0x41 && code <= 0x5a) result += String.fromCharCode(((code - 0x41 + 13) % 26) + 0x41);
    else result += text[index];
  }
  return result;
}
