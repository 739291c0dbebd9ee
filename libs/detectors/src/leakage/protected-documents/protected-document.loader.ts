import { readFileSync, readdirSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { DetectionPolicyError, type PolicyIssue } from '../../detectors.error';
import { type DetectionPolicy } from '../../policy/detection-policy.schema';
import { type ProtectedDocument } from './protected-document.index';

export const PROTECTED_DOCUMENT_DETECTOR_ID = 'protected_document';

const DOCUMENT_EXTENSIONS = new Set(['.txt', '.md']);

const JsonlDocumentSchema = z.object({
  document_id: z.string().min(1),
  title: z.string().optional(),
  text: z.string(),
});

/**
 * Reads protected documents from files: a directory (its `.txt`/`.md` files, recursively, in name
 * order) or a `.jsonl` file of `{document_id, title?, text}`. A missing or unreadable path, or a bad
 * JSONL line, is a `DetectionPolicyError` naming the file (and line).
 */
export function readProtectedDocuments(path: string): ProtectedDocument[] {
  const absolute = resolve(path);
  let isDirectory: boolean;
  try {
    isDirectory = statSync(absolute).isDirectory();
  } catch (error) {
    throw new DetectionPolicyError(
      'policy_invalid',
      absolute,
      [],
      'Protected documents not found (detectors.protected_document.options.paths)',
      { cause: error },
    );
  }
  if (isDirectory) return readDirectory(absolute, absolute);
  const extension = extname(absolute).toLowerCase();
  if (extension === '.jsonl') return readJsonl(absolute);
  if (DOCUMENT_EXTENSIONS.has(extension)) return [fileDocument(absolute, absolute)];
  throw new DetectionPolicyError(
    'policy_invalid',
    absolute,
    [],
    'Protected documents must be a directory, a .jsonl, .txt or .md file',
  );
}

function readDirectory(directory: string, root: string): ProtectedDocument[] {
  const documents: ProtectedDocument[] = [];
  const entries = readdirSync(directory, { withFileTypes: true }).sort((left, right) =>
    left.name < right.name ? -1 : left.name > right.name ? 1 : 0,
  );
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) documents.push(...readDirectory(path, root));
    else if (DOCUMENT_EXTENSIONS.has(extname(entry.name).toLowerCase()))
      documents.push(fileDocument(path, root));
  }
  return documents;
}

function fileDocument(path: string, root: string): ProtectedDocument {
  const text = readFileSync(path, 'utf8');
  const name = path === root ? (path.split(/[\\/]/).pop() ?? path) : relative(root, path);
  const heading = /^\s*#*\s*(\S[^\n]{0,199})/.exec(text);
  return {
    document_id: name
      .replace(/\.(txt|md)$/i, '')
      .split('\\')
      .join('/'),
    title: heading?.[1]?.trim(),
    text,
  };
}

function readJsonl(path: string): ProtectedDocument[] {
  const documents: ProtectedDocument[] = [];
  const issues: PolicyIssue[] = [];
  readFileSync(path, 'utf8')
    .split('\n')
    .forEach((line, index) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        issues.push({
          path: `line ${index + 1}`,
          message: error instanceof Error ? error.message : String(error),
        });
        return;
      }
      const parsed = JsonlDocumentSchema.safeParse(value);
      if (parsed.success) documents.push(parsed.data);
      else {
        for (const issue of parsed.error.issues) {
          issues.push({ path: `line ${index + 1}: ${issue.path.join('.')}`, message: issue.message });
        }
      }
    });
  if (issues.length > 0) {
    throw new DetectionPolicyError(
      'policy_invalid',
      path,
      issues.slice(0, 20),
      'Invalid protected documents',
    );
  }
  return documents;
}

/**
 * Makes the protected-document paths of a policy absolute, relative to the policy file's directory
 * (the built code runs from dist/, which holds no data files), and checks each exists, so a missing
 * file stops start-up with the policy file and the path named.
 */
export function resolveProtectedDocumentPaths(
  policy: DetectionPolicy,
  policyFile: string,
  baseDirectory: string,
): DetectionPolicy {
  const issues: PolicyIssue[] = [];
  const levels = [
    { path: 'defaults.detectors', detectors: policy.defaults.detectors },
    ...policy.apps.map((entry, index) => ({ path: `apps.${index}.detectors`, detectors: entry.detectors })),
  ];
  for (const level of levels) {
    const options = level.detectors[PROTECTED_DOCUMENT_DETECTOR_ID]?.options;
    const paths = options?.['paths'];
    if (options === undefined || !Array.isArray(paths)) continue;
    options['paths'] = paths.map((path: unknown, index) => {
      if (typeof path !== 'string') return path;
      const absolute = isAbsolute(path) ? path : resolve(baseDirectory, path);
      try {
        statSync(absolute);
      } catch {
        issues.push({
          path: `${level.path}.${PROTECTED_DOCUMENT_DETECTOR_ID}.options.paths.${index}`,
          message: `protected documents not found: ${absolute}`,
        });
      }
      return absolute;
    });
  }
  if (issues.length > 0) {
    throw new DetectionPolicyError('policy_invalid', policyFile, issues, 'Invalid detection policy');
  }
  return policy;
}
