import {
  DEFAULT_RETENTION,
  applyMigrations,
  createClickHouseClient,
  embeddedTestDataDir,
  type ClickHouseClient,
} from '@argus/clickhouse';
import { TelemetryEventSchema } from '@argus/contracts';
import {
  DetectionPipeline,
  PROTECTED_DOCUMENT_DETECTOR_ID,
  type ProtectedDocumentDetector,
  defaultDetectorRegistry,
  parseDetectionPolicy,
} from '@argus/detectors';
import { makeEvent } from '@argus/testing';
import { ClickHouseProtectedDocuments } from '../../apps/argus/src/protected-documents.source';

// Real embedded ClickHouse (chdb), one data directory per jest worker, a database of this file's own.
const DATABASE = 'argus_it_protected_documents';

/** Made-up confidential prose: two documents that share no run of words. */
const PRICING =
  'Internal pricing note for relationship managers: the private banking tier waives custody fees for ' +
  'clients above two million in assets, offers a fifteen basis point discount on structured notes when ' +
  'the client also holds a mortgage with us, and allows the regional head to approve a further five ' +
  'basis points without referring the case to the pricing committee, which meets every second Tuesday.';
const RECOVERY =
  'Recovery playbook for the card platform: if the authorisation service stays degraded for more than ' +
  'nine minutes the duty manager switches issuing to the standby processor in Frankfurt, informs the ' +
  'scheme by telephone rather than e-mail, and keeps the stand-in limits at two hundred euros per card ' +
  'until reconciliation of the offline approvals is complete on the following business day.';

const policy = parseDetectionPolicy(`
version: 1
defaults:
  detectors:
    protected_document: { options: { collections: [private-banking] } }
`);

describe('protected documents read from ClickHouse', () => {
  let client: ClickHouseClient;

  beforeAll(async () => {
    client = await createClickHouseClient({ database: DATABASE, dataDir: embeddedTestDataDir() });
    await applyMigrations(client, { database: DATABASE, retention: DEFAULT_RETENTION });
    await client.command({ query: 'TRUNCATE TABLE IF EXISTS protected_documents' });
  });
  afterAll(async () => client.close());

  const insert = (rows: Array<Record<string, unknown>>) =>
    client.insert({ table: 'protected_documents', values: rows, format: 'JSONEachRow' });
  const leakIn = (pipeline: DetectionPipeline, text: string) =>
    pipeline
      .run(TelemetryEventSchema.parse(makeEvent({ input: 'What are the rules?', output: `Sure: ${text}` })))
      .findings.filter((finding) => finding.category === 'training_data_leak')
      .map((finding) => finding.attributes?.['document_id']);

  it('loads the named collections, detects copies, and follows updates and deletions', async () => {
    await insert([
      { collection: 'private-banking', document_id: 'pricing-note', title: 'Pricing note', text: PRICING },
      { collection: 'other-team', document_id: 'recovery', text: RECOVERY },
    ]);
    const source = new ClickHouseProtectedDocuments(client, ['private-banking']);
    expect(await source.refresh()).toBe(true);
    expect(source.counts()).toEqual({ 'private-banking': 1 });
    const registry = defaultDetectorRegistry(policy, { protectedDocumentCollections: source });
    const pipeline = new DetectionPipeline({ registry, policy });
    expect(leakIn(pipeline, PRICING)).toEqual(['pricing-note']);
    // Another collection's document is not this policy's business.
    expect(leakIn(pipeline, RECOVERY)).toEqual([]);

    // Nothing changed: no reload (one aggregate query), same version.
    const version = source.version;
    expect(await source.refresh()).toBe(false);
    expect(source.version).toBe(version);

    // The recovery playbook joins the collection and the pricing note is retired.
    await insert([
      { collection: 'private-banking', document_id: 'recovery', text: RECOVERY },
      {
        collection: 'private-banking',
        document_id: 'pricing-note',
        text: PRICING,
        deleted: 1,
        updated_at: '2099-01-01 00:00:00.000',
      },
    ]);
    expect(await source.refresh()).toBe(true);
    expect(source.counts()).toEqual({ 'private-banking': 1 });
    const detector = registry.get(PROTECTED_DOCUMENT_DETECTOR_ID) as ProtectedDocumentDetector;
    expect(detector.reindex()).toBe(1);
    expect(leakIn(pipeline, RECOVERY)).toEqual(['recovery']);
    expect(leakIn(pipeline, PRICING)).toEqual([]);
  });
});
