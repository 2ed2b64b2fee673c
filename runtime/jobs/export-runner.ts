import type { LogSink } from '../logger.ts';
import type { EntryFilter } from '../sources/filters.ts';
import type { SourceDescriptor } from '../sources/source-descriptor.ts';
import type { JobEvent, JobRecord } from './job-record.ts';

/**
 * One export run described by plain data: what a CLI command, a queue worker or a child
 * process needs to load the plugins, open the source and run the exporter. Everything but
 * the callbacks and the signal can cross a process boundary as JSON.
 */
export interface ExportRunRequest {
  /** The queue's id for this job; a new uuid v7 when absent. */
  jobId?: string;
  /** Reschedules already counted by earlier runs of the same job. */
  retryCount?: number;
  /** An exporter id (`Module::Class`) or the name of a plugin that registers one exporter. */
  exporter: string;
  /** Where plugins come from, as `loadHost` takes them. */
  plugins: { paths?: string | string[]; cwd: string; includeBundled?: boolean };
  source: SourceDescriptor;
  datasetIds: string[] | 'all';
  /** Only entries matching this filter are exported (`export --where`); validated like `dataset.entries(filter)`. */
  entryFilter?: EntryFilter;
  options?: unknown;
  /** Where the output file is published on success. */
  outDir: string;
  /** Aborting it cancels the run. */
  signal?: AbortSignal;
  onEvent?: (event: JobEvent) => void;
  logSink?: LogSink;
  /** `wait`: the run sleeps and retries itself; `return`: it ends `pending` for a queue to re-run. */
  reschedule?: 'wait' | 'return';
  /**
   * Hard limit on the run's wall time; past it the run ends `errored` (code EXPORT_TIMEOUT).
   * The isolated runner counts it from when the exporter is loaded: loading has its own timeout.
   */
  timeoutMs?: number;
  /** Keep the whole per-file log beside the output as `<output>.files.ndjson` (the record's `file_log.path`). */
  keepFileLog?: boolean;
}

/**
 * Runs one export and resolves to its final record; never rejects. Implementations: in this
 * process (`runExportInProcess`) and isolated in a child process.
 */
export type ExportRunner = (request: ExportRunRequest) => Promise<JobRecord>;
