import { type DetectionPolicy, DetectionPolicyError, loadDetectionPolicy } from '@argus/detectors';
import { CliError } from '../cli-io';

/** The policy named by `--config`, or the shipped default; an invalid one is a CliError (exit 2). */
export function loadPolicyOption(path: string | undefined): DetectionPolicy {
  try {
    return loadDetectionPolicy(path);
  } catch (error) {
    if (error instanceof DetectionPolicyError) throw new CliError(error.message);
    throw error;
  }
}
