import type { JsonValue } from '../records.ts';

export type JobStatus = 'pending' | 'running' | 'completed' | 'errored' | 'cancelled';

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
}

export type JobEvent =
  | { event: 'status'; job: JobRecord }
  | { event: 'progress'; job_id: string; progress: number; entries_read: number; entries_total: number };

export const isFinished = (status: JobStatus) =>
  status === 'completed' || status === 'errored' || status === 'cancelled';
