import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths that may carry prompts, model output, retrieved documents, credentials or personal data.
 * pino replaces them with "[redacted]" so logs never become a second copy of the sensitive data.
 */
export const LOG_REDACT_PATHS = [
  '*.input_messages',
  '*.output_messages',
  '*.system_instructions',
  '*.retrieval',
  '*.evidence',
  '*.content',
  '*.password',
  '*.secret',
  '*.token',
  '*.authorization',
  '*.headers.authorization',
  'event.input_messages',
  'event.output_messages',
  'event.system_instructions',
  'event.retrieval',
  'finding.evidence',
  'alert.evidence',
];

export function createLogger(options: {
  level: string;
  name?: string;
  destination?: pino.DestinationStream;
}): Logger {
  return pino(
    {
      level: options.level,
      name: options.name ?? 'argus',
      redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' },
      base: { service: options.name ?? 'argus' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

/**
 * Errors as plain objects a JSON log can carry (message, code, stack head). Under `error`, not `err`:
 * pino's `err` serializer would replace the class name with "Object".
 */
export function errorFields(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return {
      error: {
        type: error.name,
        message: error.message,
        code,
        stack: error.stack?.split('\n').slice(0, 6).join('\n'),
      },
    };
  }
  return { error: { message: String(error) } };
}
