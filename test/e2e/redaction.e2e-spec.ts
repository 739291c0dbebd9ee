import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { type Finding } from '@argus/contracts';
import {
  ARGUS_MAIN,
  ArgusProcess,
  freePort,
  KafkaTestClient,
  makeEvent,
  REPO_ROOT,
  testBrokers,
  testTopics,
  waitFor,
} from '@argus/testing';
import { tearDownArgusAfterTests } from '../support/e2e-hooks';

/**
 * Redaction before storage, through the real process: events carrying a card number, cloud and VCS
 * credentials and a canary go in; no raw value may come out in ClickHouse (event texts, event_json,
 * finding evidence), on the findings topic, in alerts or in Argus's own logs. Synthetic values only.
 */
const CARD = '4111 1111 1111 1111';
const CARD_DIGITS = '4111111111111111';
/** AWS-shaped, not AKIAIOSFODNN7EXAMPLE (the detector allowlists that documentation example). */
const AWS_KEY = 'AKIAZ7Q3R5T2WXV4Y6NB';
const GITHUB_TOKEN = 'ghp_R8kX2mQ9vL4tW7nZ1pB6cY3hJ5fD0sG8aE2u';
const CANARY = 'ARGUS-CANARY-C1ES4NK7W11FEQCT777Z'; // acme-bank/support-chat's canary in the shipped policy
const RAW_VALUES = [CARD, CARD_DIGITS, AWS_KEY, GITHUB_TOKEN, CANARY];
const HMAC_KEY = 'e2e-redaction-hmac-key-0123456789';

function leakyEvent(eventId: string, appId: string) {
  return makeEvent({
    event_id: eventId,
    timestamp: new Date().toISOString(), // within the retention window, or ingest dead-letters it
    tenant_id: 'acme-bank',
    app_id: appId,
    system: `You are the support bot. Marker ${CANARY}.`,
    input: `Please charge my card ${CARD} and use key ${AWS_KEY}`,
    output_messages: [
      {
        role: 'assistant',
        parts: [
          { type: 'text', content: `Done. Token from the logs: ${GITHUB_TOKEN} (marker ${CANARY})` },
          { type: 'tool_call', id: 'call-9', name: 'charge', arguments: { card: CARD, api_key: AWS_KEY } },
        ],
        finish_reason: 'tool_calls',
      },
    ],
    toolResults: [{ customer: { card: CARD }, deploy_key: GITHUB_TOKEN }],
    retrieval: [`Runbook: the AWS key is ${AWS_KEY}.`],
  });
}

describe('redaction before storage (end to end)', () => {
  const suffix = randomUUID().slice(0, 8);
  const topics = testTopics('e2e-redaction', suffix);
  const workDir = mkdtempSync(join(tmpdir(), 'argus-e2e-redaction-'));
  const policyFile = join(workDir, 'policy.yaml');
  const kafka = new KafkaTestClient();
  let argus: ArgusProcess;

  beforeAll(async () => {
    // The shipped policy, plus one app whose output is stored as keyed digests and tool calls dropped.
    const policy = parse(readFileSync(join(REPO_ROOT, 'deploy/policy/default-policy.yaml'), 'utf8')) as {
      apps: unknown[];
    };
    policy.apps.push({
      tenant_id: 'acme-bank',
      app_id: 'hmac-app',
      canaries: [CANARY],
      storage: { output: 'hmac', tool_call: 'drop' },
    });
    writeFileSync(policyFile, stringify(policy));
    // Paths in a policy resolve from its own directory: give the copy the shipped example documents.
    symlinkSync(join(REPO_ROOT, 'deploy/policy/protected-documents'), join(workDir, 'protected-documents'));
    await kafka.connect();
    argus = new ArgusProcess({
      ...topics,
      ARGUS_APPS: 'ingest,alerter,api',
      ARGUS_POLICY_FILE: policyFile,
      ARGUS_REDACTION_HMAC_KEY: HMAC_KEY,
      KAFKA_BROKERS: testBrokers(),
      KAFKA_INGEST_GROUP_ID: `e2e-redaction-ingest-${suffix}`,
      KAFKA_ALERTER_GROUP_ID: `e2e-redaction-alerter-${suffix}`,
      ARGUS_DATA_DIR: join(workDir, 'data'),
      API_PORT: String(await freePort()),
      API_QUERY_ENABLED: 'true',
      ALERT_MIN_SEVERITY: 'low',
      ALERT_STDOUT: 'true',
      CLICKHOUSE_WRITER_FLUSH_MS: '200',
      LOG_LEVEL: 'debug',
    }).start();
    await argus.waitUntilReady();
  });

  tearDownArgusAfterTests(() => ({ argus, kafka, workDir }));

  it('lets no raw card number, credential or canary reach ClickHouse, the findings topic, alerts or logs', async () => {
    const masked = `redaction-mask-${suffix}`;
    const hashed = `redaction-hmac-${suffix}`;
    await kafka.produce(topics.KAFKA_TOPIC_TELEMETRY, [
      { key: 'acme-bank:conv-1', value: JSON.stringify(leakyEvent(masked, 'support-chat')) },
      { key: 'acme-bank:conv-1', value: JSON.stringify(leakyEvent(hashed, 'hmac-app')) },
    ]);

    const ids = `('${masked}', '${hashed}')`;
    await waitFor(
      'both events in ClickHouse',
      async () => (await argus.count(`SELECT count() AS n FROM events FINAL WHERE event_id IN ${ids}`)) === 2,
      { timeoutMs: 120_000 },
    );
    const events = await argus.query<{
      event_id: string;
      system_text: string;
      input_text: string;
      output_text: string;
      event_json: string;
      attributes: string;
    }>(
      `SELECT event_id, system_text, input_text, output_text, event_json, attributes FROM events FINAL WHERE event_id IN ${ids}`,
    );
    const byId = new Map(events.map((row) => [row.event_id, row]));
    const maskedRow = byId.get(masked)!;
    const hashedRow = byId.get(hashed)!;

    // The default policy masks with entity placeholders, in the flattened texts and in event_json.
    expect(maskedRow.input_text).toBe(
      'Please charge my card [CREDIT_CARD] and use key [SECRET:aws-access-key-id]\n\n' +
        '{"customer":{"card":"[CREDIT_CARD]"},"deploy_key":"[SECRET:github-personal-access-token]"}',
    );
    expect(maskedRow.system_text).toBe('You are the support bot. Marker [SECRET:canary].');
    expect(maskedRow.output_text).toContain('[SECRET:github-personal-access-token] (marker [SECRET:canary])');
    const maskedEvent = JSON.parse(maskedRow.event_json) as {
      output_messages: { parts: { arguments?: unknown }[] }[];
      input_messages: { parts: { response?: unknown }[] }[];
      retrieval: { content: string }[];
    };
    expect(maskedEvent.output_messages[0].parts[1].arguments).toEqual({
      card: '[CREDIT_CARD]',
      api_key: '[SECRET:aws-access-key-id]',
    });
    expect(maskedEvent.input_messages[1].parts[0].response).toEqual({
      customer: { card: '[CREDIT_CARD]' },
      deploy_key: '[SECRET:github-personal-access-token]',
    });
    expect(maskedEvent.retrieval[0].content).toBe('Runbook: the AWS key is [SECRET:aws-access-key-id].');

    // The hmac app: the same token gets the same digest, tool call arguments are not stored at all.
    expect(hashedRow.output_text).toMatch(
      /Token from the logs: \[SECRET:github-personal-access-token:hmac:[0-9a-f]{12}\] \(marker \[SECRET:canary:hmac:[0-9a-f]{12}\]\)/,
    );
    expect(hashedRow.input_text).toBe(maskedRow.input_text);
    const hashedEvent = JSON.parse(hashedRow.event_json) as typeof maskedEvent;
    expect(hashedEvent.output_messages[0].parts[1]).not.toHaveProperty('arguments');

    // Events and findings are two inserts of one batch: wait for the findings too, not only the events.
    await waitFor(
      'the findings of both events in ClickHouse',
      async () =>
        (await argus.count(
          `SELECT uniqExact(category) AS n FROM findings FINAL WHERE event_id IN ${ids} AND category IN ('pii', 'secret', 'system_prompt_leak')`,
        )) === 3,
      { timeoutMs: 60_000 },
    );
    const findingRows = await argus.query<{ evidence: string; message: string; attributes: string }>(
      `SELECT evidence, message, attributes FROM findings FINAL WHERE event_id IN ${ids}`,
    );
    const categories = await argus.query<{ category: string }>(
      `SELECT DISTINCT category FROM findings FINAL WHERE event_id IN ${ids}`,
    );
    expect(categories.map((row) => row.category).sort()).toEqual(
      expect.arrayContaining(['pii', 'secret', 'system_prompt_leak']),
    );

    const produced = await kafka.readAll(topics.KAFKA_TOPIC_FINDINGS, findingRows.length);
    const producedFindings = produced.map((record) => JSON.parse(record.value!.toString('utf8')) as Finding);
    expect(producedFindings.length).toBe(findingRows.length);

    // Alerts (stdout) and logs: give the alerter a moment to print what it received.
    await waitFor('alerts printed', () => Promise.resolve(argus.output.join('').includes(hashed)));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const everything = {
      clickhouse: JSON.stringify({ events, findingRows }),
      findingsTopic: produced.map((record) => record.value!.toString('utf8')).join('\n'),
      logs: argus.output.join(''),
    };
    for (const [where, text] of Object.entries(everything)) {
      for (const value of RAW_VALUES) {
        if (text.includes(value)) throw new Error(`raw value ${value.slice(0, 6)}… reached ${where}`);
      }
    }
  });

  it('refuses to start when the policy asks for hmac and no key is configured', () => {
    const result = spawnSync(process.execPath, [ARGUS_MAIN], {
      cwd: REPO_ROOT,
      env: {
        PATH: process.env.PATH,
        ARGUS_APPS: 'ingest',
        ARGUS_POLICY_FILE: policyFile,
        ARGUS_DATA_DIR: join(workDir, 'data-no-key'),
        KAFKA_BROKERS: testBrokers(),
        KAFKA_CREATE_TOPICS: 'false',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    // A configuration error: status 2, reported before anything connects.
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/ARGUS_REDACTION_HMAC_KEY: required/);
  });
});
