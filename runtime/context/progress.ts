/** Progress never reads 1 before the job has completed. */
const CAP_BEFORE_COMPLETION = 0.99;
/** Changes smaller than this are not worth a report. */
const MIN_STEP = 0.001;

export interface ProgressTrackerOptions {
  /** Datasets with their entry counts: a dataset's share of the whole is its share of entries. */
  entryCounts: ReadonlyMap<string, number>;
  report: (value: number) => void;
  /** Minimum time between two reports (default 100 ms: about 10 a second). */
  intervalMs?: number;
}

/**
 * Automatic job progress: entry-weighted across datasets, monotonic and throttled.
 * Each dataset advances as its entries are iterated; the exporter may also set a value,
 * and the larger of the two is reported.
 */
export class ProgressTracker {
  readonly #weights: Map<string, number>;
  readonly #totalWeight: number;
  readonly #fractions = new Map<string, number>();
  readonly #report: (value: number) => void;
  readonly #intervalMs: number;
  #manual = 0;
  #reported = 0;
  #reportedAt = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #finished = false;
  #entriesRead = 0;
  /** The share of the whole the current step owns (steps; the whole job otherwise). */
  #phase = { start: 0, share: 1 };
  /** How many entries the datasets hold in all. */
  readonly totalEntries: number;

  constructor(options: ProgressTrackerOptions) {
    const counts = [...options.entryCounts];
    const totalEntries = counts.reduce((sum, [, count]) => sum + count, 0);
    // Without any entries every dataset weighs the same.
    this.#weights = new Map(counts.map(([id, count]) => [id, totalEntries > 0 ? count : 1]));
    this.#totalWeight = totalEntries > 0 ? totalEntries : counts.length;
    this.totalEntries = totalEntries;
    this.#report = options.report;
    this.#intervalMs = options.intervalMs ?? 100;
  }

  /** The current value, before throttling. */
  get value(): number {
    if (this.#finished) return this.#reported;
    const overall = this.#phase.start + this.#phase.share * this.#ownValue();
    return Math.min(CAP_BEFORE_COMPLETION, Math.max(overall, this.#reported));
  }

  /** How far the current step is by itself (0..1); the same as `value` when the export has no steps. */
  get stepValue(): number {
    if (this.#phase.start === 0 && this.#phase.share === 1) return this.value;
    return Math.min(1, this.#ownValue());
  }

  /**
   * Steps: the next values (entries read, `context.progress`) are the step's own progress,
   * scaled into [start, start + share] of the whole. The overall value still never goes back.
   */
  beginPhase(start: number, share: number): void {
    this.#phase = { start, share };
    this.#fractions.clear();
    this.#manual = 0;
    this.#changed();
  }

  /** The current step is done (or skipped): the whole stands at least at its end. */
  endPhase(): void {
    this.#fractions.clear();
    this.#manual = 1;
    this.#changed();
  }

  #ownValue(): number {
    let automatic = 0;
    if (this.#totalWeight > 0) {
      for (const [id, fraction] of this.#fractions) automatic += (this.#weights.get(id) ?? 0) * fraction;
      automatic /= this.#totalWeight;
    }
    return Math.max(automatic, this.#manual);
  }

  /** Entries handed to the exporter so far (a second pass over a dataset counts again). */
  get entriesRead(): number {
    return this.#entriesRead;
  }

  countEntryRead(): void {
    this.#entriesRead += 1;
  }

  /** Records how far a dataset is (0..1); a dataset never goes back. */
  advanceDataset(datasetId: string, fraction: number): void {
    const previous = this.#fractions.get(datasetId) ?? 0;
    const next = Math.min(1, Math.max(previous, fraction));
    if (next === previous) return;
    this.#fractions.set(datasetId, next);
    this.#changed();
  }

  /** A value set by the exporter (`context.progress = x`). */
  setManual(value: number): void {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
      throw new RangeError(`progress: expected a number from 0 to 1, got ${String(value)}`);
    }
    this.#manual = Math.max(this.#manual, value);
    this.#changed();
  }

  /** The job completed: report 1 at once. */
  complete(): void {
    this.#stopTimer();
    if (this.#finished) return;
    this.#finished = true;
    this.#emit(1);
  }

  /** The job ended without completing: stop reporting, keep the last value. */
  stop(): void {
    this.#stopTimer();
    this.#finished = true;
  }

  #changed(): void {
    if (this.#finished || this.#timer) return;
    const wait = this.#reportedAt + this.#intervalMs - performance.now();
    if (wait <= 0) {
      this.#flush();
      return;
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#flush();
    }, wait);
    this.#timer.unref();
  }

  #flush(): void {
    const value = this.value;
    if (value - this.#reported >= MIN_STEP) this.#emit(value);
  }

  #emit(value: number): void {
    this.#reported = value;
    this.#reportedAt = performance.now();
    this.#report(value);
  }

  #stopTimer(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
