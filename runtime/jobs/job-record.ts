import type { JsonValue } from '../records.ts';
import type { EntryFilter } from '../sources/filters.ts';
import { emptyFileLog, type FileLogEntry, type FileLogSummary } from '../context/file-log.ts';
import type { JobMetrics } from '../context/metrics.ts';
import type { StepRecord } from '../steps/export-step.ts';
import { uuidv7 } from './uuid7.ts';

export type JobStatus = 'pending' | 'running' | 'completed' | 'errored' | 'cancelled';

/** Something the export left out on purpose (a bad image, an unsupported shape), and why. */
export interface SkippedItem {
  /** Absent only for a record of no dataset (an annotation whose entry the file lacks). */
  dataset_id?: string;
  entry_id?: string;
  /** Absent when a whole item (entry, image) was left out. */
  annotation_id?: string;
  /** The bad record, when the data itself was bad: its table, id and column. */
  record?: { table: string; id: string; column?: string };
  reason: string;
}

/** At most this many skipped items are kept in a job record; `skipped_total` counts them all. */
export const MAX_SKIPPED_IN_RECORD = 1000;

export interface JobOutput {
  path: string;
  filename: string;
  mime_type: string;
  size: number;
}

/** A run of an exporter, shaped like IDAH's job record plus its export record's file fields. */
export interface JobRecord {
  id: string;
  job_class: 'export';
  /** `entry_filter` only when the run exported only the entries matching one (`export --where`). */
  arguments: { dataset_ids: string[] | 'all'; exporter: string; options: JsonValue | undefined; entry_filter?: EntryFilter };
  exporter: string;
  plugin: string | null;
  status: JobStatus;
  progress: number;
  retry_count: number;
  error: string | null;
  /** The error's stable code (see errors.ts) beside its message; null while there is no error. */
  error_code: string | null;
  /** The plugin the error names (its exporter threw, or it reported the failure); null for the host's own errors. */
  error_plugin: string | null;
  scheduled_at: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  output: JobOutput | null;
  /** What the export left out and why (the first MAX_SKIPPED_IN_RECORD). */
  skipped: SkippedItem[];
  skipped_total: number;
  /** A step-based exporter's steps with status, timing and error; empty for export(context). */
  steps: StepRecord[];
  /** Counters per category: `{ original_file: { stand_by, success, failed } }`. */
  metrics: JobMetrics;
  /** The per-file log: counts, the first entries, and where the whole log was kept. */
  file_log: FileLogSummary;
}

export type JobEvent =
  | { event: 'status'; job: JobRecord }
  | { event: 'progress'; job_id: string; progress: number; entries_read: number; entries_total: number }
  /** A step changed state. */
  | { event: 'step'; job_id: string; step: StepRecord }
  /** Every category's counters, throttled. */
  | { event: 'metrics'; job_id: string; metrics: JobMetrics }
  /** Per-file log entries, in order, batched. */
  | { event: 'file_log'; job_id: string; entries: FileLogEntry[] }
  /** The export threw: where in the plugin (`file.ts:line:column`, source-mapped) and the stack, for `--verbose` and the job's log. */
  | { event: 'thrown'; job_id: string; message: string; location: string | null; stack: string | null };

export const isFinished = (status: JobStatus) =>
  status === 'completed' || status === 'errored' || status === 'cancelled';

export interface NewJobRecord {
  jobId?: string | undefined;
  exporterId: string;
  plugin: string | null;
  datasetIds: readonly string[] | 'all';
  options: unknown;
  entryFilter?: EntryFilter | undefined;
  retryCount?: number | undefined;
}

/** A fresh `pending` record for a run of an exporter. */
export function createJobRecord(init: NewJobRecord): JobRecord {
  const now = new Date().toISOString();
  return {
    id: init.jobId ?? uuidv7(),
    job_class: 'export',
    arguments: {
      dataset_ids: init.datasetIds === 'all' ? 'all' : [...init.datasetIds],
      exporter: init.exporterId,
      options: (init.options ?? {}) as JsonValue,
      ...(init.entryFilter ? { entry_filter: init.entryFilter } : {}),
    },
    exporter: init.exporterId,
    plugin: init.plugin,
    status: 'pending',
    progress: 0,
    retry_count: init.retryCount ?? 0,
    error: null,
    error_code: null,
    error_plugin: null,
    scheduled_at: now,
    created_at: now,
    updated_at: now,
    started_at: null,
    finished_at: null,
    output: null,
    skipped: [],
    skipped_total: 0,
    steps: [],
    metrics: {},
    file_log: emptyFileLog(),
  };
}

/** A record for a run that could not start (no such exporter, an unreadable source). */
export function failedJobRecord(init: NewJobRecord, error: string, code: string): JobRecord {
  const record = createJobRecord(init);
  const now = new Date().toISOString();
  return { ...record, status: 'errored', error, error_code: code, finished_at: now, updated_at: now };
}
