import { configProblems } from '@argus/testing';
import { loadConfig } from './argus-config';

const TOKEN = 'a'.repeat(24) + 'guard-token-0123';

describe('inline guard configuration (API_GUARD_*)', () => {
  it('is off by default, with block from high and flag from low', () => {
    expect(loadConfig({}, '/srv').api.guard).toEqual({
      enabled: false,
      tokenSecret: undefined,
      blockMinSeverity: 'high',
      flagMinSeverity: 'low',
    });
  });

  it('is on with a token and takes other thresholds, or off', () => {
    const config = loadConfig(
      {
        API_GUARD_ENABLED: 'true',
        API_GUARD_TOKEN: TOKEN,
        API_GUARD_BLOCK_MIN_SEVERITY: 'off',
        API_GUARD_FLAG_MIN_SEVERITY: 'medium',
      },
      '/srv',
    );
    expect(config.api.guard).toEqual({
      enabled: true,
      tokenSecret: TOKEN,
      blockMinSeverity: 'off',
      flagMinSeverity: 'medium',
    });
  });

  it('refuses to enable the guard without a token, naming API_GUARD_TOKEN', () => {
    for (const enabled of ['true', '1', 'yes']) {
      expect(configProblems({ API_GUARD_ENABLED: enabled })).toEqual([
        {
          variable: 'API_GUARD_TOKEN',
          message: expect.stringMatching(/^required when API_GUARD_ENABLED is true/),
        },
      ]);
    }
    // An empty variable is unset, so it is no token either.
    expect(configProblems({ API_GUARD_ENABLED: 'true', API_GUARD_TOKEN: '' })[0].variable).toBe(
      'API_GUARD_TOKEN',
    );
  });

  it('refuses a short token or one with spaces, without echoing it', () => {
    const short = configProblems({ API_GUARD_ENABLED: 'true', API_GUARD_TOKEN: 'hunter2-short' });
    expect(short).toEqual([
      {
        variable: 'API_GUARD_TOKEN',
        message: expect.stringMatching(/at least 32 characters.*\(value hidden\)$/),
      },
    ]);
    expect(JSON.stringify(short)).not.toContain('hunter2');
    const spaced = configProblems({ API_GUARD_TOKEN: `${TOKEN} ${TOKEN}` });
    expect(spaced[0]).toMatchObject({
      variable: 'API_GUARD_TOKEN',
      message: expect.stringMatching(/without spaces/),
    });
  });

  it('refuses a flag threshold above the block threshold, and unknown severities', () => {
    expect(
      configProblems({ API_GUARD_BLOCK_MIN_SEVERITY: 'medium', API_GUARD_FLAG_MIN_SEVERITY: 'high' }),
    ).toEqual([
      {
        variable: 'API_GUARD_FLAG_MIN_SEVERITY',
        message: 'must not be above API_GUARD_BLOCK_MIN_SEVERITY (medium): a flag would never be given',
      },
    ]);
    expect(configProblems({ API_GUARD_BLOCK_MIN_SEVERITY: 'severe' })[0]).toMatchObject({
      variable: 'API_GUARD_BLOCK_MIN_SEVERITY',
      message: expect.stringContaining('"severe"'),
    });
  });
});
