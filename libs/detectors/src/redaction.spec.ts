import { evidenceSnippet, maskToken } from './redaction';

describe('redaction helpers', () => {
  it('masks a token to its first characters', () => {
    expect(maskToken('ARGUS-CANARY-7GSHKD6S7D65C7N4XXEA')).toBe('ARGU…');
    expect(maskToken('short')).toBe('…');
  });

  it('cuts a snippet around a match, replacing the match and collapsing white space', () => {
    const text =
      'My card is 4111 1111 1111 1111\nand it expires soon, please help me with the payment today.';
    const start = text.indexOf('4111');
    expect(evidenceSnippet(text, start, start + 19, '[CREDIT_CARD]', 12)).toBe(
      'My card is [CREDIT_CARD] and it expi…',
    );
  });
});
