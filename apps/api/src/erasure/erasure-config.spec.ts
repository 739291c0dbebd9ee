import { loadConfig } from '@argus/config';
import { configProblems } from '@argus/testing';

const TOKEN = 'a'.repeat(40);
const SECRET = 'erasure-hmac-secret-0123456789abcdef';

describe('erasure configuration', () => {
  it('is off by default, and the CLI only needs the HMAC secret', () => {
    expect(loadConfig({}, '/srv').erasure).toEqual({
      apiEnabled: false,
      adminTokenSecret: undefined,
      subjectHmacSecret: undefined,
    });
    expect(loadConfig({ ERASURE_HMAC_SECRET: SECRET }, '/srv').erasure.subjectHmacSecret).toBe(SECRET);
  });

  it('refuses to enable the endpoint without its token and HMAC secret, naming both', () => {
    expect(configProblems({ API_ERASURE_ENABLED: 'true' })).toEqual([
      {
        variable: 'API_ADMIN_TOKEN',
        message: expect.stringMatching(/^required when API_ERASURE_ENABLED is true/),
      },
      {
        variable: 'ERASURE_HMAC_SECRET',
        message: expect.stringMatching(/^required when API_ERASURE_ENABLED is true/),
      },
    ]);
    expect(
      loadConfig({ API_ERASURE_ENABLED: 'yes', API_ADMIN_TOKEN: TOKEN, ERASURE_HMAC_SECRET: SECRET }, '/srv')
        .erasure,
    ).toEqual({ apiEnabled: true, adminTokenSecret: TOKEN, subjectHmacSecret: SECRET });
  });

  it('refuses a short or spaced token without echoing it', () => {
    const short = configProblems({
      API_ERASURE_ENABLED: 'true',
      API_ADMIN_TOKEN: 'hunter2',
      ERASURE_HMAC_SECRET: SECRET,
    });
    expect(short).toEqual([
      { variable: 'API_ADMIN_TOKEN', message: expect.stringContaining('must be at least 32 characters') },
    ]);
    expect(short[0].message).toContain('(value hidden)');
    expect(short[0].message).not.toContain('hunter2');
    const spaced = configProblems({ API_ADMIN_TOKEN: `${'b'.repeat(20)} ${'c'.repeat(20)}` });
    expect(spaced).toEqual([
      { variable: 'API_ADMIN_TOKEN', message: expect.stringContaining('printable ASCII without spaces') },
    ]);
    expect(configProblems({ ERASURE_HMAC_SECRET: 'short-secret' })).toEqual([
      {
        variable: 'ERASURE_HMAC_SECRET',
        message: expect.stringMatching(/^must be at least 32 characters .*\(value hidden\)$/),
      },
    ]);
  });
});
