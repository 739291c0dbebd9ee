/**
 * A document the user pasted into their own message ("Summarise this e-mail:\n\n<e-mail>"): the same
 * channel as a retrieved document, only the user carried it. An instruction planted in it is indirect
 * prompt injection against the user, who usually has not read it closely.
 */
export type PastedDocument = {
  /** Offsets of the pasted text in the message. */
  readonly start: number;
  readonly end: number;
  /** The user's own words around it: what the document is supposed to help with. */
  readonly request: string;
};

/** Shorter pasted text is a quote, not a document. */
const MIN_DOCUMENT_CHARACTERS = 120;
/** A request longer than this is not a one-line ask about a document. */
const MAX_REQUEST_CHARACTERS = 400;
/** How much of a long message is searched for the boundary. */
const SEARCH_CHARACTERS = 16_384;

/** Lines that open a pasted block: code fences, rules, quotes, e-mail headers, forwarded-message banners. */
const OPENING_LINE =
  /^[ \t]*(?:`{3,}[\w-]*|"{3}|'{3}|-{3,}|={3,}|_{3,}|\*{3,}|<(?:email|e-mail|document|text|article|context|message)>|-{2,}\s*(?:original|forwarded) message\s*-{2,}|begin forwarded message:?|(?:from|subject|to|date|sent|cc|email_from|received date)\s*:)[ \t]*$|^[ \t]*(?:from|subject|email_from)\s*:[^\n]{1,200}$/im;

/** A request that points at pasted content ("this e-mail", "the following text", "below"). */
const POINTS_AT_DOCUMENT =
  /\b(?:this|these|the following|following|below|attached|pasted|here(?:'s| is| are)|above|the)\s+(?:[\w-]+\s+){0,2}?(?:e-?mails?|messages?|documents?|text|articles?|reviews?|posts?|letters?|pages?|content|threads?|transcripts?|reports?|notes?|comments?|chats?|conversations?|files?|contracts?|polic(?:y|ies)|statements?|paragraphs?|passages?|excerpts?|story|essay|logs?|tickets?|complaints?|feedback|memo|minutes|invoice|terms)\b|(?:^|\n)\s*(?:q|question|task)\s*:/i;

/**
 * The pasted document in a message, if the message reads as a short request plus a longer text it is
 * about: a request paragraph that points at the text (or ends in a colon), before or after it; or a
 * block opened by a fence, a rule line or e-mail headers. Of the readings that fit, the one with the
 * longest document wins (a blank line inside the e-mail must not cut it in two).
 */
export function findPastedDocument(message: string): PastedDocument | undefined {
  const text = message.length > SEARCH_CHARACTERS ? message.slice(0, SEARCH_CHARACTERS) : message;
  if (text.length < MIN_DOCUMENT_CHARACTERS) return undefined;
  if (!text.includes('\n')) return quotedDocument(text);
  const candidates = [
    requestThenDocument(text),
    documentThenRequest(text),
    openedBlock(text),
    quotedDocument(text),
  ].filter((candidate): candidate is PastedDocument => candidate !== undefined);
  if (candidates.length === 0) return undefined;
  return candidates.reduce((best, candidate) =>
    candidate.end - candidate.start > best.end - best.start ? candidate : best,
  );
}

/**
 * A paragraph that asks something (a question, or a task verb first): a closing "If you have questions,
 * reply to this e-mail." is the e-mail's own last line, not the user's request.
 */
const REQUEST_OPENER =
  /^(?:q|question|task)\s*:|^(?:please|can you|could you|would you|summari[sz]e|explain|translate|rewrite|reword|what|who|how|why|when|where|which|is|are|does|do|did|should|tell me|list|find|extract|draft|write|reply to|answer|check|classify|analy[sz]e)\b/i;

/** E-mail header fields: a "request" holding them is the top of the pasted e-mail itself. */
const HEADER_FIELD = /(?:^|[\n|])\s*(?:subject|from|email_from|received date|to|date|sent|cc|content)\s*:/i;

function isRequest(request: string): boolean {
  return request.length > 0 && request.length <= MAX_REQUEST_CHARACTERS && !HEADER_FIELD.test(request);
}

/** "Summarise this e-mail:\n\n…": a short first paragraph that points at what follows. */
function requestThenDocument(text: string): PastedDocument | undefined {
  const boundary = firstParagraphEnd(text);
  if (boundary === undefined) return undefined;
  const request = text.slice(0, boundary.end).trim();
  if (!isRequest(request)) return undefined;
  if (!request.endsWith(':') && !POINTS_AT_DOCUMENT.test(request)) return undefined;
  const end = trailingRequestStart(text) ?? text.length;
  return end > boundary.next ? documentBetween(text, boundary.next, end, request) : undefined;
}

/** "…\n\nWhat is this e-mail about?": a short last paragraph that points back at what came before. */
function documentThenRequest(text: string): PastedDocument | undefined {
  const boundary = trailingRequestStart(text);
  if (boundary === undefined) return undefined;
  return documentBetween(text, 0, boundary, text.slice(boundary).trim());
}

/** Where a closing request paragraph starts, if the message ends with one. */
function trailingRequestStart(text: string): number | undefined {
  const boundary = text.lastIndexOf('\n\n');
  if (boundary <= 0) return undefined;
  const request = text.slice(boundary).trim();
  const asks = request.endsWith('?') || REQUEST_OPENER.test(request);
  return asks && isRequest(request) && POINTS_AT_DOCUMENT.test(request) ? boundary : undefined;
}

/** A block opened by a fence, a rule line or e-mail headers, to the end of the message. */
function openedBlock(text: string): PastedDocument | undefined {
  const opening = OPENING_LINE.exec(text);
  if (opening === null) return undefined;
  const request = text.slice(0, opening.index).trim();
  if (request.length > 0 && !isRequest(request)) return undefined;
  const end = trailingRequestStart(text) ?? text.length;
  return end > opening.index ? documentBetween(text, opening.index, end, request) : undefined;
}

/** 'Summarise this customer e-mail: "Hi team, …"': a request, a colon, and the document in quotes. */
const QUOTED_AFTER_COLON = /[:?]\s*["“«]/;

function quotedDocument(text: string): PastedDocument | undefined {
  const colon = QUOTED_AFTER_COLON.exec(text.slice(0, MAX_REQUEST_CHARACTERS + 4));
  if (colon === null) return undefined;
  const request = text.slice(0, colon.index + 1).trim();
  if (!isRequest(request) || !POINTS_AT_DOCUMENT.test(request)) return undefined;
  const open = colon.index + colon[0].length;
  const close = Math.max(text.lastIndexOf('"'), text.lastIndexOf('”'), text.lastIndexOf('»'));
  return documentBetween(text, open, close > open ? close : text.length, request);
}

/** End of the first paragraph: a blank line, or a line ending in a colon. */
function firstParagraphEnd(text: string): { end: number; next: number } | undefined {
  const blank = /\n[ \t]*\n/.exec(text);
  const colonLine = /:[ \t]*\n/.exec(text);
  const candidates = [blank, colonLine].filter((match): match is RegExpExecArray => match !== null);
  if (candidates.length === 0) return undefined;
  const first = candidates.reduce((best, match) => (match.index < best.index ? match : best));
  const end = first === colonLine ? first.index + 1 : first.index;
  return { end, next: first.index + first[0].length };
}

function documentBetween(
  text: string,
  from: number,
  to: number,
  request: string,
): PastedDocument | undefined {
  let start = from;
  let end = to;
  while (start < end && /\s/.test(text[start] ?? '')) start++;
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  if (end - start < MIN_DOCUMENT_CHARACTERS) return undefined;
  return { start, end, request };
}
