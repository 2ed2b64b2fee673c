import type { Command } from 'commander';
import type { CliEnvironment } from '../environment.ts';

export type CommandRegistrar = (program: Command, environment: CliEnvironment) => void;

/**
 * Every command of the CLI, in the order `--help` lists them.
 *
 * A command is one row: its name (the first word on the command line), the one-line summary the
 * top-level `--help` shows, and `load`, which imports the command's module only when that command
 * runs (or its own `--help` is asked for). `--version`, `--help` and one command therefore load
 * nothing of the other commands, and nothing heavy (DuckDB, vitest, the export runtime) unless
 * the command itself needs it. To add a command, write `cli/commands/<name>.ts` exporting a
 * `CommandRegistrar` and add a row here; keep heavy imports inside that module, not in this file.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load: () => Promise<CommandRegistrar>;
}

export const commandTable: CommandEntry[] = [
  {
    name: 'create',
    summary: 'Create a plugin folder: manifest, package, tests, and the backends chosen',
    load: async () => (await import('./create.ts')).registerCreateCommand,
  },
  {
    name: 'backend',
    summary: "Manage a plugin's backends",
    load: async () => (await import('./backend-add.ts')).registerBackendCommand,
  },
  {
    name: 'test',
    summary: "Run a plugin's tests (vitest), with idah-plugin resolved to this host",
    load: async () => (await import('./test.ts')).registerTestCommand,
  },
  {
    name: 'formats',
    summary: 'List the exporters the plugins offer, with their options (or media processors with --media)',
    load: async () => (await import('./formats.ts')).registerFormatsCommand,
  },
  {
    name: 'export',
    summary: 'Run an exporter on a UPD file or a live IDAH as a job, with a progress bar',
    load: async () => (await import('./export.ts')).registerExportCommand,
  },
  {
    name: 'demo',
    summary: 'Create demo.upd (generated street scenes) if missing, export it, and show the result',
    load: async () => (await import('./demo.ts')).registerDemoCommand,
  },
  {
    name: 'data',
    summary: 'Inspect data sources',
    load: async () => (await import('./data-info.ts')).registerDataCommand,
  },
  {
    name: 'serve',
    summary: "Run the Sync Service: IDAH's HTTP API under /api/v1/sync, the web page, and a worker",
    load: async () => (await import('./serve.ts')).registerServeCommand,
  },
  {
    name: 'worker',
    summary: 'Run export jobs from the job store (no HTTP); start several against one --db',
    load: async () => (await import('./worker.ts')).registerWorkerCommand,
  },
  {
    name: 'jobs',
    summary: "List, follow, cancel and retry a Sync Service's jobs (over HTTP)",
    load: async () => (await import('./jobs.ts')).registerJobsCommand,
  },
  {
    name: 'exports',
    summary: "List and download a Sync Service's exports (over HTTP)",
    load: async () => (await import('./exports.ts')).registerExportsCommand,
  },
  {
    name: 'schedules',
    summary: "List, add and remove a Sync Service's scheduled exports (over HTTP)",
    load: async () => (await import('./schedules.ts')).registerSchedulesCommand,
  },
  {
    name: 'doctor',
    summary: 'Check Node, DuckDB, the job store, the output storage, the plugins and the external tools',
    load: async () => (await import('./doctor.ts')).registerDoctorCommand,
  },
];
