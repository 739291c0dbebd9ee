import { existsSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { DetectionPolicyError, type PolicyIssue } from '../detectors.error';
import { resolveProtectedDocumentPaths } from '../leakage/protected-documents/protected-document.loader';
import { type DetectionPolicy, DetectionPolicySchema } from './detection-policy.schema';

/** The shipped policy, relative to the repository (or image) root. */
export const DEFAULT_POLICY_FILE = 'deploy/policy/default-policy.yaml';

/**
 * Finds the shipped policy from this file's directory upwards, so it resolves the same from the
 * TypeScript sources (tests), from `dist/` (the built CLI and apps) and from a container image.
 */
export function defaultPolicyPath(startDirectory: string = __dirname): string {
  let directory = resolve(startDirectory);
  for (;;) {
    const candidate = join(directory, DEFAULT_POLICY_FILE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(directory);
    if (parent === directory) return resolve(DEFAULT_POLICY_FILE);
    directory = parent;
  }
}

/**
 * Reads and validates a detection policy file (YAML, or JSON by `.json` extension); without a path,
 * the shipped default. Throws a `DetectionPolicyError` naming the file and every bad path.
 */
export function loadDetectionPolicy(path?: string): DetectionPolicy {
  const file = path ?? defaultPolicyPath();
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new DetectionPolicyError(
      missing ? 'policy_not_found' : 'policy_unreadable',
      file,
      [],
      missing ? 'Detection policy file not found' : `Detection policy file unreadable (${String(error)})`,
      { cause: error },
    );
  }
  // Data files a policy names (protected documents) are relative to the policy file, not to dist/.
  return resolveProtectedDocumentPaths(parseDetectionPolicy(text, file), file, dirname(resolve(file)));
}

/** Validates policy text; `file` only names the source in errors and picks JSON for `.json`. */
export function parseDetectionPolicy(text: string, file = '<inline>'): DetectionPolicy {
  const raw = extname(file).toLowerCase() === '.json' ? parseJson(text, file) : parseYaml(text, file);
  const result = DetectionPolicySchema.safeParse(raw ?? {});
  if (!result.success) {
    const issues: PolicyIssue[] = result.error.issues.map((issue) => ({
      path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)',
      message: issue.message,
    }));
    throw new DetectionPolicyError('policy_invalid', file, issues, 'Invalid detection policy');
  }
  return result.data;
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DetectionPolicyError(
      'policy_syntax',
      file,
      [{ path: '(file)', message }],
      'Detection policy is not valid JSON',
      {
        cause: error,
      },
    );
  }
}

function parseYaml(text: string, file: string): unknown {
  const document = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (document.errors.length > 0) {
    const issues = document.errors.map((error) => ({
      path: '(file)',
      message: error.message.split('\n')[0],
    }));
    throw new DetectionPolicyError('policy_syntax', file, issues, 'Detection policy is not valid YAML');
  }
  return document.toJS() as unknown;
}
