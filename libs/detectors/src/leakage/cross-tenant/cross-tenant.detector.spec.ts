import { type TelemetryEvent } from '@argus/contracts';
import { leakageContext } from '../leakage.test-context';
import { createCrossTenantDetector } from './cross-tenant.detector';

const detector = createCrossTenantDetector();
type Document = NonNullable<TelemetryEvent['retrieval']>[number];
const run = (retrieval: Document[], options: Record<string, unknown> = {}) => {
  const event = { tenant_id: 'acme-bank', app_id: 'research', retrieval } as TelemetryEvent;
  return detector.detectEvent!(event, leakageContext(options, event));
};
const doc = (overrides: Partial<Document>): Document => ({
  document_id: 'd1',
  content: 'text',
  ...overrides,
});

describe('cross-tenant detector', () => {
  it('reports a document of another tenant as critical', () => {
    const [hit] = run([doc({ tenant_id: 'globex' }), doc({ document_id: 'd2', tenant_id: 'acme-bank' })]);
    expect(hit?.rule_id).toBe('cross_tenant_leak.foreign_tenant');
    expect(hit?.severity).toBe('critical');
    expect(hit?.location).toEqual({ field: 'retrieval', document: 'd1' });
  });

  it('accepts own, shared and unattributed documents by default', () => {
    expect(
      run([doc({ tenant_id: 'acme-bank' }), doc({ tenant_id: 'public-kb' }), doc({})], {
        shared_tenants: ['public-kb'],
      }),
    ).toEqual([]);
    expect(run([doc({})], { report_missing_tenant: true }).map((hit) => hit.rule_id)).toEqual([
      'cross_tenant_leak.missing_tenant',
    ]);
  });

  it('reports documents above the app’s classification, unknown labels failing closed', () => {
    const options = { max_classification: 'internal' };
    expect(run([doc({ tenant_id: 'acme-bank', classification: 'internal' })], options)).toEqual([]);
    expect(run([doc({ tenant_id: 'acme-bank', classification: 'confidential' })], options)[0]?.severity).toBe(
      'high',
    );
    expect(run([doc({ tenant_id: 'acme-bank', classification: 'restricted' })], options)[0]?.severity).toBe(
      'critical',
    );
    expect(run([doc({ tenant_id: 'acme-bank', classification: 'top-secret' })], options)[0]?.confidence).toBe(
      0.6,
    );
    expect(run([doc({ tenant_id: 'acme-bank', classification: 'restricted' })])).toEqual([]);
  });
});
