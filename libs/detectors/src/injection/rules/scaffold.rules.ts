import { regionalIndicatorRuns } from '../../adversarial/encoding/regional-indicators';
import { customRule, type InjectionRule, type RuleMatch, rule } from './rule';
import { HARM } from './vocabulary';

/**
 * Rules for attack scaffolds that carry their harmful ask in pieces or behind a frame, so that no
 * single phrase of the request reads as one: payload splitting into variables, letters spelled with
 * emoji, a villain monologue that enumerates "the steps I will take", an assistant introduced as a
 * new AI by the user. Each needs two things at once (the frame and what it carries), because each
 * frame alone is everyday text: string variables in code, flags in a chat, villains in stories.
 */
export const SCAFFOLD_RULES: readonly InjectionRule[] = [
  // --- payload splitting: the request assembled from variables ------------------------------------
  customRule(
    'smuggling.split_request_variables',
    'smuggling',
    1,
    // The pieces themselves carry the request words; a split payload must contain some of them.
    [
      'how',
      'steps',
      'step',
      'instructions',
      'synthesize',
      'synthesise',
      'synthesis',
      'recipe',
      'make',
      'build',
      'create',
      'ways',
      'manufacture',
      'produce',
      'cook',
    ],
    matchSplitRequest,
  ),

  // --- letters spelled with emoji or regional indicators, then acted on ----------------------------
  rule(
    'smuggling.act_on_encoded_phrase',
    'smuggling',
    0.8,
    ['derived', 'decoded', 'spelled', 'spelt', 'formed', 'hidden', 'encoded', 'written'],
    `\\b(?:guide|instructions|steps|tutorial|recipe|explanation|answer|response|essay|article|story|how-?to)\\b[^.\\n]{0,40}?\\b(?:phrase|words?|text|sentence|question|request|message|term)\\s+(?:that\\s+)?(?:can be\\s+|could be\\s+|is\\s+|are\\s+)?(?:derived|decoded|spelled(?: out)?|spelt|formed|hidden|encoded|written)\\s+(?:from|by|in|with|using)\\s+(?:the\\s+|these\\s+|those\\s+|this\\s+)?(?:\\w+\\s+)?(?:emojis?|emoticons|flags|letters|symbols|icons|characters|ciphers?|codes?)\\b`,
  ),
  customRule('smuggling.regional_indicator_words', 'smuggling', 0.5, [], matchRegionalIndicatorWords),

  // --- villain monologue that enumerates its plan ----------------------------------------------------
  customRule(
    'fiction.villain_step_monologue',
    'fiction',
    0.9,
    [
      'villain',
      'villains',
      'supervillain',
      'diabolical',
      'evil',
      'mastermind',
      'captured',
      'henchman',
      'henchmen',
      'nemesis',
    ],
    matchVillainSteps,
  ),

  // --- the assistant told it is an AI without limits -------------------------------------------------
  rule(
    'unrestricted.limitless_ai_identity',
    'unrestricted',
    0.9,
    ['you'],
    // "You are GPT-X, an AI without limits": the limits are the AI's own, not a budget or a file size
    // ("You are a travel agent with no budget limits", "an assistant with no internet access").
    `\\byou(?:'re| are)(?:\\s+now)?(?:\\s+[\\w.-]{2,24}(?:\\s+[\\w.-]{1,24})?\\s*,)?\\s+(?:an?|the)\\s+(?:[\\w-]+\\s+){0,2}?(?:ai|artificial intelligence|language model|llm|chatbot|ai model|model|assistant|gpt)\\s*,?\\s+(?:without|with no|free (?:of|from)|that has no|which has no|who has no|unbound by|not bound by)\\s+(?:any\\s+)?(?:(?:content|ethical|moral|safety|usual|typical|built-in|programmed)\\s+)?(?:limits|limitations|restrictions|filters|rules|boundaries|guidelines|censorship|constraints|morals|ethics)\\b`,
  ),

  // --- the user introduces the assistant as a new AI ---------------------------------------------------
  rule(
    'jailbreak_mode.ai_self_introduction',
    'jailbreak_mode',
    0.5,
    ['i'],
    // First person, at the very start, a proper name then "an (advanced) AI" that was built for
    // something: the user speaks as the AI they want the model to become. "I'm Priya, an AI
    // researcher" is a person (the job noun after "AI" is excluded).
    `^[^\\w\\n]{0,4}(?:(?:greetings|hello|hi|hey|salutations)[\\s,!.]+(?:\\w+[\\s,!.]+)?)?(?:i am|i'm)\\s+[\\w.-]{2,24}(?:\\s+[\\w.-]{1,24})?\\s*,\\s+(?:an?|the|your)\\s+(?:[\\w-]+\\s+){0,3}?(?:ai|artificial intelligence|language model|llm|chatbot|ai model|superintelligence)\\b(?!\\s+(?:engineer|researcher|research|developer|student|enthusiast|ethicist|consultant|scientist|specialist|expert|company|startup|product|team|lead|manager|architect|designer|writer|teacher|professor|hobbyist|policy|safety|lab|course|class|major|intern|analyst))\\s*,?\\s+(?:created|designed|built|made|trained|programmed|developed|engineered|capable|with|that|who|which|without|free|able|here|from)\\b`,
  ),
];

/** `$name = "text"`, `name = 'text'` (normalised text: ASCII quotes). */
const STRING_ASSIGNMENT = /(\$?[a-z_]\w{0,15})\s*=\s*["']([^"'\n]{1,80})["']/g;
/** How many assignments are read (bounds the work on a text that is all assignments). */
const MAX_ASSIGNMENTS = 12;
/** The assembled request: what the pieces say once joined. */
const REQUEST = new RegExp(
  `\\b(?:how (?:to|do i|can i)|steps? (?:to|for)|instructions? (?:for|to|on)|recipe for|ways? to|guide (?:to|for)|synthesi[sz](?:e|ing)|manufactur(?:e|ing))\\b|\\b${HARM}\\b`,
);
const JOIN_WORDS = /\b(?:concatenate|concatenated|combine|combined|join|joined|merge|merged|together)\b/;

/**
 * Payload splitting: two or more short strings put in variables, then joined (`$a + $b`, "combine
 * them"), where the joined strings ask how to make or do something harmful. Ordinary code joins
 * strings all the time; what it does not do is spell out "steps to synthesize" across variables.
 */
function matchSplitRequest(text: string): RuleMatch | undefined {
  STRING_ASSIGNMENT.lastIndex = 0;
  const names: string[] = [];
  const values: string[] = [];
  let first = -1;
  let last = -1;
  for (let count = 0; count < MAX_ASSIGNMENTS; count++) {
    const found = STRING_ASSIGNMENT.exec(text);
    if (found === null) break;
    if (first < 0) first = found.index;
    last = found.index + found[0].length;
    names.push(found[1]);
    values.push(found[2]);
  }
  if (names.length < 2 || !REQUEST.test(values.join(' '))) return undefined;
  const rest = text.slice(first, last + 800);
  if (JOIN_WORDS.test(rest) || joinsTwoNames(rest, names)) {
    return { start: first, end: last };
  }
  return undefined;
}

/** `a+b`, `$term1 + $term2`: two of the assigned names with a plus between them. */
function joinsTwoNames(text: string, names: readonly string[]): boolean {
  for (let index = text.indexOf('+'); index >= 0; index = text.indexOf('+', index + 1)) {
    const before = /(\$?\w+)\s*$/.exec(text.slice(Math.max(0, index - 20), index));
    const after = /^\s*(\$?\w+)/.exec(text.slice(index + 1, index + 21));
    if (before !== null && after !== null && names.includes(before[1]) && names.includes(after[1]))
      return true;
  }
  return false;
}

/** Words spelled with regional-indicator letters (🇭🇴🇼 = "HOW"), not flags. */
function matchRegionalIndicatorWords(text: string): RuleMatch | undefined {
  const [run] = regionalIndicatorRuns(text, 1);
  return run === undefined ? undefined : { start: run.start, end: run.end };
}

const VILLAIN_FRAME =
  /\b(?:(?:super)?villains?|diabolical (?:plan|scheme)|evil (?:plan|scheme|genius|scientist|mastermind|doctor|overlord)|mastermind|captured (?:our|the) (?:hero|protagonist)|henchm[ae]n|nemesis)\b/g;
const IN_DETAIL =
  /\b(?:in (?:great|full|exact|precise|excruciating|vivid|minute|painstaking|complete|technical) detail|step[- ]by[- ]step|every (?:single )?step)\b/;
/** The villain's own enumeration, left for the model to continue ("Step 1, I will"). */
const OWN_STEPS =
  /\b(?:here are the steps (?:i|we)(?:'ll| will| am going to)|the steps (?:i|we) will (?:take|follow)|step\s*(?:1|one)\s*[,:.-]?\s*(?:i|we)(?:'ll| will| shall)\b)/;
const VILLAIN_WINDOW = 600;

/**
 * The "evil scientist explains his plan" scaffold: a villain frame, a demand for great detail, and
 * a first-person step list the model is to continue, so the steps come out as the villain's speech.
 * A story where a villain reveals a plan has the frame but not the enumerated, detailed steps.
 */
function matchVillainSteps(text: string): RuleMatch | undefined {
  VILLAIN_FRAME.lastIndex = 0;
  for (let tries = 0; tries < 4; tries++) {
    const frame = VILLAIN_FRAME.exec(text);
    if (frame === null) return undefined;
    const window = text.slice(frame.index, frame.index + VILLAIN_WINDOW);
    const steps = OWN_STEPS.exec(window);
    if (steps !== null && IN_DETAIL.test(window)) {
      return { start: frame.index, end: frame.index + steps.index + steps[0].length };
    }
  }
  return undefined;
}
