import { ProtectedDocumentIndex } from './protected-document.index';
import { reportableSpan, winnowingParameters } from './protected-document.fingerprint';

/** Deterministic pseudo-random prose (no clock, no Math.random): distinct documents share few shingles. */
function prose(seed: number, words: number): string {
  const vocabulary = [
    'account',
    'balance',
    'transfer',
    'limit',
    'customer',
    'review',
    'approval',
    'branch',
    'manager',
    'quarter',
    'rate',
    'margin',
    'charge',
    'waiver',
    'card',
    'payment',
    'treasury',
    'risk',
    'policy',
    'the',
    'of',
    'and',
    'to',
    'a',
    'in',
    'for',
    'is',
    'on',
    'with',
    'by',
    'at',
    'from',
    'euros',
    'monthly',
    'daily',
    'urgent',
    'returned',
    'debit',
    'credit',
    'ledger',
    'audit',
    'incident',
    'report',
    'settlement',
    'processor',
    'fraud',
    'operations',
    'compliance',
    'regulator',
    'notice',
  ];
  let state = seed * 2654435761 + 1;
  const out: string[] = [];
  for (let index = 0; index < words; index++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out.push(vocabulary[(state >>> 16) % vocabulary.length] ?? 'x');
  }
  return out.join(' ');
}

function indexOf(documents: { id: string; text: string }[], minWords = 50): ProtectedDocumentIndex {
  const index = new ProtectedDocumentIndex({ minWords, boilerplateShare: 0.01, boilerplateMinDocuments: 5 });
  for (const document of documents)
    index.add({ document_id: document.id, title: `Title ${document.id}`, text: document.text });
  return index.freeze();
}

const spanOf = (text: string, from: number, count: number) =>
  text
    .split(' ')
    .slice(from, from + count)
    .join(' ');

describe('winnowing parameters', () => {
  it.each([8, 16, 30, 50, 51, 100, 500])(
    'min_words %i: any copy of N words shares a kept shingle, chains are contiguous',
    (minWords) => {
      const { k, w } = winnowingParameters(minWords);
      expect(w + k - 1).toBeLessThanOrEqual(minWords);
      expect(w).toBeLessThanOrEqual(k);
      expect(reportableSpan(minWords)).toBeLessThanOrEqual(minWords);
    },
  );
});

describe('ProtectedDocumentIndex', () => {
  const documents = Array.from({ length: 200 }, (_, index) => ({
    id: `doc-${index}`,
    text: prose(index + 1, 300),
  }));
  const index = indexOf(documents);

  it('finds a verbatim copy of a whole document, naming it, with its share', () => {
    const [match] = index.match(`Sure, here it is: ${documents[7]?.text ?? ''} Hope that helps.`, 50_000);
    expect(match).toMatchObject({ documentId: 'doc-7', title: 'Title doc-7', documentWords: 300 });
    expect(match?.share).toBe(1);
    expect(match?.words).toBeGreaterThan(250);
  });

  it('ignores whitespace, case and punctuation changes', () => {
    const copied = spanOf(documents[3]?.text ?? '', 40, 120)
      .split(' ')
      .map((word, position) => (position % 3 === 0 ? `${word.toUpperCase()},` : word))
      .join('\n  ');
    const [match] = index.match(copied, 50_000);
    expect(match?.documentId).toBe('doc-3');
    expect(match?.words).toBeGreaterThanOrEqual(100);
  });

  it('catches every copy of exactly min_words words, wherever it starts', () => {
    const text = documents[11]?.text ?? '';
    for (let from = 0; from + 50 <= 300; from += 7) {
      const matches = index.match(`The answer: ${spanOf(text, from, 50)}. Anything else?`, 50_000);
      expect(matches.map((match) => match.documentId)).toContain('doc-11');
    }
  });

  it('never reports copies shorter than the reportable span', () => {
    const text = documents[11]?.text ?? '';
    for (let from = 0; from + 30 <= 300; from += 13) {
      expect(index.match(spanOf(text, from, index.reportableWords - 1), 50_000)).toEqual([]);
    }
  });

  it('does not report short common phrases or unrelated text', () => {
    expect(
      index.match(
        'Please review the account balance and the transfer limit with your branch manager.',
        50_000,
      ),
    ).toEqual([]);
    expect(index.match(prose(9999, 2000), 50_000)).toEqual([]);
  });

  it('does not report a paraphrase (same facts, other words and order)', () => {
    const original = spanOf(documents[5]?.text ?? '', 0, 120).split(' ');
    // Every fourth word replaced and neighbouring pairs swapped: no run of 25 identical words survives.
    const paraphrase = original.map((word, position) => (position % 4 === 3 ? 'namely' : word));
    for (let position = 0; position + 1 < paraphrase.length; position += 10) {
      const first = paraphrase[position] ?? '';
      paraphrase[position] = paraphrase[position + 1] ?? '';
      paraphrase[position + 1] = first;
    }
    expect(index.match(paraphrase.join(' '), 50_000)).toEqual([]);
  });

  it('ignores boilerplate shared by many documents', () => {
    const disclaimer = prose(4242, 80);
    const withBoilerplate = indexOf(
      Array.from({ length: 50 }, (_, position) => ({
        id: `memo-${position}`,
        text: `${prose(position + 500, 120)} ${disclaimer}`,
      })),
    );
    expect(withBoilerplate.match(`Footer: ${disclaimer}`, 50_000)).toEqual([]);
    // The memo's own text is still protected.
    const memo = prose(510, 120);
    expect(withBoilerplate.match(memo, 50_000).map((match) => match.documentId)).toEqual(['memo-10']);
  });

  it('rejects duplicate document ids', () => {
    const fresh = new ProtectedDocumentIndex({
      minWords: 50,
      boilerplateShare: 0.01,
      boilerplateMinDocuments: 5,
    });
    fresh.add({ document_id: 'a', text: 'x' });
    expect(() => fresh.add({ document_id: 'a', text: 'y' })).toThrow('duplicate protected document id "a"');
  });

  it('indexes 10k documents of ~2 KB and matches in well under a millisecond per lookup', () => {
    const large = new ProtectedDocumentIndex({
      minWords: 50,
      boilerplateShare: 0.01,
      boilerplateMinDocuments: 5,
    });
    const texts: string[] = [];
    for (let position = 0; position < 10_000; position++) {
      const text = prose(position + 100_000, 300);
      texts.push(text);
      large.add({ document_id: `bulk-${position}`, text });
    }
    large.freeze();
    expect(large.size).toBe(10_000);
    const started = process.hrtime.bigint();
    for (let position = 0; position < 100; position++) {
      const [match] = large.match(spanOf(texts[position * 97] ?? '', 100, 60), 50_000);
      expect(match?.documentId).toBe(`bulk-${position * 97}`);
    }
    const perLookupMs = Number(process.hrtime.bigint() - started) / 1e6 / 100;
    expect(perLookupMs).toBeLessThan(5);
  });
});
