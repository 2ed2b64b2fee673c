import type { Command } from 'commander';
import type { CliEnvironment } from '../environment.ts';
import { registerBackendCommand } from './backend-add.ts';
import { registerCreateCommand } from './create.ts';
import { registerFormatsCommand } from './formats.ts';
import { registerTestCommand } from './test.ts';

export type CommandRegistrar = (program: Command, environment: CliEnvironment) => void;

/** Every command of the CLI, in the order `--help` lists them. */
export const commandRegistrars: CommandRegistrar[] = [
  registerCreateCommand,
  registerBackendCommand,
  registerFormatsCommand,
  registerTestCommand,
];
