import { type Detector, type DetectorContext, type DetectorHit, type TextSegment } from '../../detector';
import { quoteHidden, roundScore, severityFromScore } from '../adversarial-evidence';
import { AdversarialSuffixOptionsSchema, optionsOf } from '../adversarial.options';
import { OTHER_LETTER_CLASS, characterClass } from '../language-model/char-classes';
import { characterCosts } from '../language-model/char-model';
import { CODE_LINE_START, type ShapedToken, isCodeToken, shapeToken } from './token-shapes';

export const ADVERSARIAL_SUFFIX_DETECTOR_ID = 'adversarial_suffix';

/** Cost of a token in the run search: a run pays this per token, so only dense anomaly wins. */
const TOKEN_COST = 0.3;
/** Words this far from the character model (bits/char) read as made-up (`Teamsures`, `oppositeley`). */
const ODD_WORD_BITS = 5.5;
/**
 * URLs, e-mail addresses, inline code and markdown link targets are data, not prose; markdown escapes
 * (`\[`, `\*`, `\-`) are formatting. All are blanked (same length, so offsets hold), each pattern only
 * when its marker is in the text at all.
 */
const MASKS: readonly { marker: string; pattern: RegExp }[] = [
  { marker: '://', pattern: /\b(?:https?|ftp|file):\/\/\S+/g },
  { marker: 'www.', pattern: /\bwww\.\S+/g },
  // Starts only where a run of address characters starts: linear, however long the run.
  { marker: '@', pattern: /(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+/g },
  { marker: '`', pattern: /`[^`\n]{0,200}`/g },
  { marker: '](', pattern: /\]\([^()[\]\s]{0,300}\)/g },
  { marker: '\\', pattern: /\\(?=[[\]()*_#!.{}+`-])/g },
];

function mask(text: string): string {
  let masked = text;
  for (const { marker, pattern } of MASKS) {
    if (masked.includes(marker)) masked = masked.replace(pattern, (match) => ' '.repeat(match.length));
  }
  return masked;
}

function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x3000 ||
    (code >= 0x2000 && code <= 0x200a)
  );
}
/** Text below this length has no room for a suffix and a natural rest. */
const MIN_SEGMENT = 40;

type Line = { start: number; end: number };
type Run = { tokens: ShapedToken[]; value: number; anomaly: number };

/**
 * Gibberish or optimiser-made suffixes (GCG-style adversarial suffixes; OWASP LLM01, ATLAS AML.T0043):
 * a run of tokens that weld words to symbol clusters and switch case mid-word, far from the character
 * model of natural text, attached to text that is otherwise natural. Code, tables, JSON, stack traces,
 * URLs and other structured lines are skipped; only Latin-script text is analysed.
 */
export function createAdversarialSuffixDetector(): Detector {
  return {
    id: ADVERSARIAL_SUFFIX_DETECTOR_ID,
    version: '1.0.0',
    description:
      'Optimiser-made adversarial suffixes: symbol-welded, case-switching token runs far from a character ' +
      'model of natural text, appended to otherwise natural text.',
    detectSegment(segment: TextSegment, context: DetectorContext): DetectorHit[] {
      // Tool-call arguments are JSON and model answers are full of code: suffixes come in with text.
      if (segment.location.field === 'tool_call' || segment.location.field === 'output') return [];
      if (segment.text.length < MIN_SEGMENT) return [];
      const options = optionsOf(AdversarialSuffixOptionsSchema, context.settings);
      const hit = analyse(
        segment,
        options.max_scan_characters,
        options.min_tokens,
        options.min_natural_words,
      );
      return hit === undefined ? [] : [hit];
    },
  };
}

function analyse(
  segment: TextSegment,
  maxScan: number,
  minTokens: number,
  minNaturalWords: number,
): DetectorHit | undefined {
  const full = segment.text;
  // A long text: its head and its tail, where suffixes (and prefixes) go.
  const windows: Line[] =
    full.length <= maxScan
      ? [{ start: 0, end: full.length }]
      : [
          { start: 0, end: Math.floor(maxScan / 2) },
          { start: full.length - Math.floor(maxScan / 2), end: full.length },
        ];
  if (!mostlyLatin(full, windows)) return undefined;
  // Masked window by window: patterns never run over more than `maxScan` characters.
  const masked =
    windows.length === 1
      ? mask(full)
      : mask(full.slice(0, windows[0].end)) +
        full.slice(windows[0].end, windows[1].start) +
        mask(full.slice(windows[1].start));

  const tokens: ShapedToken[] = [];
  let best: Run | undefined;
  for (const window of windows) {
    for (const line of linesOf(masked, window)) {
      const first = tokens.length;
      let junk = 0;
      for (let index = line.start; index < line.end;) {
        while (index < line.end && isSpace(masked.charCodeAt(index))) index++;
        if (index >= line.end) break;
        const start = index;
        while (index < line.end && !isSpace(masked.charCodeAt(index))) index++;
        const shaped = shapeToken(masked, start, index);
        if (shaped.shape === 'junk') junk++;
        tokens.push(shaped);
      }
      // A run needs two junk tokens: most lines have none and stop here.
      if (junk < 2 || tokens.length - first < minTokens) continue;
      const lineTokens = tokens.slice(first);
      let codeSignals = 0;
      for (const token of lineTokens) {
        if (isCodeToken(masked.slice(token.start, token.end), token)) codeSignals++;
      }
      const opening = masked.slice(line.start, Math.min(line.end, line.start + 200));
      if (codeSignals >= 2 || CODE_LINE_START.test(opening)) continue;
      scoreOddWords(full, lineTokens);
      const run = bestRun(lineTokens);
      if (run !== undefined && (best === undefined || run.value > best.value)) best = run;
    }
  }
  if (best === undefined || best.tokens.length < minTokens) return undefined;
  const junk = best.tokens.filter((token) => token.shape === 'junk').length;
  const anomalous = best.tokens.filter((token) => token.anomaly >= 0.45).length;
  if (junk < 2 || anomalous < 3 || best.anomaly < 2.5) return undefined;

  const runStart = best.tokens[0].start;
  const runEnd = best.tokens[best.tokens.length - 1].end;
  const rest = tokens.filter((token) => token.end <= runStart || token.start >= runEnd);
  const naturalWords = rest.filter((token) => token.shape === 'word').length;
  const restJunk = rest.filter((token) => token.shape === 'junk').length;
  if (naturalWords < minNaturalWords || restJunk > 0.1 * rest.length) return undefined;

  const runBits = bitsOf(full, runStart, runEnd);
  const restBits = restBitsOf(full, runStart, runEnd);
  // Near an edge: at most two ordinary tokens after (or before) the run.
  const atEnd = tokens.length < 3 || tokens[tokens.length - 3].end <= runEnd;
  const atStart = !atEnd && (tokens.length < 3 || tokens[2].start >= runStart);
  const contrast = runBits - restBits;
  const score = roundScore(
    0.35 +
      0.1 * Math.min(best.value, 4) +
      (atEnd || atStart ? 0.1 : 0) +
      (contrast >= 1.5 ? 0.05 : 0) +
      (junk >= 4 ? 0.05 : 0),
  );
  const camel = best.tokens.filter((token) => token.shape === 'camel').length;
  const signals = [
    `${junk} tokens welding letters to symbols`,
    ...(camel > 0 ? [`${camel} switching case mid-word`] : []),
    `${runBits.toFixed(1)} bits/char against ${restBits.toFixed(1)} for the rest of the text`,
  ];
  return {
    rule_id: `${ADVERSARIAL_SUFFIX_DETECTOR_ID}.optimiser_suffix`,
    category: 'adversarial_input',
    severity: severityFromScore(score),
    score,
    confidence: roundScore(Math.min(0.9, 0.5 + 0.1 * junk)),
    location: { ...segment.location, start: runStart, end: runEnd },
    evidence: quoteHidden(full.slice(runStart, runEnd)),
    message:
      `Gibberish run of ${best.tokens.length} tokens ${atEnd ? 'at the end of' : atStart ? 'at the start of' : 'inside'} ` +
      `otherwise natural text, shaped like an optimiser-made adversarial suffix: ${signals.join('; ')}.`,
    attributes: {
      run_tokens: best.tokens.length,
      junk_tokens: junk,
      case_switching_tokens: camel,
      run_bits_per_char: Math.round(runBits * 100) / 100,
      rest_bits_per_char: Math.round(restBits * 100) / 100,
    },
  };
}

/** Lines of `window`, skipping fenced code blocks and indented lines. */
function linesOf(text: string, window: Line): Line[] {
  const lines: Line[] = [];
  let inFence = false;
  let start = window.start;
  while (start < window.end) {
    let end = text.indexOf('\n', start);
    if (end === -1 || end > window.end) end = window.end;
    const line = text.slice(start, Math.min(end, start + 8));
    if (line.trimStart().startsWith('```')) inFence = !inFence;
    else if (!inFence && !line.startsWith('    ') && !line.startsWith('\t')) lines.push({ start, end });
    start = end + 1;
  }
  return lines;
}

/**
 * Most anomalous contiguous run of a line's tokens (maximum-sum subarray of anomaly − TOKEN_COST,
 * linear): long runs of mild oddity lose to short dense ones.
 */
function bestRun(tokens: readonly ShapedToken[]): Run | undefined {
  let best: { from: number; to: number; value: number } | undefined;
  let start = 0;
  let value = 0;
  for (let index = 0; index < tokens.length; index++) {
    const gain = gainOf(tokens[index]);
    if (value <= 0) {
      start = index;
      value = gain;
    } else {
      value += gain;
    }
    if (value > 0 && (best === undefined || value > best.value)) best = { from: start, to: index + 1, value };
  }
  if (best === undefined) return undefined;
  // A suffix often ends on a few ordinary words then one last odd token: take those in when the
  // detour costs less than three plain words.
  let to = best.to;
  for (let index = best.to, detour = 0; index < tokens.length; index++) {
    detour += gainOf(tokens[index]);
    if (detour < -3 * TOKEN_COST) break;
    if (tokens[index].anomaly >= 0.45) to = index + 1;
  }
  let from = best.from;
  for (let index = best.from - 1, detour = 0; index >= 0; index--) {
    detour += gainOf(tokens[index]);
    if (detour < -3 * TOKEN_COST) break;
    if (tokens[index].anomaly >= 0.45) from = index;
  }
  const run = tokens.slice(from, to);
  const anomaly = run.reduce((sum, token) => sum + token.anomaly, 0);
  return { tokens: run, value: run.reduce((sum, token) => sum + gainOf(token), 0), anomaly };
}

/** What a token adds to a run: its anomaly less the cost of length; neutral tokens (numbers, codes) are free. */
function gainOf(token: ShapedToken): number {
  return token.shape === 'neutral' ? 0 : token.anomaly - TOKEN_COST;
}

/** Words that the character model finds implausible add a little anomaly. */
function scoreOddWords(text: string, tokens: ShapedToken[]): void {
  for (const token of tokens) {
    if (token.shape !== 'word' && token.shape !== 'camel') continue;
    if (token.core.length < 5) continue;
    const { bits, characters } = characterCosts(text, token.coreStart, token.coreEnd);
    if (characters > 0 && bits / characters > ODD_WORD_BITS) token.anomaly += 0.25;
  }
}

function bitsOf(text: string, start: number, end: number): number {
  const { bits, characters } = characterCosts(text, start, end);
  return characters === 0 ? 0 : bits / characters;
}

function restBitsOf(text: string, runStart: number, runEnd: number): number {
  const before = characterCosts(text, Math.max(0, runStart - 4096), runStart);
  const after = characterCosts(text, runEnd, Math.min(text.length, runEnd + 4096));
  const characters = before.characters + after.characters;
  return characters === 0 ? 0 : (before.bits + after.bits) / characters;
}

/** At least 70% of the letters in the analysed windows are Latin (the model knows only Latin text). */
function mostlyLatin(text: string, windows: readonly Line[]): boolean {
  let latin = 0;
  let other = 0;
  for (const window of windows) {
    for (let index = window.start; index < window.end; index++) {
      const code = text.charCodeAt(index);
      if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) latin++;
      else if (code >= 0x80 && characterClass(code) === OTHER_LETTER_CLASS) other++;
      else if (code >= 0xc0 && characterClass(code) <= 26) latin++;
    }
  }
  return latin > 0 && latin >= 0.7 * (latin + other);
}
