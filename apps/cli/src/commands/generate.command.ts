import { setTimeout as sleep } from 'node:timers/promises';
import { type Command } from 'commander';
import { resolveAppPolicy } from '@argus/detectors';
import { CliError, type CliIo, errorMessage } from '../cli-io';
import { generateTelemetry } from '../synthetic/telemetry.generator';
import { fraction, isoTimestamp, positiveInteger, positiveNumber } from './options';
import { loadPolicyOption } from './policy';
import { isBrokenPipe, openOutput } from './streams';

type GenerateOptions = {
  count: number;
  attackRate: number;
  seed: string;
  output?: string;
  start?: Date;
  ratePerSecond: number;
  realtime?: boolean;
  config?: string;
};

export function registerGenerateCommand(program: Command, io: CliIo): void {
  program
    .command('generate')
    .description(
      'Write realistic synthetic telemetry (JSONL): banking and trading tenants, chat, RAG and tool-calling ' +
        'events, with a share of labelled attacks and leaks (attributes argus.synthetic.label and ' +
        'argus.synthetic.expect_detectors).',
    )
    .option('-n, --count <n>', 'number of events', positiveInteger, 1000)
    .option('--attack-rate <rate>', 'share of attack or leak events, 0..1', fraction, 0.1)
    .option('--seed <seed>', 'PRNG seed: same seed, start and options give the same output', 'argus')
    .option('-o, --output <file>', 'where to write the events ("-" = stdout)', '-')
    .option(
      '--start <iso>',
      'timestamp of the first event (default: so that the last event is about now)',
      isoTimestamp,
    )
    .option('--rate-per-second <n>', 'mean events per second of event time', positiveNumber, 5)
    .option('--realtime', 'pace the output at --rate-per-second in wall-clock time (live demo)')
    .option(
      '-c, --config <file>',
      'detection policy whose canaries the system prompts carry (default: the shipped one)',
    )
    .addHelpText(
      'after',
      "\nValues are synthetic: test card numbers, AWS's documented example key, .example hosts.\n\n" +
        'Example:\n  bin/argus generate --count 500 --attack-rate 0.2 --seed demo --start 2025-06-02T09:00:00Z > events.jsonl',
    )
    .action(async (options: GenerateOptions) => {
      const policy = loadPolicyOption(options.config);
      const start =
        options.start ?? new Date(Date.now() - Math.round((options.count / options.ratePerSecond) * 1000));
      const events = generateTelemetry({
        count: options.count,
        attackRate: options.attackRate,
        seed: options.seed,
        start,
        ratePerSecond: options.ratePerSecond,
        canaries: (tenantId, appId) => resolveAppPolicy(policy, tenantId, appId).canaries,
      });
      const output = await openOutput(options.output, io);
      const began = Date.now();
      try {
        let block = '';
        let index = 0;
        for (const event of events) {
          block += `${JSON.stringify(event)}\n`;
          index++;
          if (options.realtime) {
            const due = began + (Date.parse(event.timestamp) - start.getTime());
            if (due > Date.now()) await sleep(due - Date.now());
          }
          if (options.realtime || block.length >= 64 * 1024 || index === options.count) {
            if (!output.stream.write(block))
              await new Promise((resolve) => output.stream.once('drain', resolve));
            block = '';
          }
        }
        await output.close();
      } catch (error) {
        if (isBrokenPipe(error)) return;
        throw new CliError(`generate failed: ${errorMessage(error)}`);
      }
    });
}
