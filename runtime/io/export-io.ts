import type { FileOptions } from './file-request.ts';
import type { IoContext, IoMode, OutputFile } from './io-context.ts';
import type { EntryData } from './pending-zip.ts';
import type { WritableData } from './write-data.ts';

/** `context.io`: where an exporter writes its output (the author's methods, nothing of the host's). */
export interface ExportIo {
  /** `'file'` or `'directory'` once the exporter chose; undefined before. */
  readonly mode: IoMode | undefined;
  /** File mode. Creates (empty) and returns the one output file; later calls return the same file. */
  file(options?: FileOptions): OutputFile;
  /** File mode. Makes an existing file the output (IDAH's `io.file = f`): renamed when inside the io area, copied otherwise. */
  useFile(path: string, options?: { name?: string }): Promise<OutputFile>;
  /** Directory mode: the one output directory (created on first use). */
  readonly directory: string;
  /** A safe absolute path inside the directory for a relative path (parents created); directory mode. */
  resolve(relativePath: string): string;
  /** Writes data to a relative path inside the directory, streaming; returns the absolute path. */
  writeFile(relativePath: string, data: WritableData): Promise<string>;
  /**
   * Directory mode: adds a generated file straight to the output zip (no file on disk); entries
   * go first, in the order written, the directory's files follow at zip time.
   */
  writeEntry(relativePath: string, data: EntryData, options?: { date?: Date }): Promise<void>;
  /**
   * Zips the directory now and returns the zip's path. Later calls return the same zip.
   * `fixedDate` stamps every entry with that time, so the same files give the same bytes.
   */
  zipDirectory(options?: { name?: string; fixedDate?: Date; signal?: AbortSignal }): Promise<string>;
  /** A path for a scratch file outside the output, removed by cleanup(). */
  tempPath(name?: string): string;
  /** Removes scratch files only; never the output. */
  cleanup(): Promise<void>;
}

/**
 * The object an exporter gets as `context.io`. The job's IoContext stays with the host, so what
 * only the host may do after `export()` returned (stage the output, remove the io area) is not
 * reachable from a plugin, by type or at run time.
 */
export class ExportIoView implements ExportIo {
  readonly #io: IoContext;

  constructor(io: IoContext) {
    this.#io = io;
  }

  get mode(): IoMode | undefined {
    return this.#io.mode;
  }

  file(options: FileOptions = {}): OutputFile {
    return this.#io.file(options);
  }

  useFile(path: string, options: { name?: string } = {}): Promise<OutputFile> {
    return this.#io.useFile(path, options);
  }

  get directory(): string {
    return this.#io.directory;
  }

  resolve(relativePath: string): string {
    return this.#io.resolve(relativePath);
  }

  writeFile(relativePath: string, data: WritableData): Promise<string> {
    return this.#io.writeFile(relativePath, data);
  }

  writeEntry(relativePath: string, data: EntryData, options: { date?: Date } = {}): Promise<void> {
    return this.#io.writeEntry(relativePath, data, options);
  }

  zipDirectory(options: { name?: string; fixedDate?: Date; signal?: AbortSignal } = {}): Promise<string> {
    return this.#io.zipDirectory(options);
  }

  tempPath(name?: string): string {
    return this.#io.tempPath(name);
  }

  cleanup(): Promise<void> {
    return this.#io.cleanup();
  }
}
