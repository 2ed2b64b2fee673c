import type { Command } from 'commander';
import type { CliEnvironment } from '../environment.ts';
import { registerBackendCommand } from './backend-add.ts';
import { registerCreateCommand } from './create.ts';
import { registerDataCommand } from './data-info.ts';
import { registerDemoCommand } from './demo.ts';
import { registerExportCommand } from './export.ts';
import { registerFormatsCommand } from './formats.ts';
import { registerTestCommand } from './test.ts';

export type CommandRegistrar = (program: Command, environment: CliEnvironment) => void;

/** Every command of the CLI, in the order `--help` lists them. */
export const commandRegistrars: CommandRegistrar[] = [
  registerCreateCommand,
  registerBackendCommand,
  registerTestCommand,
  registerFormatsCommand,
  registerExportCommand,
  registerDemoCommand,
  registerDataCommand,
];
