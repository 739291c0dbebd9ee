import { addressedToReader } from '../content-words';
import { type InjectionRule, type RuleMatch, customRule, proximityRule, rule } from './rule';
import { oneOf } from './vocabulary';

/** How a planted instruction names the model that will read the document. */
const READER = oneOf(
  'ai',
  'a\\.i\\.',
  'ais',
  'assistant',
  'assistants',
  'ai assistants?',
  'language models?',
  'llms?',
  'large language models?',
  'chat ?bots?',
  'bots?',
  'gpt(?:-?\\d(?:\\.\\d)?o?)?',
  'chat ?gpt',
  'claude',
  'bard',
  'gemini',
  'copilot',
  'models?',
  'ai models?',
  'agents?',
  'ai agents?',
  'summari[sz]ers?',
  'crawlers?',
  'scrapers?',
  'automated (?:systems?|readers?|agents?)',
);

/** What the model produces for the user (not "your code": documentation says "add this to your code"). */
const ANSWER = oneOf(
  'answers?',
  'responses?',
  'reply',
  'replies',
  'outputs?',
  'summary',
  'summaries',
  'explanation',
  'elucidation',
  'completion',
  'message to the user',
  'reply to the user',
  'final answer',
);

/** Weight of an answer-shaping request written for the document's reader (e-mails ask for replies). */
const RELATED_WEIGHT = 0.25;

/**
 * Two rules over one pattern: the instruction planted for a model at `weight`, and the same wording
 * addressed to the document's human reader (see `addressedToReader`) at a low weight.
 */
/**
 * Indirect prompt injection: instructions planted in retrieved documents and tool results, addressed
 * to the model that reads them rather than to the human the content was written for. Scanned together
 * with the direct rules (an override phrase in a web page is as telling as in a prompt).
 */
export const INDIRECT_RULES: readonly InjectionRule[] = [
  // --- text addressed to the AI ------------------------------------------------------------------
  rule(
    'addressed_to_ai.note_to_ai',
    'addressed_to_ai',
    1,
    [
      'note',
      'message',
      'instruction',
      'instructions',
      'attention',
      'reminder',
      'important',
      'notice',
      'memo',
      'directive',
    ],
    `\\b(?:note|message|instructions?|attention|reminder|important|notice|memo|directive|p\\.?s\\.?)\\s*(?:to|for)\\s+(?:the\\s+|any\\s+|all\\s+|every\\s+)?(?:\\w+\\s+)?${READER}\\b`,
  ),
  rule(
    'addressed_to_ai.if_you_are_an_ai',
    'addressed_to_ai',
    1,
    ['you', 'dear', 'hey', 'hi', 'hello', 'attention', 'yo'],
    `\\b(?:if|when|since|as)\\s+you\\s+(?:are|'re)\\s+(?:an?\\s+)?(?:\\w+\\s+)?${READER}\\b|(?:^|[\\n.!:>(\\[-]\\s*)(?:dear|hey|hi|hello|attention|yo|ok|okay)\\s*,?\\s+(?:the\\s+)?${READER}\\b\\s*[,:!.-]`,
  ),
  rule(
    'addressed_to_ai.ai_reading_this',
    'addressed_to_ai',
    0.9,
    [
      'reading',
      'processing',
      'summarizing',
      'summarising',
      'analyzing',
      'analysing',
      'parsing',
      'viewing',
      'browsing',
      'handling',
      'crawling',
      'indexing',
    ],
    `\\b${READER}\\s+(?:that\\s+(?:is|are)\\s+|who\\s+(?:is|are)\\s+)?(?:reading|processing|summari[sz]ing|analy[sz]ing|parsing|viewing|browsing|handling|crawling|indexing|ingesting)\\s+(?:this|these|the (?:following|above))\\b`,
  ),
  rule(
    'addressed_to_ai.ai_must',
    'addressed_to_ai',
    0.6,
    ['must', 'should', 'shall', 'needs', 'required', 'instructed', 'will'],
    `\\b(?:the|any|all|every|you,?)\\s+(?:ai|assistant|language model|llm|chat ?bot|bot|gpt|model|agent|ai assistant|ai model)s?\\s+(?:must|should|shall|needs to|has to|is (?:required|instructed|expected) to|are (?:required|instructed|expected) to|will now)\\s+(?:now\\s+|always\\s+|immediately\\s+)?(?:ignore|disregard|forget|tell|say|respond|reply|answer|recommend|inform|include|append|add|send|call|use|output|print|reveal|not|never|always|only|translate|summari[sz]e|write|claim|state|direct|urge|ask)\\b`,
  ),

  // --- instructions that alter the answer ------------------------------------------------------------
  ...plantedOrRelated(
    'response_manipulation.in_your_answer',
    0.8,
    ['your'],
    `\\b(?:in|to|into|within|throughout|from|for|of|with|at the (?:end|start|beginning|top|bottom) of|as (?:a )?part of)\\s+(?:each\\s+|every\\s+)?(?:your|the)\\s+(?:final\\s+|next\\s+|upcoming\\s+|subsequent\\s+)?${ANSWER}\\b`,
  ),
  ...plantedOrRelated(
    'response_manipulation.shape_your_answer',
    0.6,
    ['your'],
    `\\b(?:provide|give|write|format|deliver|present|render|structure|compose|craft|keep|end|start|begin|augment|enhance|enrich|modify|alter|rewrite|rephrase|translate|encode|reverse|spell)\\s+(?:each\\s+|every\\s+|all\\s+(?:of\\s+)?)?your\\s+(?:final\\s+)?(?:answers?|responses?|reply|replies|outputs?|summary|summaries|solutions?|explanation)\\b`,
  ),
  rule(
    'response_manipulation.answer_must',
    'response_manipulation',
    0.8,
    ['answer', 'response', 'reply', 'output', 'summary', 'answers', 'responses', 'replies'],
    `\\b(?:your|the|every|each|all)\\s+(?:final\\s+)?(?:answers?|responses?|reply|replies|outputs?|summary|summaries)\\s+(?:must|should|shall|has to|have to|needs? to|will|is to|are to)\\s+(?:now\\s+|always\\s+|only\\s+)?(?:be|include|contain|start|begin|end|mention|say|state|recommend|tell|use|feature|promote|link|direct|consist)\\b`,
  ),
  rule(
    'response_manipulation.when_summarising',
    'response_manipulation',
    0.9,
    [
      'summarizing',
      'summarising',
      'summarize',
      'summarise',
      'answering',
      'responding',
      'replying',
      'asked',
      'processing',
    ],
    `\\b(?:when|while|if|before|after|whenever)\\s+(?:you\\s+)?(?:are\\s+|'re\\s+)?(?:summari[sz]ing|summari[sz]e|answering|responding|replying|processing|asked about|generating (?:the|your|a) (?:answer|response|summary)|writing (?:the|your|a) (?:answer|response|summary|reply))\\b[^.\\n]{0,80}\\b(?:you|must|should|always|never|include|add|tell|say|state|claim|mention|append|recommend|emphasi[sz]e|write that|report that|note that|make sure|ensure|do not|don't)\\b`,
  ),
  rule(
    'response_manipulation.tell_the_user',
    'response_manipulation',
    0.6,
    [
      'tell',
      'inform',
      'remind',
      'warn',
      'advise',
      'convince',
      'persuade',
      'urge',
      'instruct',
      'recommend',
      'encourage',
    ],
    `\\b(?:tell|inform|remind|warn|advise|convince|persuade|urge|instruct|recommend to|encourage)\\s+(?:the\\s+)?(?:users?|readers?|customers?|person|human|visitors?)\\s+(?:to|that)\\b`,
  ),
  rule(
    'response_manipulation.conceal_instruction',
    'response_manipulation',
    1,
    ['mention', 'reveal', 'tell', 'disclose', 'acknowledge', 'reference', 'show'],
    `\\b(?:do not|don't|never|without)\\s+(?:mention(?:ing)?|reveal(?:ing)?|tell(?:ing)?(?: the user)?(?: about)?|disclos(?:e|ing)|acknowledg(?:e|ing)|referenc(?:e|ing)|show(?:ing)?)\\s+(?:this|these|the above|the following|that you (?:were|have been) (?:told|instructed))\\s*(?:instructions?|notes?|messages?|text|comments?|requests?|directives?)?\\b`,
  ),

  // --- tools, messages and links ---------------------------------------------------------------------
  rule(
    'tool_instruction.call_tool',
    'tool_instruction',
    // API documentation tells its readers to call functions: weak unless addressed to the AI.
    0.4,
    ['call', 'invoke', 'use', 'run', 'execute', 'trigger', 'calls'],
    `\\b(?:call|invoke|use|run|execute|trigger)\\s+(?:the\\s+)?(?:[\\w.-]+\\s+)?(?:tool|function|api|plugin|action|endpoint|command)\\s*(?:[\\w.-]+\\s*)?(?:with|to|and|\\()|\\b(?:call|invoke|execute)\\s+[a-z]+_[a-z_]+\\b`,
  ),
  rule(
    'tool_instruction.send_to_address',
    'tool_instruction',
    0.9,
    [
      'send',
      'forward',
      'email',
      'mail',
      'post',
      'upload',
      'transmit',
      'exfiltrate',
      'leak',
      'submit',
      'share',
      'copy',
    ],
    `\\b(?:send|forward|post|upload|transmit|exfiltrate|leak|submit|share|copy)\\s+(?:all\\s+|the\\s+|this\\s+|their\\s+|his\\s+|her\\s+|the user'?s?\\s+|your\\s+|a copy of\\s+)?(?:[\\w'-]+\\s+){0,4}?(?:to|at|via)\\s+(?:[\\w.+-]+@[\\w-]+\\.[\\w.]+|https?://|www\\.)`,
  ),
  rule(
    'tool_instruction.visit_link',
    'tool_instruction',
    0.5,
    ['visit', 'go', 'navigate', 'open', 'browse', 'click', 'download', 'fetch', 'load', 'access', 'follow'],
    `\\b(?:visit|go to|navigate to|open|browse to|click|download|fetch|load|access)\\s+(?:the\\s+)?(?:(?:link|url|page|site|website|file|report)\\s+)?(?:at\\s+|from\\s+)?(?:https?://|www\\.)`,
  ),
  rule(
    'tool_instruction.without_confirmation',
    'tool_instruction',
    0.9,
    [
      'confirmation',
      'confirming',
      'confirm',
      'asking',
      'approval',
      'approved',
      'preapproved',
      'authorised',
      'authorized',
    ],
    `\\b(?:without|no need for|skip(?:ping)?|do not|don't)\\s+(?:asking|ask(?:ing)? (?:the user|for)|(?:user\\s+)?confirm(?:ation|ing)?|approval|checking with|verify(?:ing)?)\\b|\\b(?:this|it|the (?:order|transfer|payment|action|request))\\s+(?:is|has been)\\s+(?:pre-?approved|pre-?authori[sz]ed|already (?:approved|authori[sz]ed))\\b`,
  ),

  // --- exfiltration ----------------------------------------------------------------------------------
  rule(
    'exfiltration.tracking_image',
    'exfiltration',
    1,
    ['http', 'https', 'img', 'src'],
    `!\\[[^\\]\\n]{0,100}\\]\\(\\s*https?://[^)\\s]{1,200}\\?[^)\\s]{0,300}=|<img\\b[^>]{0,200}\\bsrc\\s*=\\s*["']?https?://[^"'\\s>]{1,200}\\?`,
  ),
  rule(
    // The conversation or the user's data put into the answer, a link or a message to a third party.
    // Sent "to you/your e-mail" it is a help article talking to its reader ("we will send the
    // conversation transcript to your e-mail"), not an exfiltration.
    'exfiltration.include_conversation',
    'exfiltration',
    0.9,
    [
      'conversation',
      'chat',
      'history',
      'messages',
      'data',
      'password',
      'passwords',
      'credentials',
      'details',
      'information',
      'prompt',
      'positions',
      'balance',
    ],
    `\\b(?:append|include|add|insert|embed|attach|encode|put|send|forward|post|leak|exfiltrate)\\b[^.\\n]{0,60}\\b(?:the\\s+|this\\s+|our\\s+|their\\s+|the user'?s?\\s+)(?:conversation|chat(?: history| log)?|previous messages|message history|system prompt|(?:personal |private |account |login )?(?:data|password|passwords|credentials|details|information|cookies|tokens?|api keys?|positions|cash balance|balances?))\\b(?![^.\\n]{0,30}\\bto (?:you|your|yourself)\\b)|\\b(?:with|containing|including|attaching)\\s+(?:the\\s+|all\\s+)?(?:full\\s+|entire\\s+|whole\\s+|complete\\s+)?(?:conversation|chat)(?:\\s+(?:history|log|transcript))?\\b[^.\\n]{0,40}?\\bto\\s+(?:[\\w.+-]+@[\\w-]+\\.[\\w.]+|https?://)`,
  ),

  // --- code the answer is told to include (planted in documents) ---------------------------------------
  customRule(
    'embedded_code.suspicious_code',
    'embedded_code',
    1,
    ['code', 'codebase', 'solution', 'implementation', 'snippet', 'excerpt', 'block', 'import'],
    (text) => matchEmbeddedCode(text, true),
  ),
  customRule(
    'embedded_code.include_code',
    'embedded_code',
    // Documentation says "add the following snippet to your code" all the time: weak unless the code
    // itself runs commands, reads secrets or talks to remote hosts (the rule above).
    0.3,
    ['code', 'codebase', 'solution', 'implementation', 'snippet', 'excerpt', 'block', 'import'],
    (text) => matchEmbeddedCode(text, false),
  ),
  proximityRule(
    'addressed_to_ai.hidden_comment',
    'addressed_to_ai',
    0.9,
    ['ai', 'assistant', 'ignore', 'instruction', 'instructions', 'model', 'must', 'llm', 'gpt', 'prompt'],
    '<!--',
    `^(?:(?!-->)[\\s\\S]){0,300}?\\b(?:ai|assistant|ignore|disregard|instructions?|model|llm|gpt|system prompt|you must|you should|you will)\\b`,
    320,
  ),
];

const CODE_START =
  /```|(?:^|\n)\s*(?:import|from)\s+[a-z_][\w.]*|(?:^|\n)\s*(?:def|function|const|var|let)\s+\w+/g;
const INCLUDE_INSTRUCTION =
  /\byour\s+(?:own\s+)?(?:code|codebase|solution|implementation|program|algorithm|script|response|answer|reply|elucidation|explanation|project)\b|\b(?:following|below|subsequent|this)\s+(?:code|python|script)\s*(?:block|snippet|excerpt|section|segment)?\b/;
const SUSPICIOUS_CODE =
  /\b(?:os\.system|os\.popen|subprocess|eval\s*\(|exec\s*\(|__import__|requests\.(?:get|post|put)|urllib|socket|paramiko|smtplib|aiosmtplib|yagmail|psutil|pickle|ftplib|cookiejar|cookies?|os\.environ|getenv|shutil\.rmtree|keylog\w*|pynput|usb\.core|scp|rm\s+-rf|chmod\s+\+x|curl\s|wget\s|dd\s+if=|miner|mining|b64decode|reverse.?shell|nc\s+-e)\b/;
const MAX_CODE_BLOCKS = 6;

/**
 * Code planted in a document with an instruction to put it into the answer: an instruction naming
 * the answer ("your solution", "the following code block") within 250 characters before the code, and,
 * when `suspicious`, code that runs commands, reads secrets or sends data out.
 */
function matchEmbeddedCode(text: string, suspicious: boolean): RuleMatch | undefined {
  CODE_START.lastIndex = 0;
  for (let tries = 0; tries < MAX_CODE_BLOCKS; tries++) {
    const code = CODE_START.exec(text);
    if (code === null) return undefined;
    const before = Math.max(0, code.index - 250);
    const instruction = INCLUDE_INSTRUCTION.exec(text.slice(before, code.index + code[0].length));
    if (instruction === null) continue;
    const body = text.slice(code.index, code.index + 600);
    if (SUSPICIOUS_CODE.test(body) !== suspicious) continue;
    const start = before + instruction.index;
    return { start, end: Math.min(text.length, code.index + Math.min(body.length, 200)) };
  }
  return undefined;
}

function plantedOrRelated(
  id: string,
  weight: number,
  keywords: readonly string[],
  source: string,
): InjectionRule[] {
  const pattern = new RegExp(source);
  const find = (text: string, related: boolean): RuleMatch | undefined => {
    const found = pattern.exec(text);
    if (found === null) return undefined;
    const end = found.index + found[0].length;
    return addressedToReader(text, found.index, end) === related ? { start: found.index, end } : undefined;
  };
  return [
    customRule(id, 'response_manipulation', weight, keywords, (text) => find(text, false)),
    customRule(`${id}_related`, 'response_manipulation', RELATED_WEIGHT, keywords, (text) =>
      find(text, true),
    ),
  ];
}
