import type { Command } from 'commander';
import type { CliEnvironment } from '../environment.ts';
import { registerBackendCommand } from './backend-add.ts';
import { registerCreateCommand } from './create.ts';
import { registerDataCommand } from './data-info.ts';
import { registerDemoCommand } from './demo.ts';
import { registerDoctorCommand } from './doctor.ts';
import { registerExportCommand } from './export.ts';
import { registerExportsCommand } from './exports.ts';
import { registerFormatsCommand } from './formats.ts';
import { registerJobsCommand } from './jobs.ts';
import { registerServeCommand } from './serve.ts';
import { registerTestCommand } from './test.ts';
import { registerWorkerCommand } from './worker.ts';

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
  registerServeCommand,
  registerWorkerCommand,
  registerJobsCommand,
  registerExportsCommand,
  registerDoctorCommand,
];
