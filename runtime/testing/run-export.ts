import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInChild } from '../isolation/run-export-isolated.ts';
import { DEFAULT_INIT_TIMEOUT_MS } from '../plugins/init-timeout.ts';
import type { ExporterClass, ModalitySelector } from '../exporter.ts';
import type { FileLogEntry } from '../context/file-log.ts';
import type { JobMetrics } from '../context/metrics.ts';
import type { JobEvent, JobOutput, JobRecord, JobStatus } from '../jobs/job-record.ts';
import type { StepRecord } from '../steps/export-step.ts';
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
  /** Keep the whole file log beside the output as `<output>.files.ndjson`. */
  keepFileLog?: boolean;
  /** How long a cancelled step may take to stop before its rollback starts (default 5 s). */
  cancelGraceMs?: number;
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
  /** A step-based exporter's steps as the record lists them (status, timing, error). */
  steps: StepRecord[];
  /** The final counters per category. */
  metrics: JobMetrics;
  /** Every per-file log entry, in order (from the job's `file_log` events). */
  fileLog: FileLogEntry[];
  /** Every job event, in order. */
  events: JobEvent[];
  job: JobRecord;
}

let sharedOutRoot: string | undefined;

function defaultOutDir(): string {
  if (!sharedOutRoot) {
    const root = mkdtempSync(join(tmpdir(), 'idah-harness-'));
    sharedOutRoot = root;
    removeWhenTheProcessEnds(root);
  }
  return mkdtempSync(join(sharedOutRoot, 'run-'));
}

/**
 * Removes the outputs' folder as the process ends: on 'exit', and on SIGTERM, which is how Vitest
 * ends its worker processes and which skips 'exit' (every test run left one folder per worker,
 * outputs and all). After removing it, SIGTERM ends the process as it would have, unless the
 * process listens for it itself.
 */
function removeWhenTheProcessEnds(root: string): void {
  const remove = () => rmSync(root, { recursive: true, force: true });
  process.once('exit', remove);
  process.once('SIGTERM', () => {
    remove();
    if (process.listenerCount('SIGTERM') === 0) process.kill(process.pid, 'SIGTERM');
  });
}

/** Runs an exporter on in-memory data through the real host job, exactly as the CLI would. */
export async function runExport(exporterClass: ExporterClass, options: RunExportOptions): Promise<RunExportResult> {
  if (options.isolated) return runExportIsolatedFromFixtures(exporterClass, options, options.isolated);
  const source = new MemorySource(recordsFromFixtures(options.datasets));
  const progress: number[] = [];
  const logs: LogEntry[] = [];
  const fileLog: FileLogEntry[] = [];
  const events: JobEvent[] = [];
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
      keepFileLog: options.keepFileLog,
      cancelGraceMs: options.cancelGraceMs,
      logSink: (entry) => logs.push(entry),
      onEvent: (event) => {
        events.push(event);
        if (event.event === 'progress') progress.push(event.progress);
        if (event.event === 'file_log') fileLog.push(...event.entries);
      },
    });
    return resultOf(job, { progress, logs, fileLog, events });
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
  const fileLog: FileLogEntry[] = [];
  const events: JobEvent[] = [];
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
      ...(options.keepFileLog ? { keepFileLog: true } : {}),
      ...(options.cancelGraceMs !== undefined ? { cancelGraceMs: options.cancelGraceMs } : {}),
      initTimeoutMs: DEFAULT_INIT_TIMEOUT_MS,
    },
    {
      ...(options.signal ? { signal: options.signal } : {}),
      ...(isolated.timeoutMs ? { timeoutMs: isolated.timeoutMs } : {}),
      logSink: (entry) => logs.push(entry),
      onEvent: (event) => {
        events.push(event);
        if (event.event === 'progress') progress.push(event.progress);
        if (event.event === 'file_log') fileLog.push(...event.entries);
      },
    },
    isolated.memoryLimitMb ? { memoryLimitMb: isolated.memoryLimitMb } : {},
  );
  return resultOf(job, { progress, logs, fileLog, events });
}

/** The harness's answer: the record's outcome plus what was seen while it ran. */
function resultOf(job: JobRecord, seen: Pick<RunExportResult, 'progress' | 'logs' | 'fileLog' | 'events'>): RunExportResult {
  return {
    status: job.status,
    error: job.error ?? undefined,
    output: job.output ?? undefined,
    ...seen,
    steps: job.steps,
    metrics: job.metrics,
    job,
  };
}
