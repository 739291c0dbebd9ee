import { type Command } from 'commander';
import { DetectionPipeline, type SegmentModels, defaultDetectorRegistry } from '@argus/detectors';
import { startEntityRecognizerWorker, startTextClassifierWorker } from '@argus/embeddings';
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
  classifier?: string;
  attackLabels?: string;
  nerModel?: string;
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
    .option(
      '--classifier <dir>',
      'text-classification model (transformers.js directory) feeding the injection detectors, as INJECTION_CLASSIFIER_PATH',
    )
    .option('--attack-labels <labels>', 'comma-separated labels of --classifier meaning an attack')
    .option('--ner-model <dir>', 'token-classification model for PERSON/LOCATION pii, as NER_MODEL_PATH')
    .addHelpText(
      'after',
      '\nExit status: 0 when the input was read to the end (even if some lines were errors); ' +
        "2 when the input, output or policy file cannot be used.\n\nExample:\n  bin/argus generate --count 100 | bin/argus detect | jq -c 'select(.risk_score > 0)'",
    )
    .action(async (options: DetectOptions) => {
      const policy = loadPolicyOption(options.config);
      let registry: ReturnType<typeof defaultDetectorRegistry>;
      try {
        registry = defaultDetectorRegistry(policy);
      } catch (error) {
        // E.g. protected-document collections, which only ingest can read (from ClickHouse).
        throw new CliError(`the policy cannot be used here: ${errorMessage(error)}`);
      }
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
      const { models, dispose } = await loadModels(options);
      const input = await openInput(options.input, io);
      const output = await openOutput(options.output, io);
      try {
        const summary = await runDetect(input, output.stream, {
          pipeline,
          maxEventBytes: options.maxEventBytes,
          ...(models !== undefined ? { models } : {}),
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
        await dispose();
      }
    });
}

/** The optional models of the command line, each in a worker thread; a model that cannot load is exit 2. */
async function loadModels(
  options: DetectOptions,
): Promise<{ models?: SegmentModels; dispose: () => Promise<void> }> {
  const disposers: Array<() => Promise<void>> = [];
  const dispose = async () => {
    await Promise.all(disposers.map((close) => close()));
  };
  if (options.classifier === undefined && options.nerModel === undefined) return { dispose };
  try {
    const attackLabels = options.attackLabels
      ?.split(',')
      .map((label) => label.trim())
      .filter(Boolean);
    const classifier =
      options.classifier === undefined
        ? undefined
        : await startTextClassifierWorker({
            modelPath: options.classifier,
            ...(attackLabels !== undefined ? { attackLabels } : {}),
          });
    if (classifier !== undefined) disposers.push(() => classifier.dispose());
    const recognizer =
      options.nerModel === undefined
        ? undefined
        : await startEntityRecognizerWorker({ modelPath: options.nerModel });
    if (recognizer !== undefined) disposers.push(() => recognizer.dispose());
    return {
      models: {
        ...(classifier !== undefined ? { classifier } : {}),
        ...(recognizer !== undefined ? { recognizer } : {}),
      },
      dispose,
    };
  } catch (error) {
    await dispose();
    throw new CliError(`cannot load a model: ${errorMessage(error)}`);
  }
}
