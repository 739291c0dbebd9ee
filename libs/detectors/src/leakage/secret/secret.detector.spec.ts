import { leakageContext, segmentOf } from '../leakage.test-context';
import { KeywordIndex } from './keyword.index';
import { isPlaceholder, isTypedValue } from './placeholder.allowlist';
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
    [
      'github-app-installation-token',
      `GH_TOKEN=ghs_918273_${Buffer.from('{"alg":"RS256","typ":"JWT"}').toString('base64url')}.${random(ALNUM, 300, 78)}.${random(ALNUM, 86, 79)}`,
    ],
    ['github-app-installation-token', `token ghs_${random(ALNUM, 36, 80)}`],
    ['figma-personal-access-token', `FIGMA_TOKEN=figd_${random(ALNUM, 40, 60)}`],
    ['netlify-personal-access-token', `nfp_${random(ALNUM, 40, 61)}`],
    ['tailscale-key', `tskey-auth-${random(ALNUM, 12, 62)}-${random(ALNUM, 32, 63)}`],
    ['onepassword-service-account-token', `OP_SERVICE_ACCOUNT_TOKEN=ops_eyJ${random(ALNUM, 200, 64)}`],
    ['openrouter-api-key', `sk-or-v1-${random(HEX, 64, 65)}`],
    ['pinecone-api-key', `pcsk_${random(ALNUM, 6, 66)}_${random(ALNUM, 60, 67)}`],
    ['deepseek-api-key', `DEEPSEEK_API_KEY=sk-${random(HEX, 32, 68)}`],
    ['elevenlabs-api-key', `xi-api-key: sk_${random(HEX, 48, 69)}`],
    ['cohere-api-key', `COHERE_API_KEY="${random(ALNUM, 40, 70)}"`],
    ['mistral-api-key', `mistral_api_key: ${random(ALNUM, 32, 71)}`],
    ['okta-api-token', `OKTA_API_TOKEN=00${random(ALNUM, 40, 72)}`],
    ['plaid-access-token', 'access-sandbox-3f2b9c1e-8d4a-4f6b-9e2c-7a1d5b8c0e4f'],
    ['twitter-bearer-token', `Bearer ${'A'.repeat(21)}${random(ALNUM, 90, 73)}`],
    ['asana-personal-access-token', `2/1207319468250173/1209472615830946:${random(HEX, 32, 74)}`],
    [
      'atlassian-data-center-pat',
      `jira token ${Buffer.from(`718293046512:${random(ALNUM, 20, 75)}`).toString('base64')}`,
    ],
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
    [
      'base64 that is not an Atlassian token',
      `blob ${Buffer.from(random(ALNUM, 32, 76)).toString('base64')}`,
    ],
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

describe('secret notion: names, notation and typed values', () => {
  const b64url = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  it.each([
    ['camelCase name', `{"clientSecret": "${random(ALNUM, 24, 11)}"}`, 'generic-api-key'],
    ['name ending in _api', `billing_api = "${random(ALNUM, 20, 12)}"`, 'generic-api-key'],
    ['URL-encoded query', `next=%2Fhome%26token%3D${random(ALNUM, 22, 13)}%26v%3D2`, 'generic-api-key'],
    ['typed Python default', `def login(passwd: str = "${random(ALNUM, 10, 14)}"):`, 'generic-password'],
    ['code quoted with \\t', `"#define\\tPASSWORD\\t\\"${random(ALNUM, 10, 15)}\\""`, 'generic-password'],
    [
      'e-mail login in a URL',
      `smtps://ops@mail.test.org:${random(ALNUM, 10, 16)}@smtp.mail.org:465`,
      'smtp-url-credentials',
    ],
    ['password alone after its name', `ID: ops / PW: ${random(ALNUM, 10, 17)}`, 'generic-password'],
    ['plural name', `credentials = "${random(ALNUM, 20, 33)}"`, 'generic-api-key'],
    ['joined upper-case password name', `MYSQLPASS: ${random(ALNUM, 16, 34)}`, 'generic-password'],
    ['second name after a rejected word', `-passin "pass:${random(ALNUM, 10, 35)}"`, 'generic-password'],
    ['XML element', `<password>${random(ALNUM, 12, 36)}</password>`, 'generic-password'],
    [
      '.NET appSettings entry',
      `<add key="SmtpPassword" value="${random(ALNUM, 12, 37)}" />`,
      'config-key-value-password',
    ],
    [
      'Java properties entry',
      `<entry key="db.password">${random(ALNUM, 12, 38)}</entry>`,
      'config-key-value-password',
    ],
    ['setter call', `cfg.setPassword("${random(ALNUM, 12, 39)}");`, 'generic-password'],
    ['SQL user', `ALTER USER app IDENTIFIED BY '${random(ALNUM, 12, 40)}';`, 'sql-identified-by'],
    ['mysql -p', `mysqldump -u root -p${random(ALNUM, 12, 41)} ledger > dump.sql`, 'cli-password-flag'],
    ['--password option', `pg_dump --password ${random(ALNUM, 12, 77)} -h db`, 'cli-password-option'],
    ['Rails secret_key_base', `secret_key_base: ${random(HEX, 128, 42)}`, 'generic-api-key'],
    ['password told in prose', `my new password is ${random(ALNUM, 10, 43)}!`, 'generic-password'],
    ['key told in prose', `The API key is: ${random(HEX, 32, 44)}`, 'generic-api-key'],
    ['bare auth setting', `auth: "${random(ALNUM, 18, 45)}"`, 'generic-api-key'],
  ])('finds a %s', (_name, text, rule) => {
    expect(entities(text)).toContain(rule);
  });

  it.each([
    ['pair notation ID/PW: user/password', `ID/PW: ops/${random(ALNUM, 10, 18)}`],
    ['pair notation user/pass with a comma', `user/pass: ops,${random(ALNUM, 10, 19)}`],
    ['pair notation ID:PW=user:password', `ID:PW=ops:${random(ALNUM, 10, 20)}`],
    ['lower-case word in a camelCase-looking name', `monkeybusiness = "${random(ALNUM, 20, 21)}"`],
    ['keyboard walk as licence key', 'Licence key: QAZWS-XEDCR-FVTGB-YHNUJ'],
    ['value naming itself', 'client_secret=my-client-secret&scope=read'],
    ['partly masked value', `api_key: ${random(ALNUM, 8, 22)}****${random(ALNUM, 8, 23)}`],
    ['URL on a documentation host', `postgres://app:${random(ALNUM, 14, 24)}@db.example.com:5432/app`],
    ['name about the API, not its key', 'const apiVersion = "2024-06-01-preview";'],
    ['word that starts with token', 'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")'],
    ['word that starts with key', 'keyboardLayout = "en-US-international"'],
    ['data-structure key', 'primaryKey = "customer_id_fk_orders"'],
    ['paging token', `nextPageToken: "${random(ALNUM, 24, 32)}"`],
    ['prose with passage', 'Read the passage: Hoping to snap a losing streak, the team flew home.'],
    ['prose with passionate', 'You are a passionate, rebellious environmentalist.'],
    ['password read from the environment', 'password = os.environ["DB_PASSWORD"]'],
    ['password read from a prompt', 'password = getpass.getpass()'],
    ['comparison with another variable', 'if password == confirm_password:'],
    ['a dotted settings path', 'password: settings.DATABASE_PASSWORD'],
    ['a lower-case XML entry name', '<entry key="password">password_from_vault</entry>'],
    ['prose about a wrong password', 'The password is incorrect, please try again.'],
    ['prose about a revoked token', 'The token was revoked yesterday by the admin.'],
    ['an author', 'author = "Johanna Smithson-Clarke"'],
    ['a command-line option named in prose', 'pass the --password option to mysql'],
  ])('ignores %s', (_name, text) => {
    expect(scan(text)).toEqual([]);
  });

  it('finds private JSON Web Key members, also split over lines or base64-wrapped, but not public keys', () => {
    const d = random(b64url, 43, 25);
    const k = random(b64url, 22, 26);
    expect(entities(`{"kty": "EC", "crv": "P-256", "d": "${d}"}`)).toContain('json-web-key-private-member');
    expect(entities(`  "k": "${k}"`)).toContain('json-web-key-private-member');
    expect(entities('    "kty": "oct",')).toEqual(['json-web-key-fragment']);
    const wrapped = Buffer.from(`[{"kty": "RSA", "d": "${d}"}]`).toString('base64');
    expect(entities(`jwks = ${wrapped}`)).toContain('json-web-key-base64');
    const publicKey = `{"kty": "RSA", "n": "${random(b64url, 342, 27)}", "e": "AQAB"}`;
    expect(scan(publicKey)).toEqual([]);
    expect(scan(`blob ${Buffer.from(publicKey).toString('base64')}`)).toEqual([]);
  });

  it('finds key byte arrays of 8 or more varied bytes, not short or repetitive ones', () => {
    const bytes = Array.from({ length: 16 }, (_, index) => `0x${((index * 73 + 29) % 256).toString(16)}`);
    expect(entities(`static const uint8_t AES_KEY[16] = {${bytes.join(', ')}};`)).toContain('byte-array-key');
    expect(scan('char secret[] = {0x41, 0x42, 0x43, 0x44};')).toEqual([]);
    expect(scan('byte[] key = {0, 0, 0, 0, 1, 1, 1, 1, 0, 0};')).toEqual([]);
  });

  it('finds Salesforce org ids on an org setting; an 18-character id must pass its case checksum', () => {
    const caseChecksum = (id: string): string =>
      [0, 1, 2]
        .map((chunk) => {
          let flags = 0;
          for (let index = 0; index < 5; index++)
            if (/[A-Z]/.test(id[chunk * 5 + index])) flags |= 1 << index;
          return 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345'[flags];
        })
        .join('');
    const id15 = `00D${random(ALNUM, 12, 28)}`;
    expect(entities(`sf_org_id=${id15}`)).toContain('salesforce-org-id');
    expect(entities(`orgId: ${id15}${caseChecksum(id15)}`)).toContain('salesforce-org-id');
    const wrong = caseChecksum(id15) === 'AAA' ? 'BBB' : 'AAA';
    expect(scan(`orgId: ${id15}${wrong}`)).toEqual([]);
    expect(scan(`record ${id15}`)).toEqual([]);
  });

  it('reports a low-severity org id and fragment below a real key', () => {
    const [fragment] = scan('"kty": "RSA",', 'output');
    const [key] = scan(`ghp_${random(ALNUM, 36, 29)}`, 'output');
    expect(['low', 'medium', 'info']).toContain(fragment?.severity);
    expect(key?.severity).toBe('critical');
  });
});

describe('typed values', () => {
  it.each(['ZAQWS-XCDER', '1qaz2wsx3edc', 'my-client-password', 'secret_token', 'super.secret'])(
    'treats %s as typed, not generated',
    (value) => expect(isTypedValue(value)).toBe(true),
  );
  it.each([random(ALNUM, 24, 30), random(HEX, 40, 31), 'correct-horse-battery-staple', 'Tr0ub4dor&3'])(
    'keeps %s',
    (value) => expect(isTypedValue(value)).toBe(false),
  );
});

describe('evidence never carries a fragment of a neighbouring value', () => {
  const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const windows = (value: string, size: number) =>
    Array.from({ length: Math.max(0, value.length - size + 1) }, (_, index) =>
      value.slice(index, index + size),
    );

  it('hides a card number cut by the window and any part of an unmatched key beside a secret', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const key = `ghp_${random(ALNUM, 36, seed)}`;
      const unmatched = random(LETTERS, 14, seed + 100); // no known format: only its shape can hide it
      const gap = ' '.repeat(seed % 7) + 'x'.repeat(seed % 3);
      const text = `card 4111 1111 1111 1111${gap} ${key} ref ${unmatched}${gap}end`;
      for (const hit of scan(text)) {
        expect(hit.evidence).not.toMatch(/\d{2}/);
        for (const fragment of [...windows(key.slice(4), 4), ...windows(unmatched, 5)])
          expect(hit.evidence).not.toContain(fragment);
      }
    }
  });
});

describe('PEM private keys', () => {
  const B64 = `${ALNUM}+/`;
  const block = (body: string) => `-----BEGIN RSA PRIVATE KEY-----\n${body}\n-----END RSA PRIVATE KEY-----`;
  const realBody = (seed: number) =>
    Array.from({ length: 6 }, (_, line) => random(B64, 64, seed + line)).join('\n');
  const mash = 'qwfpgjluyarstdhneiozxcvbkmjfkdlsajfkdlsaieowpqutyrhgjfkdlsamvncbxzhgfkdlsajeiwoqpruty';

  it('reports a block whose body is random base64, and its base64-wrapped form', () => {
    const key = block(realBody(50));
    const [hit] = scan(`config:\n${key}\n`);
    expect(hit?.entity).toBe('private-key');
    expect(entities(`blob: ${Buffer.from(key).toString('base64')}`)).toContain('private-key-base64');
  });

  it('reports a header alone (the body may follow in another message)', () => {
    expect(entities('-----BEGIN OPENSSH PRIVATE KEY-----')).toEqual(['private-key']);
  });

  it.each([
    ['a template body', block('...')],
    ['a placeholder body', block('<paste your key here>')],
    ['a keyboard mash', block(`${mash}\n${mash}`)],
  ])('ignores %s', (_name, text) => {
    expect(scan(text)).toEqual([]);
    expect(scan(`k: ${Buffer.from(text).toString('base64')}`)).toEqual([]);
  });
});
