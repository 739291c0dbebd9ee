import { partitionLag } from './consumer.lag';

describe('partitionLag', () => {
  const position = { topic: 't', partition: 0, low: '10', high: '25' };

  it('counts the records after the committed offset', () => {
    expect(partitionLag({ ...position, committed: '20' })).toEqual({ topic: 't', partition: 0, lag: 5 });
  });

  it('counts every retained record when the group has committed nothing', () => {
    expect(partitionLag({ ...position, committed: '-1' }).lag).toBe(15);
  });

  it('is never negative (a commit ahead of a truncated log)', () => {
    expect(partitionLag({ ...position, committed: '30' }).lag).toBe(0);
  });
});
