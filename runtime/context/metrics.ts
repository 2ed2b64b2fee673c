import { IdahPluginError } from '../errors.ts';

/** One category's counters as the job record and events carry them (Synapse's wire names). */
export interface MetricsValues {
  stand_by: number;
  success: number;
  failed: number;
}

/** `{ original_file: { stand_by, success, failed }, data_file: {...} }` */
export type JobMetrics = Record<string, MetricsValues>;

export interface CounterValues {
  standBy: number;
  success: number;
  failed: number;
}

type CounterName = keyof CounterValues;
const COUNTER_NAMES: readonly CounterName[] = ['standBy', 'success', 'failed'];

/**
 * The counters of one category (`context.metrics('original_file')`): how many files wait
 * (`standBy`), went well (`success`) or failed (`failed`). Set them in bulk or count as you go;
 * the job reports them, throttled.
 */
export class MetricsCounter {
  readonly category: string;
  readonly #values: CounterValues = { standBy: 0, success: 0, failed: 0 };
  readonly #changed: () => void;

  constructor(category: string, changed: () => void) {
    this.category = category;
    this.#changed = changed;
  }

  get standBy(): number {
    return this.#values.standBy;
  }

  get success(): number {
    return this.#values.success;
  }

  get failed(): number {
    return this.#values.failed;
  }

  /** Sets any of the counters at once: `set({ standBy: 120 })`. */
  set(values: Partial<CounterValues>): this {
    for (const name of COUNTER_NAMES) {
      const value = values[name];
      if (value !== undefined) this.#values[name] = checkCount(value, `metrics("${this.category}").set: ${name}`);
    }
    this.#changed();
    return this;
  }

  /** Adds `by` (default 1; may be negative, never below 0) to one counter. */
  increment(name: CounterName, by = 1): this {
    if (!COUNTER_NAMES.includes(name)) throw misuse(`metrics("${this.category}").increment: expected standBy, success or failed, got ${JSON.stringify(name)}`);
    if (typeof by !== 'number' || !Number.isInteger(by)) throw misuse(`metrics("${this.category}").increment: expected an integer, got ${String(by)}`);
    this.#values[name] = Math.max(0, this.#values[name] + by);
    this.#changed();
    return this;
  }

  /** `count` files went well: success goes up, standBy down (not below 0). */
  markSuccess(count = 1): this {
    return this.#move('success', count);
  }

  /** `count` files failed: failed goes up, standBy down (not below 0). */
  markFailed(count = 1): this {
    return this.#move('failed', count);
  }

  toJSON(): MetricsValues {
    return { stand_by: this.#values.standBy, success: this.#values.success, failed: this.#values.failed };
  }

  #move(name: 'success' | 'failed', count: number): this {
    checkCount(count, `metrics("${this.category}").mark${name === 'success' ? 'Success' : 'Failed'}`);
    this.#values[name] += count;
    this.#values.standBy = Math.max(0, this.#values.standBy - count);
    this.#changed();
    return this;
  }
}

export interface MetricsBoardOptions {
  /** Receives every category's values, at most once per `intervalMs`. */
  report: (metrics: JobMetrics) => void;
  intervalMs?: number;
}

/** Every category of one job, reported throttled: a burst of changes makes one report. */
export class MetricsBoard {
  readonly #counters = new Map<string, MetricsCounter>();
  readonly #report: (metrics: JobMetrics) => void;
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #dirty = false;
  #stopped = false;

  constructor(options: MetricsBoardOptions) {
    this.#report = options.report;
    this.#intervalMs = options.intervalMs ?? 250;
  }

  /** The counters of `category` (the same object each time). */
  counter(category: string): MetricsCounter {
    if (typeof category !== 'string' || category.trim() === '') {
      throw misuse(`context.metrics(category): expected a non-empty string such as "original_file", got ${JSON.stringify(category) ?? String(category)}`);
    }
    let counter = this.#counters.get(category);
    if (!counter) {
      counter = new MetricsCounter(category, () => this.#changed());
      this.#counters.set(category, counter);
      this.#changed();
    }
    return counter;
  }

  snapshot(): JobMetrics {
    return Object.fromEntries([...this.#counters].map(([category, counter]) => [category, counter.toJSON()]));
  }

  /** Reports now if anything changed since the last report. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#dirty) return;
    this.#dirty = false;
    this.#report(this.snapshot());
  }

  /** Reports what is left and stops reporting. */
  close(): void {
    this.flush();
    this.#stopped = true;
  }

  #changed(): void {
    if (this.#stopped) return;
    this.#dirty = true;
    if (this.#timer) return;
    this.#timer = setTimeout(() => this.flush(), this.#intervalMs);
    this.#timer.unref();
  }
}

function checkCount(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw misuse(`${what}: expected a whole number >= 0, got ${String(value)}`);
  return value;
}

const misuse = (message: string) => new IdahPluginError('IO_MISUSE', message);
