import { explainDrift } from './drift.explanation';

describe('explainDrift', () => {
  it('ranks first the current examples typical of the new window and unlike the reference', () => {
    const reference = [
      [1, 0],
      [0.9, 0.1],
      [1, 0.05],
    ];
    const current = [
      [1, 0],
      [0, 1],
      [0.95, 0.05],
      [0.1, 0.9],
      [0, 1],
    ];
    const texts = [
      'card arrival',
      'flight to Paris',
      'card still not here',
      'hotel in Rome',
      'flight to Oslo',
    ];
    const examples = explainDrift(reference, current, texts, 3);
    expect(examples.map((example) => example.text).sort()).toEqual([
      'flight to Oslo',
      'flight to Paris',
      'hotel in Rome',
    ]);
    const all = explainDrift(reference, current, texts, 5);
    expect(all.slice(3).map((example) => example.index)).toEqual([2, 0]);
    expect(examples[0].distanceToReferenceCentroid).toBeGreaterThan(examples[0].distanceToCurrentCentroid);
    expect(examples[0].score).toBeCloseTo(
      examples[0].distanceToReferenceCentroid - examples[0].distanceToCurrentCentroid,
      12,
    );
  });

  it('works without texts and with fewer examples than asked', () => {
    const examples = explainDrift([[0], [1]], [[5]], undefined, 10);
    expect(examples).toEqual([expect.objectContaining({ index: 0, score: 4.5 })]);
    expect(examples[0]).not.toHaveProperty('text');
  });
});
