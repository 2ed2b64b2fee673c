import { mkdirSync, writeFileSync } from 'node:fs';
import { copyFile, mkdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve as resolvePath, sep } from 'node:path';
import { IdahPluginError } from '../errors.ts';
import { containsAnyFile } from './directory-tree.ts';
import { formatOf } from './file-name.ts';
import { type FileOptions, planOutputFile } from './file-request.ts';
import { type IoArea, ioAreaAt } from './io-area.ts';
import { mimeTypeFor } from './mime.ts';
import { defaultOutputName } from './output-name.ts';
import { checkPlainName, checkRelativePath } from './path-rules.ts';
import { type EntryData, PendingZip } from './pending-zip.ts';
import { safeJoin } from './safe-join.ts';
import { type WritableData, writeDataToFile } from './write-data.ts';

export interface IoContextOptions {
  /** A fresh, empty directory owned by this job (the io area); the caller creates it. */
  workDir: string;
  /** e.g. "coco-export": used for default output names. */
  exporterSlug: string;
  /** The time used in default names (the job's start). */
  now: Date;
  /** Plugin name, put on errors. */
  plugin?: string;
  /** Runs just before the directory is zipped (the host adds error_file_list.json there). */
  beforeZip?: (directory: string) => Promise<void>;
}

export interface OutputFile {
  path: string;
  name: string;
  format: string;
}

export interface StagedOutput {
  path: string;
  filename: string;
  mime_type: string;
  size: number;
}

export type IoMode = 'file' | 'directory';

/**
 * Where an exporter writes its output. Two exclusive modes as in IDAH: one file, or one
 * directory that is zipped (by the exporter or, afterwards, by the host). Unlike IDAH: outputs
 * get readable names, zipping twice is harmless, cleanup() never touches the output, dotfiles
 * are zipped, and writing nothing at all is a valid outcome.
 */
export class IoContext {
  readonly #area: IoArea;
  readonly #exporterSlug: string;
  readonly #now: Date;
  readonly #plugin: string | undefined;
  readonly #beforeZip: ((directory: string) => Promise<void>) | undefined;
  #mode: IoMode | undefined;
  #outputFile: OutputFile | undefined;
  #zip: { name: string; path: Promise<string> } | undefined;
  readonly #pendingZip: PendingZip;
  #scratchCount = 0;
  #disposed = false;

  constructor(options: IoContextOptions) {
    if (!(options.now instanceof Date) || Number.isNaN(options.now.getTime())) {
      throw new TypeError(`IoContext expected options.now to be a valid Date, got ${String(options.now)}`);
    }
    this.#area = ioAreaAt(resolvePath(options.workDir));
    this.#exporterSlug = options.exporterSlug;
    this.#now = options.now;
    this.#plugin = options.plugin;
    this.#beforeZip = options.beforeZip;
    this.#pendingZip = new PendingZip(this.#area.zipFolder, this.#plugin);
  }

  get mode(): IoMode | undefined {
    return this.#mode;
  }

  /** File mode. Creates (empty) and returns the one output file; later calls return the same file. */
  file(options: FileOptions = {}): OutputFile {
    this.#claim('file', 'file()');
    const planned = planOutputFile(options, { exporterSlug: this.#exporterSlug, now: this.#now }, this.#plugin);
    const current = this.#outputFile;
    if (current) {
      if (planned && (planned.name !== current.name || planned.format !== current.format)) {
        const asked = options.name !== undefined ? `the name "${planned.name}"` : `the format "${planned.format}"`;
        throw this.#misuse(`io.file() already made "${current.name}" (format "${current.format}"); a later call asked for ${asked}. Call io.file() with the same options, or with none`);
      }
      return { ...current };
    }
    if (!planned) {
      throw this.#misuse('io.file() expected a format (e.g. { format: "json" }) or a name with an extension, got neither');
    }
    mkdirSync(this.#area.fileFolder, { recursive: true });
    const path = join(this.#area.fileFolder, planned.name);
    writeFileSync(path, '');
    this.#outputFile = { path, name: planned.name, format: planned.format };
    return { ...this.#outputFile };
  }

  /** File mode. Makes an existing file the output (IDAH's `io.file = f`): renamed when inside the io area, copied otherwise. */
  async useFile(path: string, options: { name?: string } = {}): Promise<OutputFile> {
    this.#claim('file', 'useFile()');
    if (typeof path !== 'string' || path === '' || path.includes('\0')) {
      throw new IdahPluginError('IO_PATH_INVALID', `io.useFile() expected the path of an existing file, got ${JSON.stringify(path) ?? String(path)}`, { plugin: this.#plugin });
    }
    const source = resolvePath(path);
    const sourceStats = await stat(source).catch(() => undefined);
    if (!sourceStats?.isFile()) {
      throw this.#misuse(`io.useFile() expected the path of an existing file, got ${source}, which ${sourceStats ? 'is not a regular file' : 'does not exist'}`);
    }
    const name =
      options.name === undefined
        ? defaultOutputName(this.#exporterSlug, this.#now, formatOf(source) || undefined)
        : checkPlainName(options.name, 'io.useFile()', this.#plugin);
    const target = join(this.#area.fileFolder, name);
    const previous = this.#outputFile;
    await mkdir(this.#area.fileFolder, { recursive: true });
    if (source !== target) {
      if (await this.#isInsideArea(source)) await rename(source, target);
      else await copyFile(source, target);
    }
    if (previous && previous.path !== target && previous.path !== source) await rm(previous.path, { force: true });
    this.#outputFile = { path: target, name, format: formatOf(name) };
    return { ...this.#outputFile };
  }

  /** Directory mode: the one output directory (created on first use). */
  get directory(): string {
    this.#claim('directory', 'directory');
    mkdirSync(this.#area.outputDirectory, { recursive: true });
    return this.#area.outputDirectory;
  }

  /** A safe absolute path inside the directory for a relative path (parents created); directory mode. */
  resolve(relativePath: string): string {
    return this.#resolveForWriting(relativePath, 'io.resolve()');
  }

  /** Writes data to a relative path inside the directory, streaming; returns the absolute path. */
  async writeFile(relativePath: string, data: WritableData): Promise<string> {
    const target = this.#resolveForWriting(relativePath, 'io.writeFile()');
    await writeDataToFile(target, data, this.#plugin);
    return target;
  }

  /**
   * Directory mode: puts a generated file (a label file, an XML annotation) straight into the
   * output zip, never onto the file system: the fastest way to write many small files. Entries
   * come first in the zip, in the order written; the directory's files follow when it is zipped.
   * `date` stamps the entry (default: the job's start; pass a fixed one for reproducible outputs).
   * A path must not be written twice, here or in the directory: the zip refuses it at the end.
   */
  async writeEntry(relativePath: string, data: EntryData, options: { date?: Date } = {}): Promise<void> {
    this.#claim('directory', 'writeEntry()');
    if (this.#zip) {
      throw this.#misuse(`io.writeEntry() cannot add entries after io.zipDirectory() made "${this.#zip.name}"; write every file before zipping`);
    }
    const name = checkRelativePath(relativePath, 'io.writeEntry()', this.#plugin);
    await this.#pendingZip.add(name, data, options.date ?? this.#now);
  }

  /**
   * Zips the directory now and returns the zip's path. Later calls return the same zip.
   * `fixedDate` stamps every file of the directory with that time, so the same files give the
   * same bytes (entries from writeEntry() carry the date they were written with).
   */
  async zipDirectory(options: { name?: string; fixedDate?: Date; signal?: AbortSignal } = {}): Promise<string> {
    const directory = this.directory;
    const asked = options.name === undefined ? undefined : withZipExtension(checkPlainName(options.name, 'io.zipDirectory()', this.#plugin));
    if (this.#zip) {
      if (asked !== undefined && asked !== this.#zip.name) {
        throw this.#misuse(`io.zipDirectory() already made "${this.#zip.name}"; a later call asked for the name "${asked}". Call it with the same name, or with none`);
      }
      return this.#zip.path;
    }
    const name = asked ?? defaultOutputName(this.#exporterSlug, this.#now, 'zip');
    const zipPath = join(this.#area.zipFolder, name);
    const made = (async () => {
      await mkdir(this.#area.zipFolder, { recursive: true });
      await this.#beforeZip?.(directory);
      await this.#pendingZip.finishInto(zipPath, directory, { plugin: this.#plugin, fixedDate: options.fixedDate, signal: options.signal });
      return zipPath;
    })();
    const zip = { name, path: made };
    this.#zip = zip;
    // A zip that failed may be tried again.
    made.catch(() => {
      if (this.#zip === zip) this.#zip = undefined;
    });
    return made;
  }

  /** A path for a scratch file outside the output, removed by cleanup(). */
  tempPath(name?: string): string {
    this.#refuseAfterDispose('tempPath()');
    const safeName = name === undefined ? 'scratch' : checkPlainName(name, 'io.tempPath()', this.#plugin);
    this.#scratchCount += 1;
    const folder = join(this.#area.scratchFolder, String(this.#scratchCount));
    mkdirSync(folder, { recursive: true });
    return join(folder, safeName);
  }

  /** Removes scratch files only; never the output. */
  async cleanup(): Promise<void> {
    await rm(this.#area.scratchFolder, { recursive: true, force: true });
  }

  /**
   * Host side, after export() returned: zips a directory the exporter left unzipped and returns
   * the staged output, or undefined when the exporter wrote nothing.
   */
  async finalize(signal?: AbortSignal): Promise<StagedOutput | undefined> {
    if (this.#mode === 'file') {
      return this.#outputFile ? this.#stage(this.#outputFile.path, this.#outputFile.name) : undefined;
    }
    if (this.#mode === 'directory') {
      if (!this.#zip && !this.#pendingZip.started && !(await containsAnyFile(this.#area.outputDirectory).catch(() => false))) return undefined;
      const zipPath = await this.zipDirectory(signal ? { signal } : {});
      return this.#stage(zipPath, basename(zipPath));
    }
    return undefined;
  }

  /** Host side: removes the whole io area. Safe to call twice. */
  async dispose(): Promise<void> {
    this.#disposed = true;
    await this.#pendingZip.abort().catch(() => undefined);
    await rm(this.#area.root, { recursive: true, force: true });
  }

  #claim(mode: IoMode, what: string): void {
    this.#refuseAfterDispose(what);
    if (this.#mode !== undefined && this.#mode !== mode) {
      throw new IdahPluginError(
        'IO_MODE_CONFLICT',
        `io is already in ${this.#mode} mode; \`${what}\` cannot be used in the same export`,
        { plugin: this.#plugin },
      );
    }
    this.#mode = mode;
  }

  #resolveForWriting(relativePath: string, what: string): string {
    const directory = this.directory;
    if (this.#zip) {
      throw this.#misuse(`${what} cannot add files after io.zipDirectory() made "${this.#zip.name}"; write every file before zipping`);
    }
    const target = safeJoin(directory, relativePath, what, this.#plugin);
    mkdirSync(dirname(target), { recursive: true });
    return target;
  }

  async #stage(path: string, filename: string): Promise<StagedOutput> {
    const stats = await stat(path).catch(() => undefined);
    if (!stats?.isFile()) {
      throw this.#misuse(`expected the output "${filename}" at ${path} when export() returned, but it is gone; do not delete the output`);
    }
    return { path, filename, mime_type: mimeTypeFor(filename), size: stats.size };
  }

  async #isInsideArea(path: string): Promise<boolean> {
    // Real paths, so a symlinked temp root (/tmp -> /private/tmp) still compares equal.
    const root = await realpath(this.#area.root).catch(() => this.#area.root);
    const parent = await realpath(dirname(path)).catch(() => dirname(path));
    const fromRoot = relative(root, join(parent, basename(path)));
    return fromRoot !== '' && fromRoot !== '..' && !fromRoot.startsWith(`..${sep}`) && !isAbsolute(fromRoot);
  }

  #refuseAfterDispose(what: string): void {
    if (this.#disposed) throw this.#misuse(`\`${what}\` was used after the export ended and its io area was removed`);
  }

  #misuse(message: string): IdahPluginError {
    return new IdahPluginError('IO_MISUSE', message, { plugin: this.#plugin });
  }
}

function withZipExtension(name: string): string {
  return name.toLowerCase().endsWith('.zip') ? name : `${name}.zip`;
}
