import type { ExportContext } from '../context/export-context.ts';

/**
 * One phase of a step-based export. Steps run in order; each owns `progressWeight` of the job's
 * progress. When a later step fails (or the job is cancelled or rescheduled), every step that ran
 * is rolled back in reverse order, the failing one included.
 */
export interface ExportStep<Options = Record<string, unknown>, Result = unknown> {
  /** Unique within the exporter; names the step in the job record and in errors. */
  readonly name: string;
  /** Its share of the job's progress, relative to the other steps' weights (a number > 0). */
  readonly progressWeight: number;
  /** Returns true to skip the step: it is neither run nor rolled back; its weight counts as done. */
  canSkip?(context: ExportContext<Options>): boolean | Promise<boolean>;
  /** The work. What it returns is handed to `rollback`. Inside it, `context.progress` is the step's own progress. */
  run(context: ExportContext<Options>): Result | Promise<Result>;
  /**
   * Undoes what `run` did, best effort. `result` is what `run` returned, or undefined for the
   * step that failed. Errors are recorded on the step and the walk goes on.
   */
  rollback?(context: ExportContext<Options>, result: Result | undefined): unknown;
}

/** A step's state in the job record. */
export type StepStatus = 'pending' | 'running' | 'completed' | 'skipped' | 'failed' | 'cancelled' | 'rolled_back' | 'rollback_failed';

/** How the job record lists a step (wire names, plain JSON). */
export interface StepRecord {
  name: string;
  progress_weight: number;
  status: StepStatus;
  started_at: string | null;
  finished_at: string | null;
  duration_ms: number | null;
  /** Why the step failed (kept after it was rolled back). */
  error: string | null;
  /** Why its rollback failed. */
  rollback_error: string | null;
}
