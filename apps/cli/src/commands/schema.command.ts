import { type Command } from 'commander';
import { renderTelemetryJsonSchema } from '@argus/contracts';
import { type CliIo } from '../cli-io';
import { openOutput } from './streams';

export function registerSchemaCommand(program: Command, io: CliIo): void {
  program
    .command('schema')
    .description(
      'Write the JSON Schema (draft 2020-12) of telemetry events v1, generated from the zod contract.',
    )
    .option('--out <file>', 'file to write ("-" = stdout)', '-')
    .addHelpText(
      'after',
      '\nThe committed copy is docs/schema/telemetry-v1.schema.json (npm run schema:export).',
    )
    .action(async (options: { out: string }) => {
      const output = await openOutput(options.out, io);
      output.stream.write(renderTelemetryJsonSchema());
      await output.close();
    });
}
