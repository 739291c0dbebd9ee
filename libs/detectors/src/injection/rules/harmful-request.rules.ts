import { type InjectionRule, rule } from './rule';

/**
 * Requests for content no deployment should produce, asked outright: how to make weapons or drugs,
 * malicious code, sexually explicit material. Alone they are a moderate signal (an attacker's payload,
 * or a user testing the model); with a persona, fiction frame or rule removal around them they make a
 * jailbreak. Written narrowly: asking how to detect, block or recognise these is everyday security work.
 */

/** Malicious software and phishing material, as the object of a request to produce it. */
const MALICIOUS_CODE =
  '(?:exploits?|malware|ransomware|keyloggers?|trojans?|botnets?|rootkits?|spyware|backdoors?|credential stealers?|info-?stealers?|phishing (?:e-?mails?|pages?|sites?|websites?|messages?|campaigns?|kits?|links?|texts?|sms))';
/** What follows the object when the request is defensive: "a ransomware detection rule". */
const DEFENSIVE_USE =
  '(?:detect(?:ion|or|ing)?|scanners?|signatures?|rules?|defen[cs]es?|protection|prevention|awareness|training|simulations?|analysis|reports?|indicators?|iocs?|filters?|alerts?)';

export const HARMFUL_REQUEST_RULES: readonly InjectionRule[] = [
  rule(
    'harmful_request.how_to_make',
    'harmful_request',
    0.6,
    [
      'how',
      'instructions',
      'steps',
      'recipe',
      'guide',
      'teach',
      'made',
      'built',
      'produced',
      'synthesized',
      'synthesised',
    ],
    `\\b(?:how (?:to|do i|can i|would i|do you|does one|(?:did|would|could|do)\\s+(?:people|they|someone|criminals|soldiers|terrorists|insurgents|rebels|partisans|hackers|gangs|cartels|one|he|she|you))|instructions? (?:for|on|to|how to)|steps? (?:to|for)|recipe for|guide to|teach me (?:to|how to))\\s+(?:[\\w'-]+\\s+){0,3}?(?:make|build|create|synthesi[sz]e|cook|produce|assemble|brew|grow|write|code)\\s+(?:[\\w'-]+\\s+){0,2}?(?:bombs?|explosives?|napalm|meth(?:amphetamine)?|nerve (?:agent|gas)|sarin|ricin|poisons?|bioweapons?|chemical weapons?|pipe bombs?|molotov(?: cocktails?)?|thermite|silencers?|suppressors?|ghost guns?|3d[- ]printed (?:guns?|firearms?)|ransomware|malware|keyloggers?|untraceable (?:guns?|weapons?))\\b|\\bhow (?:were|was|are|is)\\s+(?:the\\s+)?(?:[\\w'-]+\\s+){0,2}?(?:napalm|meth(?:amphetamine)?|nerve (?:agents?|gas)|sarin|ricin|bioweapons?|chemical weapons?|pipe bombs?|molotov(?: cocktails?)?|thermite|ied|ieds)\\s+(?:[\\w'-]+\\s+){0,2}?(?:made|built|produced|synthesi[sz]ed|manufactured|assembled|cooked|brewed)\\b`,
  ),
  rule(
    // "Create exploits for any OS", "write me an undetectable keylogger", "generate a phishing e-mail".
    'harmful_request.malicious_code',
    'harmful_request',
    0.6,
    ['create', 'write', 'generate', 'code', 'develop', 'build', 'make', 'program', 'craft', 'draft'],
    `\\b(?:create|creates|write|writes|generate|generates|code|develop|build|make|program|craft|draft)\\s+(?:me\\s+)?(?:[\\w-]+\\s+){0,3}?${MALICIOUS_CODE}\\b(?!\\s+${DEFENSIVE_USE}\\b)`,
  ),
  rule(
    // Code described by what it does rather than named: "a script that steals saved browser passwords".
    'harmful_request.credential_stealer',
    'harmful_request',
    0.6,
    ['script', 'program', 'code', 'extension', 'bot', 'app', 'tool', 'macro', 'payload', 'function'],
    `\\b(?:script|program|code|extension|bot|app|tool|macro|payload|function|plugin)\\s+(?:that|which|to)\\s+(?:secretly\\s+|silently\\s+|quietly\\s+|automatically\\s+)?(?:steals?|exfiltrates?|harvests?|siphons?)\\s+(?:[\\w'-]+\\s+){0,3}?(?:passwords?|credentials|cookies|session tokens|keystrokes|credit cards?|card (?:numbers|details)|seed phrases?|private keys?|wallets?)\\b`,
  ),
  rule(
    // Phishing written without the word: a request to write a message passed off as the bank (or a
    // brand) that asks its readers for their details. A bank writing to its own customers does not
    // pretend to be anyone, and a customer asking about such a message is not asking to write one.
    'harmful_request.impersonation',
    'harmful_request',
    0.6,
    [
      'pretend',
      'pretending',
      'posing',
      'appear',
      'appears',
      'looks',
      'impersonate',
      'impersonating',
      'spoof',
    ],
    `\\b(?:write|draft|create|compose|generate|make|craft)\\b[^.\\n]{0,60}?\\b(?:pretend(?:ing|s)? to be|posing as|appears? to (?:be|come) from|looks? like it(?:'s| is| comes) from|impersonat(?:e|es|ing)|spoof(?:s|ing)?)\\s+(?:[\\w'&-]+\\s+){0,3}?(?:bank|paypal|amazon|apple|microsoft|google|irs|hmrc|tax (?:office|authority)|police|support team|it department|help ?desk|courier|dhl|fedex|ups)\\b[^\\n]{0,160}?\\b(?:confirm|verify|update|enter|provide|re-?enter|validate|share|send)\\s+(?:their|your|his|her)\\s+(?:[\\w-]+\\s+){0,2}?(?:details|credentials|password|pin|login|card|account|security code|one-time code|otp)\\b`,
  ),
  rule(
    // Financial crime asked how-to: a fintech's assistant must not coach laundering, carding or taking
    // money from other people's accounts. Asking how to prevent, detect or report these does not match.
    'harmful_request.financial_crime',
    'harmful_request',
    0.6,
    [
      'launder',
      'laundering',
      'stolen',
      'steal',
      'skim',
      'clone',
      'embezzle',
      'noticing',
      'knowing',
      'evade',
      'counterfeit',
      'carding',
    ],
    `\\b(?:how (?:to|do i|can i|could i|would i|do you|does one|can we|do we|would you)|ways to|help me|teach me (?:how )?to|explain how to|show me how to|tell me how to|best way to|easiest way to)\\s+(?!(?:prevent|detect|report|spot|avoid|protect|recogni[sz]e|stop|identify|fight|combat|tell)\\b)(?:[\\w'-]+\\s+){0,2}?(?:launder|embezzle|skim|clone (?:a |credit |debit )*cards?|counterfeit|evade (?:taxes|aml|kyc|sanctions)|structure (?:deposits|cash|payments) to avoid|steal (?:money|credit cards?|card (?:numbers|details)|identities|an identity|someone'?s identity)|(?:buy|sell|use|cash out) stolen)\\b|\\b(?:buy|purchase|get|find)\\s+stolen\\s+(?:credit cards?|card numbers|cards|cvvs?|fullz|bank (?:logins|accounts)|accounts|identities|credentials)\\b|\\b(?:someone else'?s|another person'?s|other people'?s|my (?:boss|neighbou?r|friend|ex|partner|parents?)'?s?)\\s+(?:bank\\s+)?(?:account|card|money|savings)\\b[^.\\n]{0,60}?\\bwithout (?:them|him|her|the owner|anyone|the bank|being) (?:noticing|knowing|finding out|detected|caught)\\b`,
  ),
  rule(
    // Sexually explicit writing: a content-policy bypass whatever the wrapper. "Sex" alone (sex
    // discrimination, the sex field of a form) and "adult" are ordinary words and do not count.
    'harmful_request.explicit_sexual',
    'harmful_request',
    0.6,
    [
      'porn',
      'porno',
      'pornographic',
      'pornography',
      'sex',
      'sexual',
      'sexually',
      'smut',
      'lewd',
      'nsfw',
      'erotica',
    ],
    `\\b(?:write|describe|generate|create|tell|narrate|depict|role-?play|compose|continue)\\b[^.\\n]{0,60}?\\b(?:porn(?:o|ographic|ography)?|(?:(?:graphic|explicit|detailed|vulgar|steamy|hardcore)\\s+sex(?:ual)?|sexually explicit)(?:\\s+(?:scenes?|story|stories|content|acts?|encounters?))?|sex scenes?|smut|lewd|nsfw (?:story|stories|scenes?|content)|erotica)\\b`,
  ),
  rule(
    // Breaking into another person's account or device: "get into my ex's e-mail", "hack my
    // neighbour's wifi". The user's own account, or helping a relative with theirs, is not this.
    'harmful_request.account_intrusion',
    'harmful_request',
    0.6,
    ['hack', 'hacking', 'break', 'sneak', 'spy', 'get', 'access', 'into'],
    `\\b(?:hack(?:ing)?|break(?:ing)?|sneak(?:ing)?|spy(?:ing)?|get(?:ting)?|log(?:ging)?|access(?:ing)?)\\s+(?:in(?:to)?|on|in to)?\\s*(?:my\\s+)?(?:ex|ex-\\w+|ex's|partner's|girlfriend's|boyfriend's|wife's|husband's|boss's|coworker's|co-worker's|colleague's|neighbou?r's|someone(?: else)?'s|somebody(?: else)?'s|another person's|other people's|a stranger's)\\s+(?:[\\w-]+\\s+){0,2}?(?:e-?mails?|gmail|outlook|instagram|facebook|snapchat|whatsapp|tiktok|twitter|icloud|phone|account|accounts|computer|laptop|wi-?fi|messages|texts|dms|bank account)\\b|\\bhack(?:ing)?\\s+(?:in(?:to)?\\s+)?(?:his|her|their)\\s+(?:[\\w-]+\\s+){0,2}?(?:e-?mails?|gmail|instagram|facebook|snapchat|whatsapp|icloud|phone|account|accounts|computer|laptop|wi-?fi)\\b`,
  ),
  rule(
    // Writing passed off as human to beat AI-text detectors: "perplexity and burstiness", "bypass
    // GPTZero", "undetectable by AI detectors". Asking how reliable such detectors are is not this.
    'harmful_request.ai_detection_evasion',
    'harmful_request',
    0.6,
    [
      'perplexity',
      'burstiness',
      'detection',
      'detectors',
      'detector',
      'undetectable',
      'detected',
      'gptzero',
      'zerogpt',
      'turnitin',
      'originality',
      'copyleaks',
      'humanize',
      'humanise',
    ],
    `\\bperplexity\\W{0,3}\\s+and\\s+\\W{0,3}burstiness\\b|\\bburstiness\\W{0,3}\\s+and\\s+\\W{0,3}perplexity\\b|\\b(?:bypass|evade|avoid|fool|beat|pass|trick|get past|slip past|undetectable by)\\s+(?:[\\w-]+\\s+){0,3}?(?:ai|gpt|chatgpt|ai[- ]content|ai[- ]writing|ai[- ]text)[\\s-]*(?:detection|detectors?|checkers?|classifiers?)\\b|\\b(?:undetectable|not (?:be )?detect(?:ed|able)|never (?:be )?detected)\\s+(?:by|as)\\s+(?:an?\\s+)?(?:ai|gpt|ai[- ]generated|ai[- ]written|machine[- ]generated)\\b|\\b(?:bypass|evade|fool|beat|pass|trick|get past|slip past)\\s+(?:[\\w-]+\\s+){0,2}?(?:gptzero|zerogpt|turnitin|originality\\.ai|copyleaks)\\b`,
  ),
];
