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
    ['how', 'instructions', 'steps', 'recipe', 'guide', 'teach'],
    `\\b(?:how (?:to|do i|can i|would i|do you|does one)|instructions? (?:for|on|to|how to)|steps? (?:to|for)|recipe for|guide to|teach me (?:to|how to))\\s+(?:[\\w'-]+\\s+){0,3}?(?:make|build|create|synthesi[sz]e|cook|produce|assemble|brew|grow|write|code)\\s+(?:[\\w'-]+\\s+){0,2}?(?:bombs?|explosives?|napalm|meth(?:amphetamine)?|nerve (?:agent|gas)|sarin|ricin|poisons?|bioweapons?|chemical weapons?|pipe bombs?|ransomware|malware|keyloggers?|untraceable (?:guns?|weapons?))\\b`,
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
];
