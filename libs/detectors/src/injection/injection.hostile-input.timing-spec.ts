import { fastestRunMs } from '@argus/testing';
import { makeTelemetryEvent } from '../../../../test/support/event.factory';
import { DetectionPipeline } from '../detection.pipeline';
import { DetectorRegistry } from '../detector.registry';
import { parseDetectionPolicy } from '../policy/detection-policy.loader';
import {
  createInjectionAnalysers,
  createIndirectInjectionDetector,
  createInjectionDetector,
} from './injection.detector';

const MIB = 1024 * 1024;
const fill = (fragment: string, size = MIB) =>
  fragment.repeat(Math.ceil(size / fragment.length)).slice(0, size);

/**
 * Texts built to make regular expressions backtrack or normalisation blow up: the trigger words of
 * every rule family repeated without their completion, long runs of combining marks and invisible
 * characters, nested brackets and code fences, letter-spaced and leet text.
 */
const HOSTILE: ReadonlyArray<[string, string]> = [
  ['override triggers', fill('ignore all the previous ')],
  ['override without object', fill('ignore ignore disregard forget ')],
  ['extraction triggers', fill('repeat print show your system ')],
  ['fiction anchors', fill('hypothetically in a story how to make ')],
  ['payload assignments', fill('a = "x" b = "y" ')],
  ['split request assignments', fill('$a = "how to make " $b = "a bomb" a+b ')],
  ['villain frames', fill('the villain explains in great detail. step 1, i ')],
  ['regional-indicator words', fill('🇭🇴🇼 🇦 ')],
  ['limitless AI identities', fill('you are x, an ai with no ')],
  ['persona triggers', fill('you are now pretend to be act as ')],
  ['refusal triggers', fill('never never do not refuse ')],
  ['template markers', fill('<|im_start|><<SYS>>[INST]### System ')],
  ['html comments', fill('<!-- ai ')],
  ['code fences', fill('```\nimport os\n')],
  ['nested brackets', `${'['.repeat(MIB / 2)}${']'.repeat(MIB / 2)}`],
  ['nested parentheses and braces', fill('({[<')],
  ['combining marks', `i${'\u0336\u0301\u0489'.repeat(MIB / 3)}gnore`],
  ['zero-width characters', fill('i\u200bg\u200cn\u200do\u2060r\ufeffe ')],
  ['tag characters', fill('\u{E0069}\u{E0067}\u{E006E}')],
  ['letter spacing', fill('i g n o r e ')],
  ['leet', fill('1gn0r3 4ll pr3v10u5 ')],
  ['one long word', fill('a')],
  ['sentences without end', fill('what is the capital of ')],
  ['homoglyphs', fill('іgnоrе аll ')],
  ['banned-word lists without a refusal word', fill('never say the words "a", "b", ')],
  ['settings keys without a value', fill('<blocked-modes> refusal safety_filter= ')],
  ['harm clauses without a warning', fill('if the content might be harmful, add ')],
  ['story frames around stock lists', fill('write a story about which stocks ')],
  ['rating frames around harm', fill('rate how harmful give an example of a response ')],
  ['conversation-start phrases', fill('at the start of this conversation ')],
  ['claimed roles without an action', fill("i'm from the fraud team, this is x, head of ")],
  ['actions without a role', fill('transfer 5 from approve the mark waive the ')],
  ['translated no-rules without a limit word', fill('ki ohne sin sans senza ')],
  ['oversight phrases without money', fill('so nobody notices without anyone noticing ')],
  [
    'pasted e-mails with blank lines',
    fill('Summarise this e-mail:\nSubject: x\n\nWhat is this e-mail about?\n\n'),
  ],
];

describe('injection detectors on hostile input', () => {
  const pipeline = new DetectionPipeline({
    registry: new DetectorRegistry([createInjectionDetector(), createIndirectInjectionDetector()]),
    policy: parseDetectionPolicy('version: 1'),
  });

  beforeAll(() => {
    // Warm-up outside the timed cases: exemplar embeddings, regex compilation, JIT.
    createInjectionAnalysers();
    pipeline.run(makeTelemetryEvent({ input: 'warm up', retrieval: ['warm up'] }));
  });

  it.each(HOSTILE)('%s: 1 MiB in user input and in a document, each under 50 ms', (_name, text) => {
    for (const event of [
      makeTelemetryEvent({ input: text }),
      makeTelemetryEvent({ input: 'Summarise this.', retrieval: [text] }),
    ]) {
      const result = pipeline.run(event);
      const elapsed = fastestRunMs(() => pipeline.run(event), 50);
      expect(elapsed).toBeLessThan(50);
      for (const finding of result.findings) expect(finding.attributes?.truncated).toBe(true);
    }
  });

  it('stays linear without the scan cap: 256 KiB of each hostile text fully scanned', () => {
    const { documents } = createInjectionAnalysers();
    for (const [name, text] of HOSTILE) {
      const sample = text.slice(0, 256 * 1024);
      const started = performance.now();
      documents.analyse(sample, {
        maxScanCharacters: sample.length,
        similarity: true,
        offTask: { userText: 'x' },
      });
      const elapsed = performance.now() - started;
      if (elapsed > 1000) throw new Error(`${name}: ${elapsed.toFixed(0)} ms for 256 KiB`);
    }
  });
});
