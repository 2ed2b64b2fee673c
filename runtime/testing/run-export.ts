import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
    process.once('exit', () => rmSync(root, { recursive: true, force: true }));
  }
  return mkdtempSync(join(sharedOutRoot, 'run-'));
}

/** Runs an exporter on in-memory data through the real host job, exactly as the CLI would. */
export async function runExport(exporterClass: ExporterClass, options: RunExportOptions): Promise<RunExportResult> {
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
    return {
      status: job.status,
      error: job.error ?? undefined,
      output: job.output ?? undefined,
      progress,
      logs,
      steps: job.steps,
      metrics: job.metrics,
      fileLog,
      events,
      job,
    };
  } finally {
    await source.close();
  }
}
