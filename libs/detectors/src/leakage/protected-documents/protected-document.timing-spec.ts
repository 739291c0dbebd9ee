import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fastestRunMs } from '@argus/testing';
import { defaultPolicyPath } from '../../policy/detection-policy.loader';
import { leakageContext, segmentOf } from '../leakage.test-context';
import { createProtectedDocumentDetector } from './protected-document.detector';

const corpus = join(defaultPolicyPath(), '..', 'protected-documents');
const feeSchedule = readFileSync(join(corpus, 'acme-bank-fee-schedule.md'), 'utf8');
const options = { paths: [corpus] };
const MIB = 1 << 20;

describe('protected_document detector on 1 MiB outputs', () => {
  const detector = createProtectedDocumentDetector({ preload: [options] });
  const detect = (text: string) =>
    detector.detectSegment!(segmentOf(text, 'output'), leakageContext(options));
  // Steady state, as in the service: the index is built and the JIT warm before anything is timed.
  beforeAll(() => detect(feeSchedule.repeat(8)));

  it.each([
    [
      'the protected document, repeated',
      feeSchedule.repeat(Math.ceil(MIB / feeSchedule.length)).slice(0, MIB),
    ],
    ['one 1 MiB word', 'a'.repeat(MIB)],
    ['a short word, repeated', 'word '.repeat(MIB / 5)],
    ['one-letter words between commas', 'x, '.repeat(Math.ceil(MIB / 3)).slice(0, MIB)],
  ])('%s: within 50 ms', (_shape, text) => {
    expect(fastestRunMs(() => detect(text), 50)).toBeLessThan(50);
  });
});
