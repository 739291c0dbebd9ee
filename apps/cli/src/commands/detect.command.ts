import { type Command } from 'commander';
import { DetectionPipeline, defaultDetectorRegistry } from '@argus/detectors';
import { CliError, type CliIo, errorMessage } from '../cli-io';
import { DEFAULT_MAX_EVENT_BYTES, runDetect } from '../detect/detect.runner';
import { positiveInteger } from './options';
import { loadPolicyOption } from './policy';
import { isBrokenPipe, openInput, openOutput } from './streams';

type DetectOptions = {
  input?: string;
  config?: string;
  output?: string;
  maxEventBytes: number;
  summary?: boolean;
};

export function registerDetectCommand(program: Command, io: CliIo): void {
  program
    .command('detect')
    .description(
      'Run the detectors over telemetry events (JSONL): one output line per input line, in order, ' +
        '{"event_id","risk_score","findings"} or {"line":N,"error":"…"} for a line that is not a valid event.',
    )
    .option('-i, --input <file>', 'telemetry events, one JSON object per line ("-" = stdin)', '-')
    .option(
      '-c, --config <file>',
      'detection policy, YAML or JSON (default: deploy/policy/default-policy.yaml)',
    )
    .option('-o, --output <file>', 'where to write the results ("-" = stdout)', '-')
    .option(
      '--max-event-bytes <bytes>',
      'lines longer than this are reported too_large',
      positiveInteger,
      DEFAULT_MAX_EVENT_BYTES,
    )
    .option('--summary', 'print a count of lines, events, errors and findings to stderr at the end')
    .addHelpText(
      'after',
      '\nExit status: 0 when the input was read to the end (even if some lines were errors); ' +
        "2 when the input, output or policy file cannot be used.\n\nExample:\n  bin/argus generate --count 100 | bin/argus detect | jq -c 'select(.risk_score > 0)'",
    )
    .action(async (options: DetectOptions) => {
      const policy = loadPolicyOption(options.config);
      const registry = defaultDetectorRegistry(policy);
      const unknown = [
        ...Object.keys(policy.defaults.detectors),
        ...policy.apps.flatMap((entry) => Object.keys(entry.detectors)),
      ].filter((id) => !registry.has(id));
      for (const id of new Set(unknown))
        io.stderr.write(`argus detect: warning: the policy configures unknown detector "${id}"\n`);

      const pipeline = new DetectionPipeline({
        registry,
        policy,
        onDetectorError: (detectorId, error, event) =>
          io.stderr.write(
            `argus detect: detector ${detectorId} failed on event ${event.event_id}: ${errorMessage(error)}\n`,
          ),
      });
      const input = await openInput(options.input, io);
      const output = await openOutput(options.output, io);
      try {
        const summary = await runDetect(input, output.stream, {
          pipeline,
          maxEventBytes: options.maxEventBytes,
        });
        await output.close();
        if (options.summary) {
          io.stderr.write(
            `argus detect: ${summary.lines} lines, ${summary.events} events, ${summary.errors} errors, ${summary.findings} findings\n`,
          );
        }
      } catch (error) {
        if (isBrokenPipe(error)) return;
        throw new CliError(`detect failed: ${errorMessage(error)}`);
      } finally {
        if (input !== io.stdin) input.destroy();
      }
    });
}
