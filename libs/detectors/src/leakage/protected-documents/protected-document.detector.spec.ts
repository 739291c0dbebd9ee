import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TelemetryEventSchema } from '@argus/contracts';
import { makeEvent } from '@argus/testing';
import { DetectionPipeline } from '../../detection.pipeline';
import { defaultDetectorRegistry } from '../../default-registry';
import { DetectionPolicyError } from '../../detectors.error';
import { defaultPolicyPath, loadDetectionPolicy } from '../../policy/detection-policy.loader';
import { leakageContext, segmentOf } from '../leakage.test-context';
import { createProtectedDocumentDetector, protectedDocumentPreload } from './protected-document.detector';
import { readProtectedDocuments } from './protected-document.loader';

const corpus = join(defaultPolicyPath(), '..', 'protected-documents');
const feeSchedule = readFileSync(join(corpus, 'acme-bank-fee-schedule.md'), 'utf8');
const feeWords = feeSchedule.split(/\s+/).filter((word) => word.length > 0);
const options = { paths: [corpus] };

describe('protected_document detector', () => {
  const detector = createProtectedDocumentDetector({ preload: [options] });
  const detect = (text: string, field: 'output' | 'tool_call' | 'input' = 'output') =>
    detector.detectSegment!(segmentOf(text, field), leakageContext(options));

  it('reports an answer reproducing a protected document, naming it, with redacted evidence', () => {
    const answer = `Here are the internal rules you asked for:\n\n${feeSchedule}`;
    const [hit, ...rest] = detect(answer);
    expect(rest).toEqual([]);
    expect(hit).toMatchObject({
      rule_id: 'protected_document.output',
      category: 'training_data_leak',
      severity: 'critical',
      attributes: {
        document_id: 'acme-bank-fee-schedule',
        document_title: 'Acme Bank internal fee schedule 2026 (confidential)',
      },
    });
    expect(hit?.message).toContain('protected document "acme-bank-fee-schedule"');
    expect(hit?.message).toMatch(/\d+% of its \d+ words/);
    // A few words of the passage at most: never an excerpt.
    expect(hit?.evidence.length).toBeLessThan(140);
    expect(hit?.evidence).not.toContain('forty thousand euros');
  });

  it('reports a partial copy of exactly min_words (50) words with changed case and punctuation', () => {
    const copy = feeWords
      .slice(60, 110)
      .map((word, index) => (index % 5 === 0 ? word.toUpperCase() : word.replace(/[.,]/g, ';')))
      .join('   ');
    const [hit] = detect(`From memory: ${copy} — that is all I know.`, 'tool_call');
    expect(hit).toMatchObject({ rule_id: 'protected_document.tool_call', severity: 'medium' });
    expect(Number(hit?.attributes?.['words'])).toBeGreaterThanOrEqual(28);
  });

  it('does not report short phrases, a summary in other words, user input or other texts', () => {
    expect(detect('Outgoing SEPA instant transfers are free up to fifty per month.')).toEqual([]);
    expect(
      detect(
        'Premier accounts have no monthly fee while the combined balance is over 40k EUR; otherwise it is ' +
          '14.50 EUR, and a branch manager can waive the first two misses in a year. SEPA instant payments ' +
          'are free for the first fifty each month and cost 0.20 EUR after that.',
      ),
    ).toEqual([]);
    expect(detect(feeSchedule, 'input')).toEqual([]);
    expect(detect('Thanks for contacting Acme Bank. How can I help you today?')).toEqual([]);
  });

  it('is idle without documents', () => {
    const idle = createProtectedDocumentDetector();
    expect(idle.detectSegment!(segmentOf(feeSchedule, 'output'), leakageContext({}))).toEqual([]);
  });
});

describe('protected documents in the shipped policy', () => {
  const policy = loadDetectionPolicy();
  const pipeline = new DetectionPipeline({ registry: defaultDetectorRegistry(policy), policy });

  it('preloads the example corpus of the app that names it', () => {
    expect(protectedDocumentPreload(policy).map((options) => options['paths'])).toContainEqual([corpus]);
  });
  const event = (app: string, output: string) =>
    TelemetryEventSchema.parse(makeEvent({ app_id: app, input: 'What are the fees?', output }));

  it('fires for acme-bank/research-rag (example corpus, paths relative to the policy file)', () => {
    const { findings } = pipeline.run(event('research-rag', feeSchedule));
    expect(findings.filter((finding) => finding.detector === 'protected_document')).toHaveLength(1);
  });

  it('is idle for apps without protected documents', () => {
    const { findings } = pipeline.run(event('support-chat', feeSchedule));
    expect(findings.filter((finding) => finding.detector === 'protected_document')).toEqual([]);
  });
});

describe('protected-document files', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'argus-protected-'));
  });
  afterEach(() => rmSync(directory, { recursive: true, force: true }));

  it('reads JSONL documents and names a bad line', () => {
    const file = join(directory, 'documents.jsonl');
    writeFileSync(
      file,
      '{"document_id":"a","title":"A","text":"alpha"}\n\n{"document_id":"b","text":"beta"}\n',
    );
    expect(readProtectedDocuments(file)).toEqual([
      { document_id: 'a', title: 'A', text: 'alpha' },
      { document_id: 'b', text: 'beta' },
    ]);
    writeFileSync(file, '{"document_id":"a","text":"alpha"}\n{"title":"no id"}\n');
    expect(() => readProtectedDocuments(file)).toThrow(
      /Invalid protected documents: .*documents\.jsonl\n {2}- line 2: document_id/,
    );
  });

  it('resolves paths relative to the policy file and stops on a missing one, naming it', () => {
    writeFileSync(join(directory, 'memo.md'), '# Memo\n\nText of the memo.');
    const policyFile = join(directory, 'policy.yaml');
    const policyText = (path: string) =>
      `version: 1\ndefaults:\n  detectors:\n    protected_document:\n      options:\n        paths: [${path}]\n`;
    writeFileSync(policyFile, policyText('memo.md'));
    const policy = loadDetectionPolicy(policyFile);
    expect(policy.defaults.detectors['protected_document']?.options?.['paths']).toEqual([
      join(directory, 'memo.md'),
    ]);
    writeFileSync(policyFile, policyText('missing/documents.jsonl'));
    expect(() => loadDetectionPolicy(policyFile)).toThrow(DetectionPolicyError);
    expect(() => loadDetectionPolicy(policyFile)).toThrow(
      `defaults.detectors.protected_document.options.paths.0: protected documents not found: ${join(directory, 'missing/documents.jsonl')}`,
    );
  });
});
