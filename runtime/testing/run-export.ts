import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
