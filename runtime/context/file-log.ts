import { createReadStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { IdahPluginError } from '../errors.ts';
import { TextWriter } from '../streams/text-writer.ts';

export type FileStatus = 'success' | 'failed' | 'stand_by';
const FILE_STATUSES: readonly FileStatus[] = ['success', 'failed', 'stand_by'];

/** What `context.logFile()` takes. */
export interface FileLogInput {
  /** The item the file belongs to (an entry id, say). */
  id?: string | number | null;
  /** The file: its path in the output, or its source name. */
  file?: string | null;
  status: FileStatus;
  /** Why it failed (an Error gives its message). */
  error?: string | Error | null;
  /** e.g. `original_file`, `data_file`; default the running step's name, else `file`. */
  category?: string;
}

/** One line of a job's file log (plain JSON; an NDJSON line of the spill file). */
export interface FileLogEntry {
  /** 1, 2, 3... within the run. */
  seq: number;
  time: string;
  category: string;
  id: string | null;
  file: string | null;
  status: FileStatus;
  error: string | null;
}

/** The job record's `file_log`: counts, the first entries, and where the whole log was kept. */
export interface FileLogSummary {
  total: number;
  failed: number;
  /** The first MAX_FILE_LOG_IN_RECORD entries; the rest are in events and the spill file. */
  entries: FileLogEntry[];
  /** The complete log as NDJSON beside the output, when the run was asked to keep it; else null. */
  path: string | null;
}

export const MAX_FILE_LOG_IN_RECORD = 100;
/** The file a directory output lists its failed files in, as Synapse names it. */
export const ERROR_FILE_LIST = 'error_file_list.json';

export const emptyFileLog = (): FileLogSummary => ({ total: 0, failed: 0, entries: [], path: null });

export interface FileLogOptions {
  /** Where every entry is appended as NDJSON (the job's work area). */
  spillPath: string;
  /** Where failed entries are kept for error_file_list.json. */
  failedPath: string;
  /** Receives entries in batches: at most `batchSize`, at most once per `intervalMs` unless a batch is full. */
  report: (entries: FileLogEntry[]) => void;
  defaultCategory: () => string;
  intervalMs?: number;
  batchSize?: number;
}

/**
 * A job's per-file log. Memory stays bounded: the record keeps the first entries, events carry
 * them in batches, and every entry goes to an NDJSON file on disk (failed ones to a second one).
 */
export class FileLog {
  readonly #options: FileLogOptions;
  readonly #summary = emptyFileLog();
  #batch: FileLogEntry[] = [];
  #timer: NodeJS.Timeout | undefined;
  #spill: TextWriter | undefined;
  #failedSpill: TextWriter | undefined;
  #closed = false;

  constructor(options: FileLogOptions) {
    this.#options = options;
  }

  get summary(): FileLogSummary {
    return { ...this.#summary, entries: [...this.#summary.entries] };
  }

  get spillPath(): string {
    return this.#options.spillPath;
  }

  async append(input: FileLogInput): Promise<void> {
    if (this.#closed) throw misuse('context.logFile() was called after the export ended');
    const entry = this.#entryOf(input);
    this.#summary.total += 1;
    if (entry.status === 'failed') this.#summary.failed += 1;
    if (this.#summary.entries.length < MAX_FILE_LOG_IN_RECORD) this.#summary.entries.push(entry);
    this.#batch.push(entry);
    if (this.#batch.length >= (this.#options.batchSize ?? 100)) this.flush();
    else this.#timer ??= setTimeout(() => this.flush(), this.#options.intervalMs ?? 250).unref();
    const line = `${JSON.stringify(entry)}\n`;
    this.#spill ??= openWriter(this.#options.spillPath);
    await this.#spill.write(line);
    if (entry.status === 'failed') {
      this.#failedSpill ??= openWriter(this.#options.failedPath, this.#summary.failed > 1);
      await this.#failedSpill.write(line);
    }
  }

  /** Reports the waiting batch now. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#batch.length === 0) return;
    const batch = this.#batch;
    this.#batch = [];
    this.#options.report(batch);
  }

  /** Flushes and closes the files; later appends are refused. */
  async close(): Promise<void> {
    this.flush();
    this.#closed = true;
    await this.#spill?.close();
    await this.#failedSpill?.close();
  }

  /**
   * The failed entries as a JSON array (`[{ id, category, file, error }]`), streamed from disk;
   * undefined when nothing failed. No times or sequence numbers, so reproducible outputs stay so.
   */
  async *errorFileList(): AsyncGenerator<string> {
    if (this.#summary.failed === 0) return;
    // Everything written so far must be on disk before it is read back; later failures append.
    const writer = this.#failedSpill;
    this.#failedSpill = undefined;
    await writer?.close();
    let first = true;
    let rest = '';
    for await (const chunk of createReadStream(this.#options.failedPath, { encoding: 'utf8' })) {
      const lines = (rest + (chunk as string)).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines.filter(Boolean)) {
        const { id, category, file, error } = JSON.parse(line) as FileLogEntry;
        yield `${first ? '[\n' : ',\n'}${JSON.stringify({ id, category, file, error })}`;
        first = false;
      }
    }
    if (!first) yield '\n]\n';
  }

  #entryOf(input: FileLogInput): FileLogEntry {
    if (typeof input !== 'object' || input === null) throw misuse(`context.logFile(): expected { id, file, status, error }, got ${String(input)}`);
    const { id, file, status, error, category } = input;
    if (!FILE_STATUSES.includes(status)) {
      throw misuse(`context.logFile(): status expected "success", "failed" or "stand_by", got ${JSON.stringify(status) ?? String(status)}`);
    }
    const categoryText = text(category, 'category');
    return {
      seq: this.#summary.total + 1,
      time: isoNow(),
      category: categoryText && categoryText.trim() !== '' ? categoryText : this.#options.defaultCategory(),
      id: text(id, 'id'),
      file: text(file, 'file'),
      status,
      error: error instanceof Error ? error.message : text(error, 'error'),
    };
  }
}

let lastMs = -1;
let lastIso = '';
/** The time now as ISO 8601, formatted once per millisecond: toISOString cost more than the rest of a log line. */
function isoNow(): string {
  const now = Date.now();
  if (now !== lastMs) {
    lastMs = now;
    lastIso = new Date(now).toISOString();
  }
  return lastIso;
}

/** A logFile() field as text, or null; a module function, not a closure made per call (one runs per file logged). */
function text(value: unknown, name: string): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string') return value;
  if (name === 'id' && typeof value === 'number') return String(value);
  throw misuse(`context.logFile(): ${name} expected a string${name === 'id' ? ' or a number' : ''} or nothing, got ${typeof value}`);
}

function openWriter(path: string, append = false): TextWriter {
  mkdirSync(dirname(path), { recursive: true });
  return TextWriter.open(path, { append });
}

const misuse = (message: string) => new IdahPluginError('IO_MISUSE', message);

/** What shared helpers need to report files (an ExportContext has it). */
export interface FileReporter {
  metrics(category: string): { increment(name: 'standBy' | 'success' | 'failed', by?: number): unknown; markSuccess(count?: number): unknown; markFailed(count?: number): unknown };
  logFile(entry: FileLogInput): Promise<void>;
}
