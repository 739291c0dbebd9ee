import { type z } from 'zod';

/** One line per issue, "path: message", short enough for a DLQ header or a CLI error line. */
export function describeZodError(error: z.ZodError, maxIssues = 5): string {
  const lines = error.issues.slice(0, maxIssues).map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  const more = error.issues.length > maxIssues ? `; and ${error.issues.length - maxIssues} more` : '';
  return lines.join('; ') + more;
}
