import { ConfigError, loadConfig } from '@argus/config';

/** The problems `loadConfig` reports for an environment; fails the test when it accepts it. */
export function configProblems(environment: Record<string, string>): ConfigError['problems'] {
  try {
    loadConfig(environment, '/srv');
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
