import { createReadStream } from 'node:fs';
import { z } from 'zod';
import type { FileReporter } from '../context/file-log.ts';
import { describeThrown, type IdahPluginError, isIdahPluginError } from '../errors.ts';
import { placeOf, type RecordPlace } from '../sources/invalid-record.ts';
import type { ExportIo } from '../io/export-io.ts';
import type { Logger } from '../logger.ts';
import { TextWriter } from '../streams/text-writer.ts';

export const onErrorOption = z
  .enum(['fail', 'skip'])
  .default('fail')
  .describe('What a bad item or annotation does: "fail" the export, or "skip" it and list it in skipped.json and the log');

export type OnError = z.output<typeof onErrorOption>;

export interface SkippedItem {
  /** Absent only for a record of no dataset (an annotation whose entry the file lacks). */
  dataset_id?: string;
  /** Absent when a whole dataset was skipped. */
  entry_id?: string;
  /** Absent when the whole item (entry, image) was skipped. */
  annotation_id?: string;
  /** The bad record, when the data itself was bad: its table, id and column. */
  record?: RecordPlace;
  reason: string;
}

/** What a SkipReport needs of the export context (an ExportContext has all of it). */
export interface SkipReportContext {
  options: { on_error: OnError };
  logger: Logger;
  io: ExportIo;
  error(message: string): never;
  reportSkipped(item: SkippedItem): void;
  /** When present (an ExportContext), data files are counted and logged (`data_file`). */
  metrics?: FileReporter['metrics'];
  logFile?: FileReporter['logFile'];
  /** Where bad records the source hands out go (an ExportContext has it). */
  onInvalidRecord?(handler: (error: IdahPluginError, where: Omit<SkippedItem, 'reason'>) => Promise<void>): void;
}

/** The metrics and file-log category of label and annotation files, as Synapse names it. */
export const DATA_FILE = 'data_file';

/** Codes of errors that are about the data, not the exporter: `on_error` decides what they do. */
const DATA_PROBLEM_CODES = ['SOURCE_INVALID', 'SOURCE_READ_FAILED', 'MEDIA_REFUSED', 'RECORD_INVALID'] as const;

/** True for an error a bad record or media caused (invalid JSON, a refused or unreadable media...). */
export const isDataProblem = (thrown: unknown): boolean => DATA_PROBLEM_CODES.some((code) => isIdahPluginError(thrown, code));

/** The file a directory output lists skipped items in. */
export const SKIPPED_FILE = 'skipped.json';

/**
 * The `on_error` policy and the list of what was left out. `problem()` fails the job at the
 * first problem under "fail"; under "skip" it records and logs it. `unsupported()` records a
 * shape the format cannot hold, whatever the policy. Items go to a scratch file as they come,
 * so memory stays flat however many there are.
 */
export class SkipReport {
  readonly #context: SkipReportContext;
  #scratch: TextWriter | undefined;
  #items = 0;
  #annotations = 0;
  /** Problems of the entry being converted, for its data file's log line. */
  #entryProblems: { entry_id: string; count: number; first: string } | undefined;

  constructor(context: SkipReportContext) {
    this.#context = context;
    // Bad records (invalid JSON, dangling references, duplicate ids) follow the same policy and list.
    context.onInvalidRecord?.((error, where) => {
      const record = placeOf(error);
      return this.problem({ ...where, ...(record ? { record } : {}), reason: describeThrown(error) });
    });
  }

  get policy(): OnError {
    return this.#context.options.on_error;
  }

  /** Everything skipped so far. */
  get count(): number {
    return this.#items + this.#annotations;
  }

  get skippedAnnotations(): number {
    return this.#annotations;
  }

  get skippedItems(): number {
    return this.#items;
  }

  /** A bad item or annotation: fails the export under "fail" (never returns), else skips and reports it. */
  async problem(item: SkippedItem): Promise<void> {
    if (this.policy === 'fail') {
      this.#context.error(`${describeItem(item)}: ${item.reason}. (Set the option on_error to "skip" to leave such items out and list them in ${SKIPPED_FILE}.)`);
    }
    await this.#record(item);
    await this.#noteProblem(item);
  }

  /**
   * Like problem(), for an error thrown while reading the item: bad data (see isDataProblem)
   * becomes a problem; anything else is rethrown, as a bug or a stop is not data.
   */
  async problemFrom(thrown: unknown, item: Omit<SkippedItem, 'reason'>): Promise<void> {
    if (!isDataProblem(thrown)) throw thrown;
    await this.problem({ ...item, reason: describeThrown(thrown) });
  }

  /** Something the format cannot represent: always skipped and reported, never an error. */
  async unsupported(item: SkippedItem): Promise<void> {
    await this.#record(item);
  }

  /**
   * Logs the entry's data file (a label or annotation file, `file` its path in the output) under
   * `data_file`: failed when annotations of the entry were left out for a problem, success otherwise.
   */
  async logDataFile(entry: { record: { id: string } }, file: string | null): Promise<void> {
    const problems = this.#entryProblems?.entry_id === entry.record.id ? this.#entryProblems : undefined;
    this.#entryProblems = undefined;
    if (!problems) return this.#logData({ id: entry.record.id, file, status: 'success' });
    const error = `${plural(problems.count, 'annotation')} left out: ${problems.first}`;
    return this.#logData({ id: entry.record.id, file, status: 'failed', error });
  }

  async #noteProblem(item: SkippedItem): Promise<void> {
    // A record of no entry (an orphan of the source) has no data file to mark.
    if (item.entry_id === undefined) return;
    // A whole item left out: its data file is not written at all.
    if (item.annotation_id === undefined) return this.#logData({ id: item.entry_id, file: null, status: 'failed', error: item.reason });
    if (this.#entryProblems?.entry_id === item.entry_id) this.#entryProblems.count += 1;
    else this.#entryProblems = { entry_id: item.entry_id, count: 1, first: item.reason };
  }

  async #logData(entry: { id: string; file: string | null; status: 'success' | 'failed'; error?: string }): Promise<void> {
    const counter = this.#context.metrics?.(DATA_FILE);
    if (entry.status === 'success') counter?.markSuccess();
    else counter?.markFailed();
    await this.#context.logFile?.({ ...entry, category: DATA_FILE });
  }

  async #record(item: SkippedItem): Promise<void> {
    if (item.annotation_id === undefined) this.#items += 1;
    else this.#annotations += 1;
    this.#context.logger.warn(`skipped ${describeItem(item)}: ${item.reason}`);
    this.#context.reportSkipped(item);
    this.#scratch ??= TextWriter.open(this.#context.io.tempPath('skipped.jsonl'));
    const { dataset_id, entry_id, annotation_id, record, reason } = item;
    const line = JSON.stringify({ dataset_id, entry_id, annotation_id, record, reason });
    await this.#scratch.write(`${this.count === 1 ? '[\n' : ',\n'}${line}`);
  }

  /**
   * Writes the list as a JSON array into the output directory (when anything was skipped) and
   * logs a summary. Returns the file's path, or undefined when nothing was skipped.
   */
  async writeInto(relativePath = SKIPPED_FILE): Promise<string | undefined> {
    this.logSummary(relativePath);
    if (!this.#scratch) return undefined;
    await this.#scratch.write('\n]\n');
    await this.#scratch.close();
    return this.#context.io.writeFile(relativePath, createReadStream(this.#scratch.path));
  }

  /** One line in the log: how many items and annotations were left out, and where they are listed. */
  logSummary(listedIn = SKIPPED_FILE): void {
    if (this.count === 0) return;
    this.#context.logger.warn(
      `skipped ${plural(this.#items, 'item')} and ${plural(this.#annotations, 'annotation')} in all; each is listed in ${listedIn}`,
    );
  }
}

function describeItem(item: Omit<SkippedItem, 'reason'>): string {
  const dataset = item.dataset_id === undefined ? 'no dataset' : `dataset "${item.dataset_id}"`;
  const entry = item.entry_id === undefined ? dataset : `entry "${item.entry_id}" of ${dataset}`;
  const described = item.annotation_id === undefined ? entry : `annotation "${item.annotation_id}" of ${entry}`;
  return item.record && item.record.table !== 'annotations' && item.record.table !== 'entries' && item.record.table !== 'datasets'
    ? `${item.record.table} "${item.record.id}" of ${described}`
    : described;
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
