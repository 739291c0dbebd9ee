#!/usr/bin/env node
import { type CommandRegistration, runCli } from './cli';
import { processIo } from './cli-io';
import { registerCanaryCommand } from './commands/canary.command';
import { registerConfigCommand } from './commands/config.command';
import { registerDemoCommand } from './commands/demo.command';
import { registerDetectCommand } from './commands/detect.command';
import { registerDocumentsCommand } from './commands/documents.command';
import { registerDriftCommand } from './commands/drift.command';
import { registerEraseCommand } from './commands/erase.command';
import { registerGenerateCommand } from './commands/generate.command';
import { registerMigrateCommand } from './commands/migrate.command';
import { registerProduceCommand } from './commands/produce.command';
import { registerSchemaCommand } from './commands/schema.command';

/** Every command of `bin/argus`; a new command is a file in commands/ and one line here. */
const COMMANDS: readonly CommandRegistration[] = [
  registerDetectCommand,
  registerGenerateCommand,
  registerSchemaCommand,
  registerCanaryCommand,
  registerProduceCommand,
  registerMigrateCommand,
  registerConfigCommand,
  registerDemoCommand,
  registerDriftCommand,
  registerDocumentsCommand,
  registerEraseCommand,
];

void runCli(COMMANDS, process.argv, processIo()).then((code) => {
  process.exitCode = code;
});
