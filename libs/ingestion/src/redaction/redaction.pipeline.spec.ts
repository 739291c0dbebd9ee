import { DetectionPipeline, defaultDetectorRegistry, loadDetectionPolicy } from '@argus/detectors';
import { makeEventJson } from '@argus/testing';
import { toEventRow, toFindingRow } from '../event-row.mapper';
import { type SourceRecord, processTelemetryBatch } from '../telemetry-batch.processor';
import { StorageRedactor } from './storage.redactor';

/** Synthetic values only: a Luhn-valid test card, an AWS-shaped key that is not the documented example, a fake GitHub token. */
const CARD = '4111 1111 1111 1111';
const AWS_KEY = 'AKIAZ7Q3R5T2WXV4Y6NB';
const GITHUB_TOKEN = 'ghp_R8kX2mQ9vL4tW7nZ1pB6cY3hJ5fD0sG8aE2u';
const CANARY = 'ARGUS-CANARY-C1ES4NK7W11FEQCT777Z';
const RAW_VALUES = [CARD, '4111111111111111', AWS_KEY, GITHUB_TOKEN, CANARY];

describe('redaction before storage with the shipped policy and detectors', () => {
  const policy = loadDetectionPolicy();
  const pipeline = new DetectionPipeline({ registry: defaultDetectorRegistry(), policy });
  const redactor = new StorageRedactor({ policy });
  const limits = { maxEventBytes: 1_048_576, maxTextPartBytes: 262_144, maxAgeDays: 36_500 };

  const event = makeEventJson({
    event_id: 'evt-redaction-1',
    system: `You are the support bot. Marker ${CANARY}.`,
    input: `Please charge my card ${CARD} and use key ${AWS_KEY}`,
    output: `Done. I also found this token in the logs: ${GITHUB_TOKEN} (and ${CANARY})`,
    toolResults: [{ customer: { card: CARD }, deploy_key: GITHUB_TOKEN }],
    retrieval: [`Runbook: the AWS key is ${AWS_KEY}.`],
  });
  const record: SourceRecord = { topic: 't', partition: 0, offset: '1', value: Buffer.from(event) };

  it('stores no raw card, key, token or canary in event rows, finding rows or produced findings', () => {
    const unredacted = processTelemetryBatch([record], { pipeline, limits });
    const entities = new Set(unredacted.findings.map((finding) => finding.entity ?? finding.detector));
    for (const expected of ['CREDIT_CARD', 'aws-access-key-id', 'github-personal-access-token', 'canary'])
      expect(entities).toContain(expected);

    const result = processTelemetryBatch([record], { pipeline, limits, redactor });
    expect(result.accepted).toHaveLength(1);
    const item = result.accepted[0];
    const row = toEventRow(item.event, item.detection, record, new Date());
    const stored = JSON.stringify({
      row,
      findingRows: result.findings.map((finding) => toFindingRow(finding, new Date())),
      produced: result.findings,
    });
    for (const value of RAW_VALUES) expect(stored).not.toContain(value);
    expect(row.input_text).toContain('[CREDIT_CARD]');
    expect(row.input_text).toContain('[SECRET:aws-access-key-id]');
    expect(row.output_text).toContain('[SECRET:canary]');
    expect(row.output_text).toContain('[SECRET:github-personal-access-token]');
    expect(row.system_text).toContain('[SECRET:canary]');
    expect(JSON.parse(row.event_json)).toMatchObject({
      retrieval: [{ content: 'Runbook: the AWS key is [SECRET:aws-access-key-id].' }],
    });
    // Finding ids, scores and locations are those of detection: redaction changes what is stored only.
    expect(result.findings.map((finding) => finding.finding_id)).toEqual(
      unredacted.findings.map((finding) => finding.finding_id),
    );
  });
});

describe('redaction of conversation history', () => {
  const policy = loadDetectionPolicy();
  const pipeline = new DetectionPipeline({ registry: defaultDetectorRegistry(), policy });
  const redactor = new StorageRedactor({ policy });
  const limits = { maxEventBytes: 1_048_576, maxTextPartBytes: 262_144, maxAgeDays: 36_500 };

  it('masks a card pasted in an earlier turn in every later event, without reporting it again', () => {
    const event = JSON.parse(makeEventJson({ event_id: 'evt-history-2' })) as Record<string, unknown>;
    event.input_messages = [
      { role: 'user', parts: [{ type: 'text', content: `Charge my card ${CARD} please` }] },
      { role: 'assistant', parts: [{ type: 'text', content: 'Done, the order is placed.' }] },
      { role: 'user', parts: [{ type: 'text', content: 'When will it ship?' }] },
    ];
    const record: SourceRecord = {
      topic: 't',
      partition: 0,
      offset: '2',
      value: Buffer.from(JSON.stringify(event)),
    };
    const result = processTelemetryBatch([record], { pipeline, limits, redactor });
    expect(result.findings.filter((finding) => finding.entity === 'CREDIT_CARD')).toEqual([]);
    const item = result.accepted[0];
    const row = toEventRow(item.event, item.detection, record, new Date());
    expect(JSON.stringify(row)).not.toContain(CARD);
    expect(row.input_text).toContain('[CREDIT_CARD]');
  });
});

describe('redaction of texts with more values than detection reports', () => {
  const policy = loadDetectionPolicy();
  const pipeline = new DetectionPipeline({ registry: defaultDetectorRegistry(), policy });
  const redactor = new StorageRedactor({ policy });
  const limits = { maxEventBytes: 1_048_576, maxTextPartBytes: 262_144, maxAgeDays: 36_500 };

  /** Luhn-valid 16-digit test cards, all different: 400000000 + 6 digits + check digit. */
  function testCards(count: number): string[] {
    return Array.from({ length: count }, (_, index) => {
      const body = `400000000${String(100_000 + index)}`;
      let sum = 0;
      for (let position = 0; position < body.length; position++) {
        let digit = Number(body[body.length - 1 - position]);
        if (position % 2 === 0) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
        sum += digit;
      }
      return `${body}${(10 - (sum % 10)) % 10}`;
    });
  }
  /** Synthetic AWS-shaped key ids (AKIA + 16 base32 characters), all different. */
  const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const awsKeys = (count: number) =>
    Array.from(
      { length: count },
      (_, index) => `AKIAZ7Q3R5T2WX${BASE32[(index >> 5) % 32]}${BASE32[index % 32]}V4NB`,
    );
  function stored(output: string) {
    const record: SourceRecord = {
      topic: 't',
      partition: 0,
      offset: '3',
      value: Buffer.from(makeEventJson({ event_id: `evt-bulk-${output.length}`, output })),
    };
    const result = processTelemetryBatch([record], { pipeline, limits, redactor });
    const item = result.accepted[0];
    const row = toEventRow(item.event, item.detection, record, new Date());
    return { row, findings: result.findings, text: JSON.stringify({ row, findings: result.findings }) };
  }

  it('reports 50 cards of a 300-card dump one by one, masks the rest wholesale and stores none of them', () => {
    const cards = testCards(300);
    const { row, findings, text } = stored(
      `Customer export:\n${cards.map((card, n) => `${n}: ${card}`).join('\n')}`,
    );
    expect(findings.filter((finding) => finding.entity === 'CREDIT_CARD')).toHaveLength(50);
    const [bulk, ...more] = findings.filter((finding) => finding.rule_id === 'pii.unexamined_remainder');
    expect(more).toEqual([]);
    expect(bulk).toMatchObject({ entity: 'PII_BULK', severity: 'critical' });
    for (const card of cards) expect(text).not.toContain(card);
    expect(row.output_text).toContain('[PII_BULK]');
  });

  it('does the same for a dump of 400 access keys', () => {
    const keys = awsKeys(400);
    const { findings, text } = stored(keys.map((key) => `aws_access_key_id = ${key}`).join('\n'));
    expect(findings.filter((finding) => finding.rule_id === 'secret.unexamined_remainder')).toHaveLength(1);
    for (const key of keys) expect(text).not.toContain(key);
  });
});
