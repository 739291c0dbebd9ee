/** Errors of the detectors library, with a code a caller can switch on (never retryable: bad input). */
export type DetectorsErrorCode =
  | 'duplicate_detector'
  | 'policy_not_found'
  | 'policy_unreadable'
  | 'policy_syntax'
  | 'policy_invalid'
  | 'invalid_canary_prefix'
  | 'invalid_detector_options';

export class DetectorsError extends Error {
  override readonly name: string = 'DetectorsError';

  constructor(
    readonly code: DetectorsErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export type PolicyIssue = { path: string; message: string };

/** A policy file that cannot be used: names the file and, when it parsed, each bad path. */
export class DetectionPolicyError extends DetectorsError {
  override readonly name = 'DetectionPolicyError';

  constructor(
    code: Extract<DetectorsErrorCode, `policy_${string}`>,
    readonly file: string,
    readonly issues: readonly PolicyIssue[],
    summary: string,
    options?: { cause?: unknown },
  ) {
    super(code, formatMessage(file, summary, issues), options);
  }
}

function formatMessage(file: string, summary: string, issues: readonly PolicyIssue[]): string {
  const lines = issues.map((issue) => `  - ${issue.path}: ${issue.message}`);
  return [`${summary}: ${file}`, ...lines].join('\n');
}
