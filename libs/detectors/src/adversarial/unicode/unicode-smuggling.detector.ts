import {
  type DerivedSegment,
  type Detector,
  type DetectorContext,
  type DetectorHit,
  type TextSegment,
} from '../../detector';
import { quoteHidden, roundScore, severityFromScore } from '../adversarial-evidence';
import {
  type UnicodeSmugglingOptions,
  UnicodeSmugglingOptionsSchema,
  optionsOf,
} from '../adversarial.options';
import { looksLikeInstructions, printableRatio } from '../natural-text';
import { type MixedScriptWord, findMixedScriptWords } from './mixed-script';
import { RIGHT_TO_LEFT_TEXT, characterName } from './unicode-characters';
import { type BidiControl, type Span, type UnicodeScan, scanUnicode } from './unicode-scan';
import { decodeZeroWidthBinary } from './zero-width-binary';

export const UNICODE_SMUGGLING_DETECTOR_ID = 'unicode_smuggling';

type Analysis = { scan: UnicodeScan; mixed: MixedScriptWord[]; hidden: HiddenText[] };
/** Text recovered from invisible characters: decoded tags, variation-selector bytes, zero-width bits. */
type HiddenText = Span & {
  text: string;
  encoding: 'unicode_tags' | 'variation_selectors' | 'zero_width_binary';
};

/** Pure ASCII text (most traffic) holds none of these tricks: one native test skips the scan. */
const NON_ASCII = /[\u0080-\uffff]/;
/** Lines that read as source code, where a bidi control reorders what a reviewer sees (Trojan Source). */
const CODE_LINE =
  /[{};]|\/\/|\/\*|\*\/|==|!=|=>|\breturn\b|\bif\s*\(|\bfunction\b|\bdef\s|#include|\bconst\s|\blet\s|\bvar\s|\bprint\(/;

/**
 * Unicode used to hide text from people or filters (OWASP LLM01, ATLAS AML.T0068): tag characters
 * carrying invisible ASCII, variation-selector payloads, bidi overrides and unbalanced bidi controls
 * (Trojan Source in code), zero-width characters splitting words or forming hidden runs, words mixing
 * Latin with look-alike letters of other scripts, and letters buried under combining marks. Hidden
 * text it decodes is also handed back to the pipeline (`deriveSegments`) to be scanned by every
 * detector.
 */
export function createUnicodeSmugglingDetector(): Detector {
  const analyses = new WeakMap<TextSegment, Analysis | null>();
  const analyse = (segment: TextSegment, options: UnicodeSmugglingOptions): Analysis | null => {
    let analysis = analyses.get(segment);
    if (analysis === undefined) {
      analysis = NON_ASCII.test(segment.text) ? runAnalysis(segment.text, options) : null;
      analyses.set(segment, analysis);
    }
    return analysis;
  };

  return {
    id: UNICODE_SMUGGLING_DETECTOR_ID,
    version: '1.0.0',
    description:
      'Invisible or deceptive Unicode: tag-character ASCII smuggling, variation-selector payloads, bidi ' +
      'overrides (Trojan Source), zero-width text, mixed-script homoglyph words, combining-mark floods.',
    deriveSegments(segment: TextSegment, context: DetectorContext): DerivedSegment[] {
      const analysis = analyse(segment, optionsOf(UnicodeSmugglingOptionsSchema, context.settings));
      if (analysis === null) return [];
      return analysis.hidden
        .filter((hidden) => hidden.text.trim().length >= 3)
        .map(({ text, start, end, encoding }) => ({ text, start, end, encoding }));
    },
    detectSegment(segment: TextSegment, context: DetectorContext): DetectorHit[] {
      const options = optionsOf(UnicodeSmugglingOptionsSchema, context.settings);
      const analysis = analyse(segment, options);
      if (analysis === null) return [];
      const hits: DetectorHit[] = [];
      const add = (hit: Omit<DetectorHit, 'category' | 'severity' | 'location'> & Span) => {
        const { start, end, ...rest } = hit;
        hits.push({
          ...rest,
          rule_id: `${UNICODE_SMUGGLING_DETECTOR_ID}.${rest.rule_id}`,
          category: 'adversarial_input',
          severity: severityFromScore(rest.score),
          location: { ...segment.location, start, end },
        });
      };
      const { scan } = analysis;
      if (options.tag_characters) tagHits(analysis, add);
      if (options.variation_selectors) variationHits(analysis, add);
      if (options.bidi_controls) bidiHits(segment.text, scan, add);
      if (options.invisible_characters) invisibleHits(segment.text, analysis, add);
      if (options.mixed_script_words && analysis.mixed.length > 0) mixedScriptHit(analysis.mixed, add);
      if (options.combining_marks && scan.combiningRuns.length > 0) combiningHit(segment.text, scan, add);
      return hits;
    },
  };
}

type Add = (hit: Omit<DetectorHit, 'category' | 'severity' | 'location'> & Span) => void;

function runAnalysis(text: string, options: UnicodeSmugglingOptions): Analysis {
  const scan = scanUnicode(text, options.max_scan_characters);
  const mixed = options.mixed_script_words ? findMixedScriptWords(text, options.max_scan_characters) : [];
  const hidden: HiddenText[] = [];
  if (options.tag_characters && scan.tagRuns.length > 0) {
    const decoded = scan.tagRuns.map((run) => run.decoded).join(' ');
    hidden.push({ ...spanOf(scan.tagRuns), text: decoded, encoding: 'unicode_tags' });
  }
  if (options.variation_selectors) {
    for (const run of scan.variationRuns) {
      const text = Buffer.from(run.bytes).toString('utf8');
      if (run.bytes.length >= 4 && printableRatio(text) >= 0.9) {
        hidden.push({ start: run.start, end: run.end, text, encoding: 'variation_selectors' });
      }
    }
  }
  if (options.invisible_characters) {
    for (const run of scan.hiddenRuns) {
      const text = decodeZeroWidthBinary(run.codes);
      if (text !== undefined)
        hidden.push({ start: run.start, end: run.end, text, encoding: 'zero_width_binary' });
    }
  }
  return { scan, mixed, hidden };
}

function spanOf(spans: readonly Span[]): Span {
  return { start: spans[0].start, end: spans[spans.length - 1].end };
}

function hiddenOf(analysis: Analysis, encoding: HiddenText['encoding'], span?: Span): HiddenText | undefined {
  return analysis.hidden.find(
    (hidden) => hidden.encoding === encoding && (span === undefined || hidden.start === span.start),
  );
}

function tagHits(analysis: Analysis, add: Add): void {
  const { tagRuns } = analysis.scan;
  if (tagRuns.length === 0) return;
  const tags = tagRuns.reduce((sum, run) => sum + run.tags, 0);
  const hidden = hiddenOf(analysis, 'unicode_tags');
  const text = hidden?.text.trim() ?? '';
  const instructions = text.length >= 8 && looksLikeInstructions(text);
  // No text needs tag characters outside emoji flags: any is deliberate; readable ASCII more so.
  const score = 0.7 + (text.length >= 8 ? 0.1 : 0) + (instructions ? 0.05 : 0);
  const signals = [`${tags} tag characters in ${tagRuns.length} run(s)`];
  if (text.length > 0) signals.push(`hidden ASCII ${quoteHidden(text)}`);
  if (instructions) signals.push('the hidden text reads as instructions');
  add({
    rule_id: 'tag_characters',
    score: roundScore(score),
    confidence: 0.95,
    ...spanOf(tagRuns),
    evidence: text.length > 0 ? `tags → ${quoteHidden(text)}` : `${tags} tag characters`,
    message:
      'Invisible Unicode tag characters (U+E0000–E007F) outside an emoji flag, the "ASCII smuggling" ' +
      `technique to pass text a reader cannot see: ${signals.join('; ')}.`,
    attributes: {
      tag_characters: tags,
      hidden_characters: text.length,
      looks_like_instructions: instructions,
    },
  });
}

function variationHits(analysis: Analysis, add: Add): void {
  const runs = analysis.scan.variationRuns;
  if (runs.length === 0) return;
  const selectors = runs.reduce((sum, run) => sum + run.selectors, 0);
  const decoded = runs
    .map((run) => hiddenOf(analysis, 'variation_selectors', run)?.text)
    .filter((text): text is string => text !== undefined);
  const text = decoded.join(' ').trim();
  const score = text.length >= 4 ? 0.85 : 0.6;
  add({
    rule_id: 'variation_selector_payload',
    score,
    confidence: 0.9,
    ...spanOf(runs),
    evidence: text.length > 0 ? `selectors → ${quoteHidden(text)}` : `${selectors} variation selectors`,
    message:
      `${selectors} variation selectors in ${runs.length} run(s) of three or more (a character takes at ` +
      'most one): bytes hidden in invisible selectors' +
      (text.length > 0 ? `, decoding to text ${quoteHidden(text)}.` : '.'),
    attributes: { variation_selectors: selectors, hidden_characters: text.length },
  });
}

function bidiHits(text: string, scan: UnicodeScan, add: Add): void {
  if (scan.bidiControls.length === 0) return;
  const fences = fencePositions(text);
  const inCode = scan.bidiControls.filter((control) => isCodeContext(text, control, fences));
  if (inCode.length > 0) {
    add({
      rule_id: 'trojan_source',
      score: 0.85,
      confidence: 0.85,
      ...spanOf(inCode),
      evidence: around(text, inCode[0]),
      message:
        `${inCode.length} bidi control(s) (${names(inCode)}) inside source code: they reorder how the ` +
        'code displays, so a reviewer reads different logic from what runs (Trojan Source).',
      attributes: { bidi_controls: inCode.length },
    });
  }
  const overrides = scan.overrides.filter((control) => !inCode.includes(control));
  const unbalanced = scan.unbalanced.filter((control) => !inCode.includes(control));
  if (overrides.length === 0 && unbalanced.length === 0) return;
  // Right-to-left text has legitimate uses for explicit formatting; without it, there is none.
  const rightToLeft = RIGHT_TO_LEFT_TEXT.test(text);
  const score = Math.max(
    overrides.length > 0 ? (rightToLeft ? 0.45 : 0.65) : 0,
    unbalanced.length > 0 ? (rightToLeft ? 0.35 : 0.55) : 0,
  );
  const signals: string[] = [];
  if (overrides.length > 0) signals.push(`${overrides.length} override(s) (${names(overrides)})`);
  if (unbalanced.length > 0)
    signals.push(`${unbalanced.length} unbalanced control(s) (${names(unbalanced)})`);
  const involved = [...overrides, ...unbalanced].sort((a, b) => a.start - b.start);
  add({
    rule_id: 'bidi_controls',
    score: roundScore(score + (overrides.length > 0 && unbalanced.length > 0 ? 0.05 : 0)),
    confidence: rightToLeft ? 0.5 : 0.8,
    ...spanOf(involved),
    evidence: around(text, involved[0]),
    message:
      `Bidi formatting that reverses or leaks the display order of text: ${signals.join('; ')}` +
      `${rightToLeft ? ' (the text has right-to-left script, which lowers the score)' : ''}.`,
    attributes: {
      bidi_overrides: overrides.length,
      bidi_unbalanced: unbalanced.length,
      right_to_left: rightToLeft,
    },
  });
}

function fencePositions(text: string): number[] {
  const positions: number[] = [];
  for (let at = text.indexOf('```'); at !== -1 && positions.length < 1024; at = text.indexOf('```', at + 3)) {
    positions.push(at);
  }
  return positions;
}

function isCodeContext(text: string, control: BidiControl, fences: readonly number[]): boolean {
  let before = 0;
  for (const fence of fences) if (fence < control.start) before++;
  if (before % 2 === 1) return true;
  const lineStart = text.lastIndexOf('\n', control.start) + 1;
  const newline = text.indexOf('\n', control.start);
  const line = text.slice(lineStart, Math.min(newline === -1 ? text.length : newline, lineStart + 1000));
  return CODE_LINE.test(line);
}

function names(controls: readonly BidiControl[]): string {
  return [...new Set(controls.map((control) => characterName(control.code)))].slice(0, 3).join(', ');
}

function around(text: string, span: Span, context = 16): string {
  const from = Math.max(0, span.start - context);
  const to = Math.min(text.length, span.end + context);
  return `${from > 0 ? '…' : ''}${quoteHidden(text.slice(from, to), context * 2 + 2)}${to < text.length ? '…' : ''}`;
}

function invisibleHits(text: string, analysis: Analysis, add: Add): void {
  const { wordSplits, hiddenRuns } = analysis.scan;
  if (wordSplits.length > 0) {
    const count = wordSplits.length;
    add({
      rule_id: 'invisible_characters',
      score: roundScore(Math.min(0.7, 0.4 + 0.1 * (count - 1))),
      confidence: 0.8,
      ...spanOf(wordSplits),
      evidence: around(text, wordSplits[0], 8),
      message:
        `${count} invisible character(s) (${[...new Set(wordSplits.flatMap((split) => split.codes))]
          .slice(0, 3)
          .map(characterName)
          .join(', ')}) inside words, where no script needs them: words split so a keyword ` +
        'filter misses them while a reader (and the model) sees them whole.',
      attributes: { split_words: count },
    });
  }
  if (hiddenRuns.length > 0) {
    const characters = hiddenRuns.reduce((sum, run) => sum + (run.end - run.start), 0);
    const decoded = hiddenRuns
      .map((run) => hiddenOf(analysis, 'zero_width_binary', run)?.text)
      .filter((value): value is string => value !== undefined)
      .join(' ');
    add({
      rule_id: 'zero_width_payload',
      score: decoded.length > 0 ? 0.8 : 0.6,
      confidence: decoded.length > 0 ? 0.9 : 0.7,
      ...spanOf(hiddenRuns),
      evidence: decoded.length > 0 ? `bits → ${quoteHidden(decoded)}` : `${characters} invisible characters`,
      message:
        `${characters} invisible characters in ${hiddenRuns.length} run(s) of four or more: zero-width text ` +
        (decoded.length > 0
          ? `that decodes as binary to ${quoteHidden(decoded)}.`
          : 'that can carry a hidden binary message.'),
      attributes: { invisible_characters: characters, hidden_characters: decoded.length },
    });
  }
}

function mixedScriptHit(words: readonly MixedScriptWord[], add: Add): void {
  const count = words.length;
  const scripts = [...new Set(words.flatMap((word) => word.scripts))];
  const shown = words
    .slice(0, 3)
    .map((word) => `"${word.skeleton.slice(0, 24)}"`)
    .join(', ');
  add({
    rule_id: 'mixed_script_word',
    score: roundScore(count >= 3 ? 0.7 : count === 2 ? 0.55 : 0.4),
    confidence: 0.75,
    ...spanOf(words),
    evidence: `reads as ${shown}${count > 3 ? ` (+${count - 3})` : ''}`,
    message:
      `${count} word(s) mixing Latin letters with ${scripts.join('/')} look-alikes, reading as ${shown}: ` +
      'homoglyphs make a word look familiar to people while filters see other characters.',
    attributes: { mixed_script_words: count, scripts: scripts.join(',') },
  });
}

function combiningHit(text: string, scan: UnicodeScan, add: Add): void {
  const runs = scan.combiningRuns;
  const marks = runs.reduce((sum, run) => sum + run.marks, 0);
  add({
    rule_id: 'combining_marks',
    score: roundScore(0.35 + 0.05 * Math.min(runs.length, 6)),
    confidence: 0.7,
    ...spanOf(runs),
    evidence: around(text, { start: runs[0].start, end: Math.min(runs[0].end, runs[0].start + 4) }, 4),
    message:
      `${runs.length} letter(s) buried under ${marks} stacked combining marks (up to ` +
      `${Math.max(...runs.map((run) => run.marks))} on one letter; no script needs more than a few): ` +
      'text obfuscated to break tokenisers and filters.',
    attributes: { combining_runs: runs.length, combining_marks: marks },
  });
}
