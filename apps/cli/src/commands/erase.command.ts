import { type Command, InvalidArgumentError } from 'commander';
import {
  type ClickHouseClient,
  ErasureError,
  type ErasureReport,
  type ErasureSubject,
  findErasureRequests,
  isErasureRequestId,
  planErasure,
  runErasure,
} from '@argus/clickhouse';
import { type ArgusConfig } from '@argus/config';
import { type CommandRegistration } from '../cli';
import { CliError, type CliIo, errorMessage } from '../cli-io';
import { loadEnvironmentConfig, openClickHouse } from './environment';

type EraseOptions = {
  tenant: string;
  user?: string;
  conversation?: string;
  dryRun?: boolean;
  requestId?: string;
  history?: boolean;
};

/** How the command reaches its database; tests hand in an open client. */
export type EraseCommandDeps = {
  loadConfig: () => ArgusConfig;
  /** The migrated Argus database; `close` is called when the command is done with it. */
  open: (config: ArgusConfig) => Promise<Pick<ClickHouseClient, 'query' | 'command' | 'insert' | 'close'>>;
};

const DEFAULT_DEPS: EraseCommandDeps = {
  loadConfig: () => loadEnvironmentConfig(),
  open: async (config) => (await openClickHouse(config, { migrate: true })).client,
};

function requestId(value: string): string {
  if (!isErasureRequestId(value)) throw new InvalidArgumentError('expected a request id (a UUID).');
  return value;
}

function nonEmpty(value: string): string {
  if (value === '') throw new InvalidArgumentError('expected a non-empty id.');
  return value;
}

/**
 * `bin/argus erase`: data-subject erasure from the command line (docs/erasure.md), the same work as
 * `POST /v1/erasure`. One JSON line per subject on stdout (the request's report: id, status, rows per
 * step), a readable summary on stderr. Exit 1 when a request failed (retry it with --request-id).
 */
export function eraseCommand(deps: EraseCommandDeps = DEFAULT_DEPS): CommandRegistration {
  return (program: Command, io: CliIo) => {
    const steps = planErasure('user')
      .steps.map((step) => `  ${step.name.padEnd(22)} ${step.description}`)
      .join('\n');
    program
      .command('erase')
      .description(
        "Erase a data subject (GDPR Art. 17): a user's or a conversation's events and everything derived from them, in one tenant.",
      )
      .requiredOption('--tenant <id>', 'tenant of the subject (ids are per tenant)', nonEmpty)
      .option(
        '--user <id>',
        'erase this user: every event with this user id, and what was derived from them',
        nonEmpty,
      )
      .option('--conversation <id>', 'erase this conversation: every event of it, whoever sent it', nonEmpty)
      .option('--dry-run', 'count the rows each step would change; change and record nothing')
      .option(
        '--request-id <uuid>',
        'retry this earlier request (same subject; one of --user/--conversation)',
        requestId,
      )
      .option(
        '--history',
        'print the recorded erasure requests of the subject (by its HMAC) instead of erasing',
      )
      .addHelpText(
        'after',
        `\nSteps, in order (a conversation skips the behaviour tables):\n${steps}\n\n` +
          'Needs ERASURE_HMAC_SECRET (except --dry-run): requests are recorded in erasure_requests with an HMAC\n' +
          'of the subject, never the id. Kafka topics keep their copies until their retention (docs/erasure.md).\n' +
          'Target: CLICKHOUSE_URL, or the embedded ClickHouse in ARGUS_DATA_DIR (stop Argus first, or use the API).',
      )
      .action(async (options: EraseOptions) => {
        const subjects: ErasureSubject[] = [
          ...(options.user !== undefined
            ? [{ tenantId: options.tenant, kind: 'user' as const, id: options.user }]
            : []),
          ...(options.conversation !== undefined
            ? [{ tenantId: options.tenant, kind: 'conversation' as const, id: options.conversation }]
            : []),
        ];
        if (subjects.length === 0) throw new CliError('give --user <id> and/or --conversation <id>');
        if (options.requestId !== undefined && subjects.length > 1)
          throw new CliError(
            '--request-id retries one request: give only the --user or the --conversation of it',
          );
        const config = deps.loadConfig();
        const secret = config.erasure.subjectHmacSecret;
        if (secret === undefined && options.dryRun !== true)
          throw new CliError(
            'ERASURE_HMAC_SECRET is required: erasures are recorded with an HMAC of the subject made with it',
          );
        let client: Awaited<ReturnType<EraseCommandDeps['open']>>;
        try {
          client = await deps.open(config);
        } catch (error) {
          if (error instanceof CliError) throw error;
          throw new CliError(errorMessage(error), 1);
        }
        try {
          const failed: ErasureReport[] = [];
          for (const subject of subjects) {
            if (options.history === true) {
              for (const report of await findErasureRequests({ client, subjectHmacSecret: secret }, subject))
                io.stdout.write(`${JSON.stringify(report)}\n`);
              continue;
            }
            const report = await runErasure(
              { client, subjectHmacSecret: secret },
              { subject, requestId: options.requestId, dryRun: options.dryRun === true, origin: 'cli' },
            );
            io.stdout.write(`${JSON.stringify(report)}\n`);
            io.stderr.write(`${summary(report)}\n`);
            if (report.status === 'failed') failed.push(report);
          }
          if (failed.length > 0)
            throw new CliError(
              failed
                .map(
                  (report) =>
                    `erasure ${report.request_id ?? ''} failed: ${report.error ?? ''}; retry with --request-id ${report.request_id ?? ''}`,
                )
                .join('\n'),
              1,
            );
        } catch (error) {
          if (error instanceof CliError) throw error;
          const retryable = !(error instanceof ErasureError) || error.retryable;
          throw new CliError(errorMessage(error), retryable ? 1 : 2);
        } finally {
          await client.close();
        }
      });
  };
}

export const registerEraseCommand: CommandRegistration = eraseCommand();

/** `argus erase: user in tenant acme: completed (request …): events 3, findings 2 …` (rows per step). */
function summary(report: ErasureReport): string {
  const counts = Object.entries(report.steps)
    .filter(([, step]) => step.rows_before > 0)
    .map(([name, step]) =>
      report.dry_run
        ? `${name} ${step.rows_before}`
        : `${name} ${step.rows_before - step.rows_after}/${step.rows_before}`,
    );
  const what = report.dry_run ? 'would change' : 'rows changed';
  const request = report.request_id === null ? '' : ` (request ${report.request_id})`;
  return (
    `argus erase: ${report.subject_kind} in tenant ${report.tenant_id}: ${report.status}${request}: ` +
    (counts.length === 0 ? 'nothing to erase' : `${what}: ${counts.join(', ')}`)
  );
}
