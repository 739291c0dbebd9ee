import { leakageContext, segmentOf } from '../leakage.test-context';
import { KeywordIndex } from './keyword.index';
import { isPlaceholder } from './placeholder.allowlist';
import { createSecretDetector } from './secret.detector';
import { SECRET_RULES } from './secret.rules';

const detector = createSecretDetector();
const context = leakageContext();
const scan = (text: string, field: 'input' | 'output' = 'input') =>
  detector.detectSegment!(segmentOf(text, field), context);
const entities = (text: string) => scan(text).map((hit) => hit.entity);

// Built at run time so no credential-shaped literal sits in the repository.
const random = (alphabet: string, length: number, seed = 7): string => {
  let value = '';
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (state * 1103515245 + 12345) % 2147483648;
    value += alphabet[(state >>> 16) % alphabet.length];
  }
  return value;
};
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const HEX = '0123456789abcdef';

describe('secret detector', () => {
  it('ships at least 100 rules with unique ids and keywords of two or more characters', () => {
    expect(SECRET_RULES.length).toBeGreaterThanOrEqual(100);
    expect(new Set(SECRET_RULES.map((rule) => rule.id)).size).toBe(SECRET_RULES.length);
    for (const rule of SECRET_RULES)
      for (const keyword of rule.keywords) expect(keyword.length).toBeGreaterThanOrEqual(2);
  });

  it.each([
    ['aws-access-key-id', `key AKIA${random('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)} here`],
    ['aws-secret-access-key', `aws_secret_access_key = ${random(`${ALNUM}/+`, 40)}`],
    ['github-personal-access-token', `token ghp_${random(ALNUM, 36)}`],
    ['github-fine-grained-token', `github_pat_${random(ALNUM, 22)}_${random(ALNUM, 59)}`],
    ['gitlab-personal-access-token', `glpat-${random(ALNUM, 20)}`],
    ['slack-bot-token', `xoxb-918273645012-502918273645-${random(ALNUM, 24)}`],
    ['slack-webhook-url', `https://hooks.slack.com/services/T0000/B0000/${random(ALNUM, 24)}`],
    ['stripe-live-secret-key', `sk_live_${random(ALNUM, 24)}`],
    ['sendgrid-api-key', `SG.${random(ALNUM, 22)}.${random(ALNUM, 43)}`],
    ['openai-project-key', `sk-proj-${random(ALNUM, 48)}`],
    ['anthropic-api-key', `sk-ant-api03-${random(ALNUM, 93)}`],
    ['huggingface-token', `hf_${random('abcdefghijklmnopqrstuvwxyzABCDEFGHIJ', 34)}`],
    ['npm-access-token', `npm_${random(ALNUM, 36)}`],
    ['telegram-bot-token', `918273645:AA${random(ALNUM, 33)}`],
    ['digitalocean-personal-access-token', `dop_v1_${random(HEX, 64)}`],
    ['private-key', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow…'],
    ['postgres-connection-string', `postgres://app:${random(ALNUM, 14)}@db.internal:5432/ledger`],
    ['mongodb-connection-string', `mongodb+srv://app:${random(ALNUM, 14)}@cluster0.mongodb.net`],
    ['jdbc-connection-string', `jdbc:mysql://db:3306/app?user=app&password=${random(ALNUM, 12)}`],
    ['generic-password', `"password": "${random(ALNUM, 14)}"`],
  ])('finds %s', (rule, text) => {
    expect(entities(text)).toContain(rule);
  });

  it('finds a JWT only when its header decodes', () => {
    const header = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
    const payload = Buffer.from('{"sub":"1234567890"}').toString('base64url');
    expect(entities(`Bearer ${header}.${payload}.${random(ALNUM, 43)}`)).toContain('json-web-token');
    expect(entities(`eyJnotjsonatall.eyJ${random(ALNUM, 20)}.${random(ALNUM, 20)}`)).not.toContain(
      'json-web-token',
    );
  });

  it.each([
    ['AWS documentation example', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE'],
    ['placeholder password', 'password = "your-password-here"'],
    ['template variable', 'api_key: ${API_KEY}'],
    ['angle-bracket placeholder', 'Authorization: Bearer <token>'],
    ['masked value', 'password = "************"'],
    ['low-entropy value', 'password = "aaaaaaaa"'],
    ['counting run', `token = "abcdef123456${random(ALNUM, 4)}"`],
    [
      'prose about passwords',
      'Please reset your password from the settings page and choose a long passphrase.',
    ],
    ['a key without its prefix', 'The order reference is 4f3a9c2e8b7d6a5f4e3d2c1b0a9f8e7d.'],
    ['a connection string without password', 'postgres://db.internal:5432/ledger'],
  ])('ignores %s', (_name, text) => {
    expect(scan(text)).toEqual([]);
  });

  it('rates a key the model disclosed above one a user pasted, and never shows it in evidence', () => {
    const key = `sk_live_${random(ALNUM, 30)}`;
    const [input] = scan(`my key ${key}`, 'input');
    const [output] = scan(`the key is ${key}`, 'output');
    expect(input?.severity).toBe('high');
    expect(output?.severity).toBe('critical');
    for (const hit of [input, output]) {
      expect(hit?.evidence).not.toContain(key);
      expect(hit?.message).not.toContain(key);
      expect(hit?.category).toBe('secret');
      expect(hit?.rule_id).toBe('secret.stripe-live-secret-key');
    }
  });

  it('reports the more specific rule when a generic assignment overlaps a provider key', () => {
    expect(entities(`STRIPE_SECRET_KEY=sk_test_${random(ALNUM, 24)}`)).toEqual(['stripe-test-secret-key']);
  });
});

describe('keyword index', () => {
  it('finds every keyword occurring in a text in one pass', () => {
    const index = new KeywordIndex(['ghp_', 'xoxb-', 'sk', 'private key']);
    expect([...index.find('a ghp_x and a private key, ask')].sort()).toEqual(['ghp_', 'private key', 'sk']);
    expect(index.find('nothing here').size).toBe(0);
  });
});

describe('placeholder allowlist', () => {
  it.each(['AKIAIOSFODNN7EXAMPLE', 'xxxxxxxxxxxx', 'your-api-key', '<token>', '{{secret}}', '1234567890ab'])(
    'treats %s as a placeholder',
    (value) => expect(isPlaceholder(value)).toBe(true),
  );
  it('keeps random values', () => expect(isPlaceholder(random(ALNUM, 32))).toBe(false));
});

describe('secret evidence', () => {
  it('never carries any part of neighbouring secrets', () => {
    const id = `AKIA${random('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, 3)}`;
    const key = random(`${ALNUM}/+`, 40, 5);
    const hits = scan(`key ${id} secret ${key}`);
    expect(hits.map((hit) => hit.entity).sort()).toEqual(['aws-access-key-id', 'aws-secret-access-key']);
    const windows = (value: string) =>
      Array.from({ length: value.length - 5 }, (_, index) => value.slice(index, index + 6));
    for (const hit of hits) {
      for (const window of [...windows(id.slice(4)), ...windows(key.slice(4))])
        expect(hit.evidence).not.toContain(window);
    }
  });
});
