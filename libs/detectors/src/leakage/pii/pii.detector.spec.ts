import { leakageContext, segmentOf } from '../leakage.test-context';
import { createPiiDetector } from './pii.detector';
import { bech32Valid, base58CheckValid, eip55Checksum, ibanValid, luhnValid } from './pii.validators';

const detector = createPiiDetector();
const context = leakageContext();
const scan = (text: string, field: 'input' | 'output' = 'input') =>
  detector.detectSegment!(segmentOf(text, field), context);
const found = (text: string) =>
  scan(text).map((hit) => [hit.entity, text.slice(hit.location.start, hit.location.end)]);

describe('pii detector', () => {
  it.each([
    ['CREDIT_CARD', 'My card number is 4111 1111 1111 1111, expiry 12/28.', '4111 1111 1111 1111'],
    ['CREDIT_CARD', 'amex 3782-822463-10005 please', '3782-822463-10005'],
    ['IBAN_CODE', 'Send it to IBAN DE89 3704 0044 0532 0130 00 today.', 'DE89 3704 0044 0532 0130 00'],
    ['IBAN_CODE', 'iban gb82west12345698765432', 'gb82west12345698765432'],
    ['US_SSN', 'my SSN is 536-22-8915', '536-22-8915'],
    ['EMAIL_ADDRESS', 'write to jane.doe+bank@mail.example.org.', 'jane.doe+bank@mail.example.org'],
    ['PHONE_NUMBER', 'Call me on +1 (212) 555-0142 after six.', '+1 (212) 555-0142'],
    ['PHONE_NUMBER', 'Phone: 020 7946 0958', '020 7946 0958'],
    ['IP_ADDRESS', 'the login came from 198.51.100.23 yesterday', '198.51.100.23'],
    ['IP_ADDRESS', 'host 2001:db8:85a3::8a2e:370:7334 answered', '2001:db8:85a3::8a2e:370:7334'],
    ['MAC_ADDRESS', 'device mac 00:1A:2B:3C:4D:5E', '00:1A:2B:3C:4D:5E'],
    ['UK_NINO', 'national insurance number AB 12 34 56 C', 'AB 12 34 56 C'],
    ['CRYPTO', 'send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2 now', '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2'],
    [
      'CRYPTO',
      'wallet bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
      'bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq',
    ],
    ['DATE_TIME', 'I was born 1984-03-17 in Leeds', '1984-03-17'],
    ['CREDIT_CARD', 'points earned on my debit card 030912345672 last week', '030912345672'],
    ['PHONE_NUMBER', 'Office: 212-555-0188 x204 (reception)', '212-555-0188 x204'],
    ['CREDIT_CARD', 'card 4111.1111.1111.1111 exp 09/27', '4111.1111.1111.1111'],
    [
      'CREDIT_CARD',
      'pay with 5555\u00a05555\u00a05555\u00a04444 today',
      '5555\u00a05555\u00a05555\u00a04444',
    ],
    ['CREDIT_CARD', 'amex 3782–822463–10005 on file', '3782–822463–10005'],
    ['CREDIT_CARD', 'card 4111  1111  1111  1111.', '4111  1111  1111  1111'],
    ['PHONE_NUMBER', 'call +44 20 7946 0958 ext. 12 anytime', '+44 20 7946 0958 ext. 12'],
  ])('finds %s in "%s"', (entity, text, value) => {
    expect(found(text)).toContainEqual([entity, value]);
  });

  it.each([
    ['a card number failing Luhn', 'card 4111 1111 1111 1112'],
    ['an IBAN with a wrong check digit', 'IBAN DE88 3704 0044 0532 0130 00'],
    ['an SSN with area 000', 'SSN 000-12-3456'],
    ['an SSN with area 9xx', 'SSN 912-12-3456'],
    ['an SSN with serial 0000', 'SSN 123-45-0000'],
    ['octets over 255', 'from 256.1.1.300'],
    ['a version number', 'upgrade to version 1.2.3.4'],
    ['a bare date', 'The meeting is on 2024-05-12 at noon.'],
    ['a street address', 'The restaurant is at 5521 119 Main Street.'],
    ['an order number', 'Order 20240512 shipped.'],
    ['credentials in a URL', 'postgres://app:s3cretPw@db.internal:5432/ledger'],
    ['a wallet with a bad checksum', 'send to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3 now'],
    ['an amount', 'The balance is $25,000.00 and 1,250 points.'],
    ['a dotted version', 'build 4111.1111.1111.1111.2 shipped'],
  ])('ignores %s', (_name, text) => {
    expect(scan(text)).toEqual([]);
  });

  it('rates data the model disclosed above data a user pasted and never shows the value', () => {
    const text = 'The card on file is 5555 5555 5555 4444.';
    const [input] = scan(text, 'input');
    const [output] = scan(text, 'output');
    expect(input?.severity).toBe('high');
    expect(output?.severity).toBe('critical');
    expect(output?.evidence).not.toMatch(/5555|4444/);
    expect(output?.message).toContain('ending 4444');
    expect(output?.attributes?.not_covered).toBe('PERSON,LOCATION');
  });

  it('honours the entities option', () => {
    const onlyEmail = leakageContext({ entities: ['EMAIL_ADDRESS'] });
    const hits = detector.detectSegment!(segmentOf('a@example.org card 4111111111111111'), onlyEmail);
    expect(hits.map((hit) => hit.entity)).toEqual(['EMAIL_ADDRESS']);
  });
});

describe('texts past what one scan examines', () => {
  it('has the unscanned end of an oversized text masked, at low severity when it held no dump', () => {
    const text = `${'lorem ipsum '.repeat(22_000)} contact jane.doe@mail.example.org`;
    const hits = scan(text, 'output');
    expect(hits.map((hit) => [hit.rule_id, hit.severity, hit.location.start, hit.location.end])).toEqual([
      ['pii.unexamined_remainder', 'low', 262_144, text.length],
    ]);
    expect(hits[0].evidence).toBe(`[PII_BULK: ${text.length - 262_144} characters]`);
  });

  it('stops checking phone-like numbers after its lookup budget and covers the rest', () => {
    const text = Array.from({ length: 3000 }, (_, n) => `ref ${String(5_550_000_000 + n)}`).join(', ');
    const [remainder, ...rest] = scan(text).filter((hit) => hit.rule_id === 'pii.unexamined_remainder');
    expect(rest).toEqual([]);
    expect(remainder.location.end).toBe(text.length);
    expect(remainder.location.start).toBeLessThan(text.length / 2);
  });
});

describe('pii validators', () => {
  it('checks Luhn, IBAN mod-97, Base58Check and bech32', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
    expect(ibanValid('GB82WEST12345698765432')).toBe(true);
    expect(ibanValid('GB82WEST1234569876543')).toBe(false);
    expect(base58CheckValid('1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2')).toBe(true);
    expect(bech32Valid('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq')).toBe(true);
    expect(bech32Valid('bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdx')).toBe(false);
  });
});

describe('card separators', () => {
  it('must be the same throughout', () => {
    expect(scan('ref 4111.1111-1111/1111 kept').map((hit) => hit.entity)).not.toContain('CREDIT_CARD');
  });
});

describe('12-digit card numbers', () => {
  it('are cards only with card context', () => {
    const entitiesOf = (text: string) => scan(text).map((hit) => hit.entity);
    expect(entitiesOf('points earned on my debit card 030912345672 last week')).toEqual(['CREDIT_CARD']);
    expect(entitiesOf('Your booking reference is 030912345672.')).not.toContain('CREDIT_CARD');
  });
});

describe('Ethereum addresses (EIP-55)', () => {
  // Test vector published in EIP-55 itself.
  const checksummed = '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed';
  // A mixed-case address with one letter's case flipped no longer matches its checksum.
  const flipped = checksummed.replace('aA', 'Aa');
  const hitsFor = (address: string) =>
    scan(`please send the refund to ${address} today`).filter((hit) => hit.entity === 'CRYPTO');

  it('validates a mixed-case address by its Keccak-256 checksum', () => {
    expect(eip55Checksum(checksummed)).toBe('valid');
    expect(eip55Checksum(flipped)).toBe('invalid');
    expect(eip55Checksum(checksummed.toLowerCase())).toBe('uncased');
    expect(eip55Checksum(`0x${checksummed.slice(2).toUpperCase()}`)).toBe('uncased');
  });

  it('reports a checksummed address with high confidence and drops a mixed-case one that fails', () => {
    const [valid] = hitsFor(checksummed);
    expect(valid?.confidence).toBeGreaterThanOrEqual(0.9);
    expect(hitsFor(flipped)).toEqual([]);
  });

  it('accepts all-lower and all-upper addresses with lower confidence', () => {
    const [lower] = scan(`eth wallet ${checksummed.toLowerCase()}`).filter((hit) => hit.entity === 'CRYPTO');
    const [upper] = scan(`eth wallet 0x${checksummed.slice(2).toUpperCase()}`).filter(
      (hit) => hit.entity === 'CRYPTO',
    );
    for (const hit of [lower, upper]) {
      expect(hit).toBeDefined();
      expect(hit?.confidence).toBeLessThan(0.9);
    }
  });
});

describe('PII evidence never carries a fragment of a neighbouring value', () => {
  const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const random = (length: number, seed: number): string => {
    let value = '';
    let state = seed;
    for (let index = 0; index < length; index++) {
      state = (state * 1103515245 + 12345) % 2147483648;
      value += ALNUM[(state >>> 16) % ALNUM.length];
    }
    return value;
  };
  const windows = (value: string, size: number) =>
    Array.from({ length: value.length - size + 1 }, (_, index) => value.slice(index, index + size));

  it('masks keys and numbers the window cuts through, whatever the gap', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const key = `sk_live_${random(28, seed)}`;
      const gap = ' '.repeat(1 + (seed % 9));
      const text = `${key}${gap}card 5555 5555 5555 4444${gap}acct 12-34-56 7890 1234${gap}${key}`;
      const hits = scan(text).filter((hit) => hit.entity === 'CREDIT_CARD');
      expect(hits).toHaveLength(1);
      for (const hit of hits) {
        expect(hit.evidence).not.toMatch(/\d/);
        for (const fragment of windows(key.slice(8), 3)) expect(hit.evidence).not.toContain(fragment);
      }
    }
  });
});
