import type { ExportDestination, ExportJobArguments, ExportRow, JobRow, ListQuery, Page } from '../queue/job-store.ts';

export type ScheduleStatus = 'active' | 'paused';

/** What every slot of a schedule enqueues: the export's arguments, resolved and checked when the schedule was made. */
export interface ScheduleSpec {
  arguments: Omit<ExportJobArguments, 'export_id'>;
  priority?: number;
  max_attempts?: number;
  /** Lifetime of each slot's file (sets its export's `expires_at`). */
  keep_ms?: number;
  /** Where each output goes besides storage, verbatim (references only). */
  destination?: ExportDestination;
}

/** A row of `schedules`. Times are ISO 8601 in UTC. */
export interface ScheduleRow {
  id: string;
  name: string | null;
  cron: string;
  timezone: string;
  exporter: string;
  project_id: string | null;
  created_by_id: string | null;
  spec: ScheduleSpec;
  /** Each slot exports only what changed since the last completed export of this schedule. */
  incremental: boolean;
  status: ScheduleStatus;
  /** The next slot to run; null when the pattern never fires again. */
  next_run_at: string | null;
  /** The last slot a job was created for, and that job. */
  last_slot: string | null;
  last_job_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface CreateScheduleInput {
  name?: string | null;
  cron: string;
  timezone: string;
  spec: ScheduleSpec;
  incremental?: boolean;
  project_id?: string | null;
  created_by_id?: string | null;
}

/** A slot that was due and got its job (in this call: no other process created it). */
export interface FiredSlot {
  schedule_id: string;
  slot: string;
  /** The watermark the job reads from (incremental), else null. */
  since: string | null;
  job: JobRow;
  export: ExportRow;
}

/**
 * The schedules of a job store. `fireDue` is what every scheduler loop calls: each due slot
 * becomes exactly one job, whichever and however many processes call it at once.
 */
export interface ScheduleStore {
  /** Checks the cron pattern and zone (`SCHEDULE_INVALID` naming the field) and stores the schedule, active. */
  create(input: CreateScheduleInput): Promise<ScheduleRow>;
  get(id: string): Promise<ScheduleRow | null>;
  /**
   * Filters: id, status, exporter, project_id (eq or __in), created_at, updated_at, next_run_at
   * (also __gte/__lte/__gt/__lt). Sorts: created_at, updated_at, next_run_at, status, id.
   */
  list(query?: ListQuery): Promise<Page<ScheduleRow>>;
  /** Removes the schedule; its jobs and exports stay. False if absent. */
  delete(id: string): Promise<boolean>;
  /** Pauses, or resumes from the next slot after now (slots missed while paused are skipped). Null if absent. */
  setStatus(id: string, status: ScheduleStatus): Promise<ScheduleRow | null>;
  /**
   * Creates the job of each active schedule whose next slot is at or before `now` (default the
   * store's clock): one job for the latest slot passed, however many were missed, then moves the
   * schedule to its next slot after `now`.
   */
  fireDue(now?: Date): Promise<FiredSlot[]>;
}
