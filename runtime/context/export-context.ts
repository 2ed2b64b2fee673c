import type { ExportIo } from '../io/export-io.ts';
import type { Logger } from '../logger.ts';
import type { SkippedItem } from '../jobs/job-record.ts';
import type { DatasetRecord } from '../records.ts';
import { ExportFailureSignal, parseDelay, RescheduleSignal } from './control-signals.ts';
import { DatasetContext, type ReadEnvironment } from './dataset-context.ts';
import type { FileLog, FileLogInput } from './file-log.ts';
import type { MetricsBoard, MetricsCounter } from './metrics.ts';
import type { InvalidRecordHandler, RecordWhere } from './invalid-records.ts';
import { describeThrown, IdahPluginError } from '../errors.ts';
import { invalidityOf, placeOf } from '../sources/invalid-record.ts';
import { Query } from './query.ts';

/** Where the host finds a stop the exporter asked for (`error()`, `reschedule()`), even if it was caught. */
export interface RequestedStop {
  signal?: ExportFailureSignal | RescheduleSignal;
}

export interface ExportContextInit<Options> {
  datasets: readonly DatasetRecord[];
  options: Options;
  /** The exporter's half of the job's io (an ExportIoView); the host keeps the IoContext. */
  io: ExportIo;
  logger: Logger;
  read: ReadEnvironment;
  /** Receives what the exporter reports as left out. */
  onSkipped: (item: SkippedItem) => void;
  plugin?: string;
  /** The job's metrics and file log. */
  metrics: MetricsBoard;
  fileLog: FileLog;
  /** Host side: filled when the exporter calls `error()` or `reschedule()`. */
  requestedStop: RequestedStop;
}

/** What `export(context)` receives: the datasets to read, validated options, io, progress and control. */
export class ExportContext<Options = Record<string, unknown>> {
  readonly datasetIds: readonly string[];
  readonly options: Options;
  readonly io: ExportIo;
  readonly logger: Logger;
  readonly signal: AbortSignal;
  readonly #datasets: readonly DatasetRecord[];
  readonly #read: ReadEnvironment;
  readonly #plugin: string | undefined;
  readonly #onSkipped: (item: SkippedItem) => void;
  readonly #metrics: MetricsBoard;
  readonly #fileLog: FileLog;
  readonly #requestedStop: RequestedStop;
  #invalidHandler: InvalidRecordHandler | undefined;
  #integrityReported: Promise<void> | undefined;

  constructor(init: ExportContextInit<Options>) {
    this.#datasets = init.datasets;
    this.datasetIds = init.datasets.map((dataset) => dataset.id);
    this.options = init.options;
    this.io = init.io;
    this.logger = init.logger;
    this.#read = { ...init.read, invalidRecord: (error, where) => this.#invalidRecord(error, where) };
    this.signal = init.read.signal;
    this.#plugin = init.plugin;
    this.#onSkipped = init.onSkipped;
    this.#metrics = init.metrics;
    this.#fileLog = init.fileLog;
    this.#requestedStop = init.requestedStop;
  }

  /** The datasets of this export, in the order asked. Moving past one marks it done for progress. */
  get datasets(): Query<DatasetContext> {
    const records = this.#datasets;
    const read = this.#read;
    const reportIntegrity = () => (this.#integrityReported ??= this.#reportIntegrity());
    return new Query(
      async function* () {
        await reportIntegrity();
        for (const record of records) {
          read.signal.throwIfAborted();
          const invalid = invalidityOf(record);
          if (invalid) await read.invalidRecord!(invalid, { dataset_id: record.id });
          else yield new DatasetContext(record, read);
          read.progress.advanceDataset(record.id, 1);
        }
      },
      async () => records.length,
    );
  }

  /** How far the export is (0..1); inside a step, how far that step is. */
  get progress(): number {
    return this.#read.progress.stepValue;
  }

  /**
   * Sets progress (0..1); inside a step, the step's own progress, scaled into its share.
   * Progress never goes back, and reads 1 only once the job completed.
   */
  set progress(value: number) {
    this.#read.progress.setManual(value);
  }

  /** Records an item the export leaves out and why; the job's result lists it (`job.skipped`). */
  reportSkipped(item: SkippedItem): void {
    this.#onSkipped({ ...item });
  }

  /**
   * The counters of a category (`original_file`, `data_file`, ...): `standBy`, `success`, `failed`,
   * set in bulk (`set({ standBy: 100 })`) or counted (`markSuccess()`, `increment('failed')`).
   * The job reports them, throttled, as `metrics` events and in its record.
   */
  metrics(category: string): MetricsCounter {
    return this.#metrics.counter(category);
  }

  /**
   * Logs what happened to one file: `{ id, file, status: 'success' | 'failed' | 'stand_by', error, category }`.
   * Entries go out as `file_log` events and to a file on disk (the record keeps the first ones);
   * a directory output lists the failed ones in error_file_list.json.
   */
  logFile(entry: FileLogInput): Promise<void> {
    return this.#fileLog.append(entry);
  }

  /**
   * Decides what a bad record (invalid or too deep JSON, a dangling reference, a duplicate id)
   * does instead of the default: a SkipReport registers itself here. The default follows the
   * exporter's `on_error` option when it has one: "skip" reports the record as skipped and goes
   * on; otherwise the record's error fails the export.
   */
  onInvalidRecord(handler: InvalidRecordHandler): void {
    this.#invalidHandler = handler;
  }

  async #invalidRecord(error: IdahPluginError, where: RecordWhere): Promise<void> {
    if (this.#invalidHandler) return this.#invalidHandler(error, where);
    const onError = (this.options as { on_error?: unknown } | undefined)?.on_error;
    if (onError !== 'skip') {
      if (onError === undefined) throw error;
      throw new IdahPluginError(
        error.code,
        `${error.message}. (Set the option on_error to "skip" to leave such records out and list them in the job's skipped items.)`,
        { cause: error, ...(error.details ? { details: error.details } : {}) },
      );
    }
    const reason = describeThrown(error);
    const record = placeOf(error);
    this.logger.warn(`skipped ${record ? `${record.table} "${record.id}"` : 'a record'}: ${reason}`);
    this.reportSkipped({ ...where, ...(record ? { record } : {}), reason });
  }

  /** The source's bad records no read reaches (orphans), once per export, before the first dataset. */
  async #reportIntegrity(): Promise<void> {
    for (const error of (await this.#read.source.integrityProblems?.()) ?? []) {
      const details = (error.details ?? {}) as RecordWhere;
      const where: RecordWhere = {};
      for (const key of ['dataset_id', 'entry_id', 'annotation_id'] as const) if (typeof details[key] === 'string') where[key] = details[key];
      await this.#invalidRecord(error, where);
    }
  }

  /** Fails the job with exactly `message` and stops the export (IDAH's `context.error!`). */
  error(message: string): never {
    const stop = new ExportFailureSignal(String(message), this.#plugin);
    this.#requestedStop.signal = stop;
    throw stop;
  }

  /**
   * Stops this run; the job goes back to pending and runs again after `after`
   * (milliseconds, or "30s", "5m"...). The number of runs is bounded.
   */
  reschedule({ after }: { after: number | string }): never {
    const stop = new RescheduleSignal(parseDelay(after));
    this.#requestedStop.signal = stop;
    throw stop;
  }
}
