import { setTimeout as sleep } from 'node:timers/promises';
import type { ExportContext } from '../context/export-context.ts';
import type { ProgressTracker } from '../context/progress.ts';
import { describeThrown } from '../errors.ts';
import type { ExportStep, StepRecord, StepStatus } from './export-step.ts';

export interface StepWorkflowOptions {
  steps: ReadonlyArray<ExportStep<unknown>>;
  context: ExportContext<unknown>;
  progress: ProgressTracker;
  signal: AbortSignal;
  /** Called with a copy of a step's record each time it changes. */
  onChange: (step: StepRecord) => void;
  /** How long a cancelled step may take to stop before rollback starts anyway (default 5 s). */
  cancelGraceMs?: number;
}

const DEFAULT_CANCEL_GRACE_MS = 5000;

/**
 * Runs an exporter's steps in order with weighted progress. When a step fails, or the job is
 * cancelled, every step that ran is rolled back in reverse (the failing one included, skipped
 * ones not), best effort; then `run` rethrows the original error. Nothing rolls back on success,
 * unless the host calls `rollback()` because what came after the steps (zip, publish) failed.
 */
export class StepWorkflow {
  readonly #options: StepWorkflowOptions;
  readonly #records: StepRecord[];
  /** Indexes of the steps that ran, in order, with what they returned. */
  readonly #ran: Array<{ index: number; result: unknown }> = [];
  #rolledBack = false;

  constructor(options: StepWorkflowOptions) {
    this.#options = options;
    this.#records = options.steps.map((step) => ({
      name: step.name,
      progress_weight: step.progressWeight,
      status: 'pending',
      started_at: null,
      finished_at: null,
      duration_ms: null,
      error: null,
      rollback_error: null,
    }));
  }

  /** The steps' records, in order (copies). */
  get records(): StepRecord[] {
    return this.#records.map((record) => ({ ...record }));
  }

  /** The name of the step running now, if any. */
  get currentStep(): string | undefined {
    return this.#records.find((record) => record.status === 'running')?.name;
  }

  async run(): Promise<void> {
    const { steps, context, progress, signal } = this.#options;
    const total = steps.reduce((sum, step) => sum + step.progressWeight, 0);
    let done = 0;
    for (const [index, step] of steps.entries()) {
      const record = this.#records[index] as StepRecord;
      const startedAt = performance.now();
      try {
        signal.throwIfAborted();
        progress.beginPhase(done / total, step.progressWeight / total);
        this.#update(record, { status: 'running', started_at: new Date().toISOString() });
        if (step.canSkip && (await step.canSkip(context))) {
          this.#finish(record, 'skipped', startedAt);
        } else {
          const ran = { index, result: undefined as unknown };
          this.#ran.push(ran);
          ran.result = await this.#untilStopped(Promise.resolve().then(() => step.run(context)));
          this.#finish(record, 'completed', startedAt);
        }
      } catch (thrown) {
        if (record.status === 'running') this.#finish(record, signal.aborted ? 'cancelled' : 'failed', startedAt, describeThrown(thrown));
        await this.rollback();
        throw thrown;
      }
      done += step.progressWeight;
      progress.endPhase();
    }
  }

  /** Rolls back, in reverse, every step that ran; once. Never throws: each failure is recorded on its step. */
  async rollback(): Promise<void> {
    if (this.#rolledBack) return;
    this.#rolledBack = true;
    for (const { index, result } of [...this.#ran].reverse()) {
      const step = this.#options.steps[index] as ExportStep<unknown>;
      const record = this.#records[index] as StepRecord;
      if (!step.rollback) continue;
      try {
        await step.rollback(this.#options.context, result);
        this.#update(record, { status: 'rolled_back' });
      } catch (thrown) {
        this.#update(record, { status: 'rollback_failed', rollback_error: describeThrown(thrown) });
      }
    }
  }

  /** The step's outcome, or the cancellation's once the step has stopped (or had its grace time). */
  async #untilStopped<T>(work: Promise<T>): Promise<T> {
    const { signal } = this.#options;
    let onAbort = () => {};
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      return await Promise.race([work, aborted]);
    } catch (thrown) {
      if (signal.aborted) {
        // Rolling back a step that is still writing would race it: give it time to stop.
        const grace = sleep(this.#options.cancelGraceMs ?? DEFAULT_CANCEL_GRACE_MS, undefined, { ref: false });
        await Promise.race([work.then(() => {}, () => {}), grace]);
      }
      throw thrown;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  #finish(record: StepRecord, status: StepStatus, startedAt: number, error: string | null = null): void {
    this.#update(record, {
      status,
      finished_at: new Date().toISOString(),
      duration_ms: Math.round(performance.now() - startedAt),
      error,
    });
  }

  #update(record: StepRecord, changes: Partial<StepRecord>): void {
    Object.assign(record, changes);
    try {
      this.#options.onChange({ ...record });
    } catch {
      // A listener's failure must not change the workflow.
    }
  }
}
