import { findPastedDocument } from './pasted-document';

const EMAIL =
  'Hi Sam,\nYour card ending 4821 was charged EUR 42.10 by Grocer. The settled amount may differ from this ' +
  'initial charge.\n\nIf you have any questions, just reply to this e-mail.\nThe Example Bank team';

const pastedText = (message: string) => {
  const found = findPastedDocument(message);
  return found === undefined ? undefined : message.slice(found.start, found.end);
};

describe('findPastedDocument', () => {
  it.each([
    ['a lead-in ending in a colon', `Summarise this e-mail for me:\n${EMAIL}`],
    ['a request pointing at what follows', `What is the following e-mail about?\n\n${EMAIL}`],
    ['a question after the e-mail', `${EMAIL}\n\nWhat does this e-mail want me to do?`],
    ['a fenced block', `Can you check this?\n\`\`\`\n${EMAIL}\n\`\`\``],
    ['e-mail headers', `Subject: Card payment\n${EMAIL}`],
    ['a Q: line first', `Q: How much was charged?\n\n${EMAIL}`],
  ])('finds the whole e-mail after %s', (_form, message) => {
    expect(pastedText(message)?.replace(/^`{3}\n|\n`{3}$/g, '')).toContain(EMAIL.slice(-40));
    expect(pastedText(message)).toContain('Hi Sam');
  });

  it('finds an e-mail quoted on one line after a colon', () => {
    const oneLine = EMAIL.replace(/\n+/g, ' ');
    expect(pastedText(`Please summarise this customer e-mail: "${oneLine}"`)).toBe(oneLine);
  });

  it('does not cut the e-mail at a blank line or a "CONTENT:" header inside it', () => {
    const email = `SUBJECT: Payment received|EMAIL_FROM: Example Bank|CONTENT:\n\n${EMAIL}`;
    expect(pastedText(`${email}\n\nWhat is this e-mail about?`)).toBe(email);
  });

  it('gives the request around the document', () => {
    expect(findPastedDocument(`Summarise this e-mail for me:\n${EMAIL}`)?.request).toBe(
      'Summarise this e-mail for me:',
    );
  });

  it.each([
    ['a short message', 'What is my balance?'],
    [
      'one long paragraph',
      `Please help me plan a trip to Lisbon. ${'We like food and museums. '.repeat(10)}`,
    ],
    [
      'a long prompt whose first paragraph is not about a document',
      `I want you to act as a travel guide.\n\n${'Suggest places to visit near me and explain why. '.repeat(4)}`,
    ],
    ['a quote too short to be a document', 'Translate this:\nGood morning, how are you?'],
  ])('finds nothing in %s', (_name, message) => {
    expect(findPastedDocument(message)).toBeUndefined();
  });
});
