import { type Category } from '@argus/contracts';
import { type EmbeddingProvider, createHashingEmbedder } from '@argus/embeddings';
import {
  type Detector,
  type DetectorContext,
  type DetectorHit,
  type SegmentField,
  type TextSegment,
} from '../detector';
import { classifierScore } from '../models/segment-models';
import { ExemplarIndex } from './exemplar.index';
import { type InjectionAnalysis, InjectionAnalyser, type RuleHit } from './injection.analyser';
import {
  type Contribution,
  DIRECT_MODEL,
  INDIRECT_MODEL,
  type ScoringModel,
  directCategory,
  scoreFeatures,
  severityFor,
  withOverrides,
} from './injection.model';
import { type InjectionOptions, injectionOptions } from './injection.options';
import { describeSignals } from './injection.explanation';
import { findPastedDocument } from './pasted-document';
import { DIRECT_RULES } from './rules/direct.rules';
import { INDIRECT_RULES } from './rules/indirect.rules';

export const INJECTION_DETECTOR_ID = 'injection';
export const INDIRECT_INJECTION_DETECTOR_ID = 'indirect_injection';
const VERSION = '1.0.0';

/**
 * Default report thresholds. Scores are calibrated with equal priors (0.5 = as likely an attack as
 * not); on the development sets 0.35 keeps user-input false positives near 0.2% and 0.5 keeps document
 * false positives under 1% (test/eval prints the curve). Policy `options.threshold` overrides them.
 */
export const DEFAULT_DIRECT_THRESHOLD = 0.35;
export const DEFAULT_INDIRECT_THRESHOLD = 0.5;

export type InjectionDetectorDeps = {
  /** Embedding port for the similarity signal; the hashing fallback by default. */
  readonly embedder?: EmbeddingProvider;
  /** Share one analyser set between the two detectors (exemplars are embedded once). */
  readonly analysers?: InjectionAnalysers;
};

export type InjectionAnalysers = {
  readonly direct: InjectionAnalyser;
  readonly documents: InjectionAnalyser;
};

let sharedAnalysers: InjectionAnalysers | undefined;

/** Analysers for user input (direct rules) and documents (direct and indirect rules), one exemplar index. */
export function createInjectionAnalysers(embedder?: EmbeddingProvider): InjectionAnalysers {
  if (embedder === undefined && sharedAnalysers !== undefined) return sharedAnalysers;
  const index = new ExemplarIndex(embedder ?? createHashingEmbedder());
  const analysers = {
    direct: new InjectionAnalyser(DIRECT_RULES, index),
    documents: new InjectionAnalyser([...DIRECT_RULES, ...INDIRECT_RULES], index),
  };
  if (embedder === undefined) sharedAnalysers = analysers;
  return analysers;
}

/**
 * Direct prompt injection and jailbreaks in what users send (field `input`; the system prompt is never
 * scanned). One finding per segment whose score reaches the threshold: category `jailbreak` or
 * `prompt_injection` by which signals carried the score, with the signals named in the message.
 */
export function createInjectionDetector(deps: InjectionDetectorDeps = {}): Detector {
  return createDetector({
    id: INJECTION_DETECTOR_ID,
    description:
      'Prompt injection and jailbreak attempts in user input: rule library, structure, similarity to known attacks.',
    defaults: { threshold: DEFAULT_DIRECT_THRESHOLD, fields: ['input'] },
    model: DIRECT_MODEL,
    analyser: (analysers) => analysers.direct,
    documents: false,
    deps,
  });
}

/**
 * Indirect prompt injection: instructions planted in retrieved documents and tool results (fields
 * `retrieval`, `tool_result`), addressed to the model rather than to the document's human reader.
 */
export function createIndirectInjectionDetector(deps: InjectionDetectorDeps = {}): Detector {
  return createDetector({
    id: INDIRECT_INJECTION_DETECTOR_ID,
    description:
      'Indirect prompt injection in retrieved documents and tool results: instructions addressed to the AI.',
    defaults: { threshold: DEFAULT_INDIRECT_THRESHOLD, fields: ['retrieval', 'tool_result'] },
    model: INDIRECT_MODEL,
    analyser: (analysers) => analysers.documents,
    documents: true,
    deps,
  });
}

type DetectorSpec = {
  id: string;
  description: string;
  defaults: { threshold: number; fields: readonly SegmentField[] };
  model: ScoringModel;
  analyser: (analysers: InjectionAnalysers) => InjectionAnalyser;
  documents: boolean;
  deps: InjectionDetectorDeps;
};

function createDetector(spec: DetectorSpec): Detector {
  let analysers = spec.deps.analysers;
  const models = new WeakMap<InjectionOptions, ScoringModel>();
  const modelFor = (options: InjectionOptions) => {
    let model = models.get(options);
    if (model === undefined) {
      model = withOverrides(spec.model, options.weights);
      models.set(options, model);
    }
    return model;
  };
  return {
    id: spec.id,
    version: VERSION,
    description: spec.description,
    detectSegment(segment: TextSegment, context: DetectorContext): DetectorHit[] {
      const options = injectionOptions(spec.id, context.settings.options, spec.defaults);
      if (segment.location.field === 'system' || segment.text.trim().length === 0) return [];
      if (!options.fields.has(segment.location.field)) {
        const pasted = spec.documents && options.pastedDocuments && segment.location.field === 'input';
        return pasted ? detectPastedDocument(segment, options) : [];
      }
      analysers ??= createInjectionAnalysers(spec.deps.embedder);
      const classifier = classifierScore(context.signals, segment);
      const analysis = spec.analyser(analysers).analyse(segment.text, {
        maxScanCharacters: options.maxScanCharacters,
        similarity: options.similarity,
        ...(spec.documents
          ? { offTask: { userText: lastUserText(context) } }
          : { lexical: options.lexicalModel }),
        ...(classifier !== undefined ? { classifier } : {}),
      });
      const { score, contributions } = scoreFeatures(analysis.features, modelFor(options));
      if (score < options.threshold) return [];
      const category: Category = spec.documents
        ? 'indirect_prompt_injection'
        : directCategory(contributions, analysis.nearest?.exemplar.category);
      const hit = buildHit(spec.id, segment, analysis, score, contributions, category);
      if (classifier === undefined || context.signals?.classifier === undefined) return [hit];
      const modelId = context.signals.classifier.id;
      return [
        {
          ...hit,
          attributes: { ...hit.attributes, classifier_model: modelId, classifier_score: classifier },
        },
      ];
    },
  };

  /**
   * A document pasted into the user's message, scanned as a document. Without the off-task feature:
   * what users paste (dialogues, articles with their own questions, persona sheets) is too varied for
   * "a question unrelated to the request" to mean an attack; the rule families and similarity decide.
   */
  function detectPastedDocument(segment: TextSegment, options: InjectionOptions): DetectorHit[] {
    const pasted = findPastedDocument(segment.text);
    if (pasted === undefined) return [];
    analysers ??= createInjectionAnalysers(spec.deps.embedder);
    const document = { ...segment, text: segment.text.slice(pasted.start, pasted.end) };
    const analysis = spec.analyser(analysers).analyse(document.text, {
      maxScanCharacters: options.maxScanCharacters,
      similarity: options.similarity,
    });
    const { score, contributions } = scoreFeatures(analysis.features, modelFor(options));
    if (score < options.threshold) return [];
    const hit = buildHit(spec.id, document, analysis, score, contributions, 'indirect_prompt_injection', {
      offset: pasted.start,
      where: `a document pasted into ${describeLocation(segment)}`,
    });
    return [{ ...hit, attributes: { ...hit.attributes, pasted_document: true } }];
  }
}

function buildHit(
  detectorId: string,
  segment: TextSegment,
  analysis: InjectionAnalysis,
  score: number,
  contributions: readonly Contribution[],
  category: Category,
  /** Where the analysed text sits when it is part of the segment (a pasted document): offset, and wording. */
  placement: { offset: number; where: string } = { offset: 0, where: describeLocation(segment) },
): DetectorHit {
  const strongest = strongestHit(analysis.hits, contributions);
  const span = strongest ?? analysis.offTask ?? { start: 0, end: Math.min(segment.text.length, 200) };
  const rounded = Math.round(score * 10_000) / 10_000;
  const signals = describeSignals(contributions, analysis, segment.text);
  const { offset, where } = placement;
  const kind =
    category === 'jailbreak'
      ? 'Jailbreak attempt'
      : category === 'prompt_injection'
        ? 'Prompt injection attempt'
        : 'Indirect prompt injection';
  return {
    rule_id: `${detectorId}.${category}`,
    category,
    severity: severityFor(rounded),
    score: rounded,
    location: { ...segment.location, start: offset + span.start, end: offset + span.end },
    evidence: evidenceOf(segment.text, span),
    message: `${kind} in ${where} (score ${rounded.toFixed(2)}): ${signals.text}.`,
    attributes: {
      signals: signals.families.join(','),
      rules: analysis.hits
        .map((hit) => hit.rule.id)
        .slice(0, 12)
        .join(','),
      ...(analysis.nearest !== undefined
        ? {
            nearest_attack: analysis.nearest.exemplar.family,
            similarity: Math.round(analysis.nearest.similarity * 1000) / 1000,
          }
        : {}),
      obfuscated: analysis.features.obfuscation > 0,
      truncated: analysis.truncated,
      scanned_chars: analysis.scannedCharacters,
      model: `injection-logistic-${VERSION}`,
    },
  };
}

/** The rule match whose family contributed most, for the finding's offsets and evidence. */
function strongestHit(hits: readonly RuleHit[], contributions: readonly Contribution[]): RuleHit | undefined {
  for (const { feature } of contributions) {
    const inFamily = hits.filter((hit) => hit.rule.family === feature);
    if (inFamily.length > 0)
      return inFamily.reduce((best, hit) => (hit.rule.weight > best.rule.weight ? hit : best));
  }
  return undefined;
}

const MAX_EVIDENCE = 80;

/**
 * The matched attack phrase itself, white space collapsed and cut to 80 characters: it identifies the
 * technique without carrying the rest of the user's message (which may hold personal data).
 */
function evidenceOf(text: string, span: { start: number; end: number }): string {
  const phrase = text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
  return phrase.length > MAX_EVIDENCE ? `${phrase.slice(0, MAX_EVIDENCE - 1)}…` : phrase;
}

function describeLocation(segment: TextSegment): string {
  const { location } = segment;
  switch (location.field) {
    case 'retrieval':
      return `retrieved document "${location.document ?? '?'}"`;
    case 'tool_result':
      return segment.toolName !== undefined ? `the result of tool "${segment.toolName}"` : 'a tool result';
    case 'input':
      return `the user input (message ${location.message ?? 0})`;
    case 'output':
      return 'the model output';
    case 'tool_call':
      return 'a tool call';
    case 'system':
      return 'the system prompt';
  }
}

/** The latest user message of the event: what a document is supposed to help answer. */
function lastUserText(context: DetectorContext): string {
  const messages = context.event.input_messages ?? [];
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (message.role !== 'user') continue;
    const texts: string[] = [];
    for (const part of message.parts) {
      const content = (part as { content?: unknown }).content;
      if (part.type === 'text' && typeof content === 'string') texts.push(content);
    }
    return texts.join('\n').slice(0, 4000);
  }
  return '';
}
