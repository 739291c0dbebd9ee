import { type ArgusConfig, ConfigError, loadConfig } from '@argus/config';
import { CliError } from '../cli-io';

/** The same configuration the apps read; a bad variable is a CliError naming every problem. */
export function loadEnvironmentConfig(overrides: Record<string, string | undefined> = {}): ArgusConfig {
  const environment: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(overrides)) if (value !== undefined) environment[key] = value;
  try {
    return loadConfig(environment);
  } catch (error) {
    if (error instanceof ConfigError) throw new CliError(error.message);
    throw error;
  }
}
