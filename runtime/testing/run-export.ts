import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInChild } from '../isolation/run-export-isolated.ts';
import { DEFAULT_INIT_TIMEOUT_MS } from '../plugins/load-plugins.ts';
import type { ExporterClass, ModalitySelector } from '../exporter.ts';
import type { JobOutput, JobRecord, JobStatus } from '../jobs/job-record.ts';
import { runExportJob } from '../jobs/run-export-job.ts';
import type { LogEntry } from '../logger.ts';
import { type DatasetFixture, recordsFromFixtures } from '../sources/memory/fixtures.ts';
import { MemorySource } from '../sources/memory/memory-source.ts';

export interface RunExportOptions {
  /** The data, as plain objects; missing ids and timestamps are generated. */
  datasets: DatasetFixture[];
  /** Which datasets to export (default: all of them). */
  datasetIds?: string[];
  options?: unknown;
  signal?: AbortSignal;
  /** When given, the datasets' modalities are checked against it, as the host does. */
  selector?: ModalitySelector;
  /** Where outputs go (default: a temp folder removed when the process exits). */
  outDir?: string;
  /** Entries per read batch (default 1000). */
  batchSize?: number;
  maxReschedules?: number;
  /**
   * Run in a child process, exactly as the CLI and the service do, instead of in this one: a
   * hang, a busy loop, `process.exit` or a crash then ends the run, not the test. The child
   * imports the exporter class from `module` (its file, e.g. `new URL('./export.ts',
   * import.meta.url)`) under `exportName` (default the class's name); the fixtures reach it
   * over the IPC channel, structured-cloned, and it rebuilds the same in-memory source.
   */
  isolated?: { module: string | URL; exportName?: string; memoryLimitMb?: number; timeoutMs?: number };
}

export interface RunExportResult {
  status: JobStatus;
  error: string | undefined;
  output: JobOutput | undefined;
  /** Every progress value reported, in order. */
  progress: number[];
  logs: LogEntry[];
  job: JobRecord;
}

let sharedOutRoot: string | undefined;

function defaultOutDir(): string {
  if (!sharedOutRoot) {
    const root = mkdtempSync(join(tmpdir(), 'idah-harness-'));
    sharedOutRoot = root;
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  }
  return mkdtempSync(join(sharedOutRoot, 'run-'));
}

/** Runs an exporter on in-memory data through the real host job, exactly as the CLI would. */
export async function runExport(exporterClass: ExporterClass, options: RunExportOptions): Promise<RunExportResult> {
  if (options.isolated) return runExportIsolatedFromFixtures(exporterClass, options, options.isolated);
  const source = new MemorySource(recordsFromFixtures(options.datasets));
  const progress: number[] = [];
  const logs: LogEntry[] = [];
  try {
    const job = await runExportJob({
      exporter: { id: exporterClass.name, exporterClass, selector: options.selector },
      source,
      datasetIds: options.datasetIds ?? 'all',
      options: options.options,
      outDir: options.outDir ?? defaultOutDir(),
      signal: options.signal,
      batchSize: options.batchSize,
      maxReschedules: options.maxReschedules,
      logSink: (entry) => logs.push(entry),
      onEvent: (event) => {
        if (event.event === 'progress') progress.push(event.progress);
      },
    });
    return {
      status: job.status,
      error: job.error ?? undefined,
      output: job.output ?? undefined,
      progress,
      logs,
      job,
    };
  } finally {
    await source.close();
  }
}

async function runExportIsolatedFromFixtures(
  exporterClass: ExporterClass,
  options: RunExportOptions,
  isolated: NonNullable<RunExportOptions['isolated']>,
): Promise<RunExportResult> {
  const progress: number[] = [];
  const logs: LogEntry[] = [];
  const module = isolated.module instanceof URL || isolated.module.startsWith('file:') ? fileURLToPath(isolated.module) : isolated.module;
  const job = await runInChild(
    {
      exporter: { kind: 'module', module, exportName: isolated.exportName ?? exporterClass.name, ...(options.selector ? { selector: options.selector } : {}) },
      source: { kind: 'fixtures', datasets: options.datasets },
      datasetIds: options.datasetIds ?? 'all',
      options: options.options,
      outDir: options.outDir ?? defaultOutDir(),
      workRoot: tmpdir(),
      ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
      ...(options.maxReschedules !== undefined ? { maxReschedules: options.maxReschedules } : {}),
      initTimeoutMs: DEFAULT_INIT_TIMEOUT_MS,
    },
    {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(isolated.timeoutMs ? { timeoutMs: isolated.timeoutMs } : {}),
      logSink: (entry) => logs.push(entry),
      onEvent: (event) => {
        if (event.event === 'progress') progress.push(event.progress);
      },
    },
    isolated.memoryLimitMb ? { memoryLimitMb: isolated.memoryLimitMb } : {},
  );
  return { status: job.status, error: job.error ?? undefined, output: job.output ?? undefined, progress, logs, job };
}
