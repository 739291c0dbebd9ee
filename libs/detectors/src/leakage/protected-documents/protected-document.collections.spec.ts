import { DetectorsError } from '../../detectors.error';
import { parseDetectionPolicy } from '../../policy/detection-policy.loader';
import { leakageContext, segmentOf } from '../leakage.test-context';
import {
  type ProtectedDocumentCollections,
  protectedDocumentCollectionNames,
} from './protected-document.collections';
import { createProtectedDocumentDetector } from './protected-document.detector';
import { type ProtectedDocument } from './protected-document.index';

/** Made-up confidential prose, long enough for a 50-word copy; the two memos share no long run. */
const MEMOS: Record<string, string> = {
  allocation:
    'The allocation committee agreed that the quarterly weight of emerging market credit moves to eleven ' +
    'percent, with the remainder held in short dated sovereign paper until the volatility band narrows ' +
    'again, and no desk may exceed its stop loss by more than a quarter without written approval from the ' +
    'chief risk officer, who reviews every exception on Thursday mornings with the head of treasury.',
  hedging:
    'Our hedging programme for the coming winter buys protection on the euro through layered collars ' +
    'struck five and eight percent out of the money, rolled monthly by the overnight desk, funded by ' +
    'selling upside on the sterling book, and reported to the board only as a single net exposure figure ' +
    'so that counterparties cannot infer the size of any individual leg from our filings.',
};
const memo = (topic: string): string => MEMOS[topic];

/** An in-memory collection source whose content (and so version) tests change. */
class MemoryCollections implements ProtectedDocumentCollections {
  version = 1;
  private readonly byName = new Map<string, ProtectedDocument[]>();
  set(name: string, documents: ProtectedDocument[]): void {
    this.byName.set(name, documents);
    this.version++;
  }
  documents(name: string): readonly ProtectedDocument[] {
    return this.byName.get(name) ?? [];
  }
}

describe('protected documents from collections', () => {
  const options = { collections: ['treasury'] };
  const context = leakageContext(options);

  it('reports an output that copies a document of a named collection', () => {
    const collections = new MemoryCollections();
    collections.set('treasury', [
      { document_id: 'memo-7', title: 'Allocation memo', text: memo('allocation') },
    ]);
    const detector = createProtectedDocumentDetector({ collections, preload: [options] });
    const [hit] = detector.detectSegment!(
      segmentOf(`Sure, here it is: ${memo('allocation')}`, 'output'),
      context,
    );
    expect(hit).toMatchObject({ category: 'training_data_leak', attributes: { document_id: 'memo-7' } });
  });

  it('re-fingerprints when the collections change: new documents are protected, removed ones are not', () => {
    const collections = new MemoryCollections();
    collections.set('treasury', [{ document_id: 'old', text: memo('allocation') }]);
    const detector = createProtectedDocumentDetector({ collections, preload: [options] });
    const detect = (text: string) => detector.detectSegment!(segmentOf(text, 'output'), context);
    expect(detect(memo('hedging'))).toEqual([]);

    collections.set('treasury', [{ document_id: 'new', text: memo('hedging') }]);
    expect(detector.reindex()).toBe(1);
    expect(detector.reindex()).toBe(0);
    expect(detect(memo('hedging')).map((hit) => hit.attributes?.['document_id'])).toEqual(['new']);
    expect(detect(memo('allocation'))).toEqual([]);
  });

  it('fails clearly where no collection source exists (offline tools)', () => {
    expect(() => createProtectedDocumentDetector({ preload: [options] })).toThrow(DetectorsError);
    expect(() => createProtectedDocumentDetector({ preload: [options] })).toThrow(
      /collections \[treasury\] are read from the ClickHouse protected_documents table/,
    );
  });

  it('lists the collections a policy names at any level, and rejects bad names when it loads', () => {
    const policy = parseDetectionPolicy(`
version: 1
defaults:
  detectors: { protected_document: { options: { collections: [research] } } }
apps:
  - { tenant_id: t, app_id: a, detectors: { protected_document: { options: { collections: [treasury, research] } } } }
`);
    expect(protectedDocumentCollectionNames(policy)).toEqual(['research', 'treasury']);
    expect(() =>
      parseDetectionPolicy(
        "version: 1\ndefaults: { detectors: { protected_document: { options: { collections: ['a b'] } } } }\n",
      ),
    ).toThrow(/collections\.0: a collection name/);
  });
});
