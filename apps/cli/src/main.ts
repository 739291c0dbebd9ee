#!/usr/bin/env node
import { type CommandRegistration, runCli } from './cli';
import { processIo } from './cli-io';
import { registerCanaryCommand } from './commands/canary.command';
import { registerDetectCommand } from './commands/detect.command';
import { registerGenerateCommand } from './commands/generate.command';
import { registerSchemaCommand } from './commands/schema.command';

/** Every command of `bin/argus`; a new command is a file in commands/ and one line here. */
const COMMANDS: readonly CommandRegistration[] = [
  registerDetectCommand,
  registerGenerateCommand,
  registerSchemaCommand,
  registerCanaryCommand,
];

void runCli(COMMANDS, process.argv, processIo()).then((code) => {
  process.exitCode = code;
});
