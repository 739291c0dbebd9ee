import { STOPWORDS, contentWords, countContentWords } from './content-words';

/**
 * An instruction or question planted in a document that has nothing to do with it: "Explain the theory
 * of relativity." inside a card-payment e-mail, "Write a poem about the sea." at the top of an invoice.
 * The assistant reading the document would answer it instead of (or besides) the user's question.
 *
 * A sentence counts when it opens like a task for an assistant (write, explain, translate, what is,
 * how do, …), carries no personal or transactional detail (I/we/our, digits, money), and shares almost
 * none of its content words with the rest of the document or the user's question. Ordinary e-mails ask
 * questions too ("Could you send the signed contract?"), but those are about the e-mail's own matter,
 * addressed to its recipient, and share its vocabulary.
 */
export type OffTaskFinding = { score: number; start: number; end: number };

const SENTENCE = /[^.!?\n]+[.!?]*/g;
const TASK_OPENER =
  /^(?:please\s+)?(?:write|compose|draft|create|generate|produce|explain|describe|summari[sz]e|translate|provide|give me|tell me|list|suggest|develop|outline|define|recommend|name|calculate|compare|discuss|analy[sz]e|illustrate|teach me|show me how|what(?:'s| is| are| was| were| does| do)|who (?:is|was|were|wrote|invented|discovered|painted|composed|founded)|how (?:do|does|did|can|could|to|many|much|far|long|old)|why (?:do|does|is|are|did|was)|when (?:did|was|is|were)|where (?:is|are|was|were|do|does)|which (?:is|are|was|country|city|planet)|in what)\b/;
/**
 * Personal, conversational or transactional detail: the sentence is about the document's own matter or
 * addressed to its human recipient ("How can I ever repay you?", "Could you send the invoice?").
 */
const PERSONAL =
  /\b(?:i(?! solve| make| write| cook| calculate)|i'm|i've|i'll|i'd|we|we're|our|ours|us|my|mine|you(?! say)|your|yours|me(?! how| the| a| an| about| what| why| who)|this email|this message|attached|below|above)\b|\d|[$€£¥]/;
/** A task planted inside a sentence of the document: "…from this initial Explain the theory of relativity. charge…". */
const INSERTED_TASK =
  /(?<=[a-z,;:)]\s{1,3})(?:Write|Compose|Draft|Create|Generate|Produce|Explain|Describe|Summari[sz]e|Translate|Provide|Give|Tell|List|Suggest|Develop|Outline|Define|Recommend|Calculate|Compare|Discuss|Analy[sz]e|Illustrate|Teach|What|Who|How|Why|When|Where|Which)\b[^.!?\n]{5,200}[.!?]/g;
const MIN_CONTEXT_WORDS = 12;

/**
 * `original` is the document as written (capital letters show where a planted sentence starts);
 * offsets of the result are in it.
 */
export function offTaskInstruction(original: string, userText = ''): OffTaskFinding | undefined {
  const sentences: Array<{ text: string; start: number; end: number }> = [];
  SENTENCE.lastIndex = 0;
  for (let found = SENTENCE.exec(original); found !== null; found = SENTENCE.exec(original)) {
    const leading = found[0].length - found[0].trimStart().length;
    const text = found[0].trim().toLowerCase();
    if (text.length > 0) {
      sentences.push({ text, start: found.index + leading, end: found.index + leading + text.length });
    }
  }
  if (sentences.length < 2) return undefined;
  INSERTED_TASK.lastIndex = 0;
  for (let found = INSERTED_TASK.exec(original); found !== null; found = INSERTED_TASK.exec(original)) {
    sentences.push({ text: found[0].toLowerCase(), start: found.index, end: found.index + found[0].length });
  }

  const documentWords = countContentWords(original.toLowerCase());
  const userWords = new Set(contentWords(userText.toLowerCase()));
  let best: OffTaskFinding | undefined;
  for (const sentence of sentences) {
    const score = sentenceScore(sentence.text, documentWords, userWords);
    if (score > 0 && (best === undefined || score > best.score)) {
      best = { score, start: sentence.start, end: sentence.end };
    }
  }
  return best;
}

function sentenceScore(sentence: string, documentWords: Map<string, number>, userWords: Set<string>): number {
  const wordCount = sentence.split(/\s+/).length;
  if (wordCount < 3 || wordCount > 30) return 0;
  if (!TASK_OPENER.test(sentence) || PERSONAL.test(sentence)) return 0;
  const own = contentWords(sentence).filter((word) => !STOPWORDS.has(word));
  if (own.length === 0) return 0;
  const ownCounts = new Map<string, number>();
  for (const word of own) ownCounts.set(word, (ownCounts.get(word) ?? 0) + 1);
  let contextWords = 0;
  for (const [word, total] of documentWords) contextWords += total - (ownCounts.get(word) ?? 0);
  if (contextWords < MIN_CONTEXT_WORDS) return 0;
  let shared = 0;
  for (const word of ownCounts.keys()) {
    const elsewhere = (documentWords.get(word) ?? 0) - (ownCounts.get(word) ?? 0);
    if (elsewhere > 0 || userWords.has(word)) shared++;
  }
  const overlap = shared / ownCounts.size;
  if (overlap === 0) return 1;
  if (overlap <= 0.25) return 0.6;
  return 0;
}
