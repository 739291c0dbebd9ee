import { promptIndex } from './system-prompt.index';

describe('promptIndex', () => {
  const prompt = 'You are the support assistant of Acme Bank and you answer questions about cards politely.';

  it('indexes a prompt once and hands back the cached index for the same texts and shingle size', () => {
    const first = promptIndex([prompt], 5);
    expect(first?.promptWords).toBe(15);
    expect(promptIndex([prompt], 5)).toBe(first);
    expect(promptIndex([prompt], 6)).not.toBe(first);
  });

  it('keys on the boundaries between system texts, not only on their concatenation', () => {
    const whole = promptIndex([`${prompt} ${prompt}`], 5);
    const split = promptIndex([prompt, ` ${prompt}`], 5);
    expect(split).not.toBe(whole);
    expect(split?.promptWords).toBe(whole?.promptWords);
  });

  it('reports a prompt shorter than the shingle size as nothing to compare, cached or not', () => {
    expect(promptIndex(['Be brief.'], 5)).toBeUndefined();
    expect(promptIndex(['Be brief.'], 5)).toBeUndefined();
    expect(promptIndex([], 5)).toBeUndefined();
  });

  it('stays bounded: after many distinct prompts the oldest is indexed again', () => {
    const oldest = promptIndex([`${prompt} first`], 5);
    for (let index = 0; index < 300; index++) promptIndex([`${prompt} number ${index}`], 5);
    const rebuilt = promptIndex([`${prompt} first`], 5);
    expect(rebuilt).not.toBe(oldest);
    expect(rebuilt).toEqual(oldest);
  });
});
