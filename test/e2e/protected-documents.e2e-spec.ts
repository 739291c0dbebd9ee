import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ArgusProcess,
  freePort,
  KafkaTestClient,
  makeEvent,
  makeEventJson,
  REPO_ROOT,
  testBrokers,
  testTopics,
  waitFor,
} from '@argus/testing';

/** Made-up confidential prose, long enough for a reportable copy (the policy's min_words is 50). */
const MEMO =
  'The allocation committee agreed that the quarterly weight of emerging market credit moves to eleven ' +
  'percent, with the remainder held in short dated sovereign paper until the volatility band narrows ' +
  'again, and no desk may exceed its stop loss by more than a quarter without written approval from the ' +
  'chief risk officer, who reviews every exception on Thursday mornings with the head of treasury.';

/**
 * Protected documents kept in ClickHouse, as an operator uses them with the embedded engine: register
 * them with `bin/argus documents add`, name the collection in the policy, start Argus; an answer that
 * reproduces a document is a training_data_leak finding naming it. `bin/argus detect` cannot read
 * collections and says so.
 */
describe('protected documents from the ClickHouse registry (end to end)', () => {
  const suffix = randomUUID().slice(0, 8);
  const topics = testTopics('e2e-documents', suffix);
  const workDir = mkdtempSync(join(tmpdir(), 'argus-e2e-documents-'));
  const dataDir = join(workDir, 'data');
  const policyFile = join(workDir, 'policy.yaml');
  const kafka = new KafkaTestClient();
  let argus: ArgusProcess | undefined;

  const cli = (args: string[], input?: string) => {
    const result = spawnSync(join(REPO_ROOT, 'bin', 'argus'), args, {
      cwd: workDir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, ARGUS_DATA_DIR: dataDir },
      input,
      encoding: 'utf8',
      timeout: 120_000,
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  beforeAll(async () => {
    const corpus = join(workDir, 'treasury');
    mkdirSync(corpus);
    writeFileSync(join(corpus, 'allocation-memo.md'), `# Allocation memo (confidential)\n\n${MEMO}\n`);
    writeFileSync(
      policyFile,
      'version: 1\ndefaults:\n  detectors:\n    protected_document:\n      options: { collections: [treasury] }\n',
    );
    await kafka.connect();
  });

  tearDownArgusAfterTests(() => ({ argus, kafka, workDir }));

  it('registers documents with bin/argus documents and reports an answer that copies one', async () => {
    const added = cli(['documents', 'add', '--collection', 'treasury', join(workDir, 'treasury')]);
    expect(added).toMatchObject({ code: 0 });
    expect(JSON.parse(added.stdout)).toEqual({ collection: 'treasury', added: 1 });
    expect(JSON.parse(cli(['documents', 'list']).stdout)).toEqual({
      collections: [{ collection: 'treasury', documents: 1 }],
    });
    expect(cli(['documents', 'add', '--collection', 'no spaces', workDir]).code).toBe(2);

    // Offline detection cannot read the registry: a clear refusal, not a silent miss.
    const offline = cli(['detect', '--config', policyFile], `${makeEventJson({ output: MEMO })}\n`);
    expect(offline.code).toBe(2);
    expect(offline.stderr).toMatch(
      /collections \[treasury\] are read from the ClickHouse protected_documents table/,
    );

    argus = new ArgusProcess({
      ...topics,
      ARGUS_APPS: 'ingest,api',
      ARGUS_POLICY_FILE: policyFile,
      ARGUS_DATA_DIR: dataDir,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_INGEST_GROUP_ID: `e2e-documents-ingest-${suffix}`,
      API_PORT: String(await freePort()),
      API_QUERY_ENABLED: 'true',
      CLICKHOUSE_WRITER_FLUSH_MS: '200',
    }).start();
    await argus.waitUntilReady();
    expect(argus.output.join('')).toContain('protected documents loaded from ClickHouse');

    const eventId = `documents-${suffix}`;
    await kafka.produce(topics.KAFKA_TOPIC_TELEMETRY, [
      {
        key: 'acme-bank:conv-d1',
        value: JSON.stringify(
          makeEvent({
            event_id: eventId,
            timestamp: new Date().toISOString(),
            input: 'What did the allocation committee decide?',
            output: `Here is the memo: ${MEMO}`,
          }),
        ),
      },
    ]);
    const running = argus;
    await waitFor(
      'the leak finding',
      async () =>
        (await running.count(
          `SELECT count() AS n FROM findings FINAL WHERE event_id = '${eventId}' AND category = 'training_data_leak'`,
        )) === 1,
      { timeoutMs: 120_000 },
    );
    const [finding] = await running.query<{ attributes: string; evidence: string }>(
      `SELECT attributes, evidence FROM findings FINAL WHERE event_id = '${eventId}' AND category = 'training_data_leak'`,
    );
    expect(JSON.parse(finding.attributes)).toMatchObject({
      document_id: 'allocation-memo',
      document_title: 'Allocation memo (confidential)',
    });
    expect(finding.evidence).not.toContain('stop loss');
  });
});
import { tearDownArgusAfterTests } from '../support/e2e-hooks';
