import type { JsonValue } from '../records.ts';

export type JobStatus = 'pending' | 'running' | 'completed' | 'errored' | 'cancelled';

/** Something the export left out on purpose (a bad image, an unsupported shape), and why. */
export interface SkippedItem {
  dataset_id: string;
  entry_id?: string;
  /** Absent when a whole item (entry, image) was left out. */
  annotation_id?: string;
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
  arguments: { dataset_ids: string[] | 'all'; exporter: string; options: JsonValue | undefined };
  exporter: string;
  plugin: string | null;
  status: JobStatus;
  progress: number;
  retry_count: number;
  error: string | null;
  scheduled_at: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
  output: JobOutput | null;
  /** What the export left out and why (the first MAX_SKIPPED_IN_RECORD). */
  skipped: SkippedItem[];
  skipped_total: number;
}

export type JobEvent =
  | { event: 'status'; job: JobRecord }
  | { event: 'progress'; job_id: string; progress: number; entries_read: number; entries_total: number };

export const isFinished = (status: JobStatus) =>
  status === 'completed' || status === 'errored' || status === 'cancelled';
