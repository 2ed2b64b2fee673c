import { constants, closeSync, createReadStream, fstatSync, lstatSync, openSync, opendirSync, readSync, type Stats } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { IdahPluginError } from '../errors.ts';
import { SMALL_FILE_BYTES } from './zip-entry-source.ts';
import { SortedNames } from './zip/sorted-names.ts';
import { ZipWriter } from './zip/zip-writer.ts';

export interface ZipDirectoryOptions {
  /** Stamp every entry with this time instead of the file's mtime: same tree -> same bytes. */
  fixedDate?: Date;
  /** Plugin name for errors. */
  plugin?: string;
  /** Aborting it stops the zip between entries and removes the partial zip. */
  signal?: AbortSignal;
}

export interface ZipResult {
  path: string;
  entryCount: number;
  size: number;
}

/** Entries between two turns of the event loop (and two looks at the abort signal). */
const ENTRIES_PER_TURN = 256;
/** Opened without following a link and without blocking on a named pipe: what is found is checked, never followed. */
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/**
 * Zips everything under `directory` (dotfiles and empty folders included) into a new file at
 * `zipPath`, which must not exist yet and must lie outside `directory`.
 * Entries are in sorted order, named with `/` relative to the directory. Modes are fixed
 * (0644 files, 0755 folders) so the umask does not change the bytes. ZIP64 switches on by
 * itself (ZipWriter). Resolves once the zip is closed; on failure the partial zip is removed.
 */
export async function zipDirectory(directory: string, zipPath: string, options: ZipDirectoryOptions = {}): Promise<ZipResult> {
  const writer = await ZipWriter.create(zipPath, options.plugin === undefined ? {} : { plugin: options.plugin });
  try {
    await addDirectoryTree(writer, directory, options);
    const { entryCount } = await writer.finish();
    return { path: zipPath, entryCount, size: (await stat(zipPath)).size };
  } catch (error) {
    await writer.abort();
    await rm(zipPath, { force: true });
    throw error;
  }
}

/**
 * Adds every regular file and empty folder under `root` to `writer`. Each folder is read on
 * its own and its names sorted, folders as `name/`: the order of the full `/` paths, without
 * ever listing the whole tree, and a large folder's names sorted through a scratch file beside
 * the zip (SortedNames), so memory stays flat in the number of files. Small files are read whole, synchronously, into one reused
 * buffer (for tiny files the thread-pool round trip of async fs costs several times the read);
 * larger ones stream. Symbolic links and special files are refused, never followed.
 */
export async function addDirectoryTree(writer: ZipWriter, root: string, options: ZipDirectoryOptions = {}): Promise<number> {
  const walk = new TreeWalk(writer, root, options);
  return walk.folder('');
}

class TreeWalk {
  readonly #writer: ZipWriter;
  readonly #root: string;
  readonly #options: ZipDirectoryOptions;
  readonly #scratch = Buffer.allocUnsafe(SMALL_FILE_BYTES + 1);
  /** Scratch files for large folders' names: one per folder depth open at once. */
  readonly #spillPrefix: string;
  #depth = 0;
  #sinceTurn = 0;

  constructor(writer: ZipWriter, root: string, options: ZipDirectoryOptions) {
    this.#writer = writer;
    this.#root = root;
    this.#options = options;
    this.#spillPrefix = join(dirname(writer.path), `.${basename(writer.path)}.${process.pid}-${randomBytes(4).toString('hex')}.names`);
  }

  /** Adds the folder's content; returns the number of entries added. */
  async folder(prefix: string): Promise<number> {
    const names = this.#sortedKeys(prefix);
    this.#depth += 1;
    try {
      return await this.#folderEntries(prefix, names);
    } finally {
      this.#depth -= 1;
      names.dispose();
    }
  }

  async #folderEntries(prefix: string, names: SortedNames): Promise<number> {
    let added = 0;
    for (const key of names.sorted()) {
      if (++this.#sinceTurn >= ENTRIES_PER_TURN) {
        this.#sinceTurn = 0;
        await nextTurn();
        this.#options.signal?.throwIfAborted();
      }
      const isFolder = key.endsWith('/');
      const relativePath = `${prefix}${isFolder ? key.slice(0, -1) : key}`;
      if (!isFolder) {
        await this.#file(relativePath);
        added += 1;
        continue;
      }
      const inside = await this.folder(`${relativePath}/`);
      if (inside === 0) {
        const stats = this.#lstat(relativePath);
        await this.#writer.addDirectory(relativePath, { date: this.#options.fixedDate ?? stats.mtime });
        added += 1;
      } else added += inside;
    }
    return added;
  }

  /** Names in the folder, folders ending with `/`, sorted by UTF-16 code units; anything else refused. */
  #sortedKeys(prefix: string): SortedNames {
    const keys = new SortedNames(`${this.#spillPrefix}-${this.#depth}`);
    const folder = opendirSync(prefix === '' ? this.#root : join(this.#root, prefix));
    try {
      for (let dirent = folder.readSync(); dirent !== null; dirent = folder.readSync()) {
        if (dirent.isFile()) keys.add(dirent.name);
        else if (dirent.isDirectory()) keys.add(`${dirent.name}/`);
        else throw this.#notRegular(dirent.isSymbolicLink() ? 'a symbolic link' : dirent.isFIFO() ? 'a named pipe' : dirent.isSocket() ? 'a socket' : 'a device file', `${prefix}${dirent.name}`);
      }
    } catch (error) {
      keys.dispose();
      throw error;
    } finally {
      folder.closeSync();
    }
    return keys;
  }

  async #file(relativePath: string): Promise<void> {
    const absolutePath = join(this.#root, relativePath);
    let fd: number;
    try {
      fd = openSync(absolutePath, OPEN_FLAGS);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ELOOP') throw this.#notRegular('a symbolic link', relativePath);
      throw error;
    }
    let streaming = false;
    try {
      const stats = fstatSync(fd);
      if (!stats.isFile()) throw this.#notRegular('a special file', relativePath);
      const date = this.#options.fixedDate ?? stats.mtime;
      if (stats.size <= SMALL_FILE_BYTES) {
        const length = this.#readWhole(fd);
        if (length <= SMALL_FILE_BYTES) {
          const waiting = this.#writer.addBytes(relativePath, this.#scratch.subarray(0, length), { date });
          if (waiting) await waiting;
          return;
        }
      }
      // Streamed from the start of the file (it may have grown since it was looked at).
      streaming = true;
      const source = createReadStream('', { fd, start: 0, highWaterMark: 1024 * 1024 });
      await this.#writer.addStream(relativePath, source, { date, size: stats.size }).finally(() => source.destroy());
    } finally {
      if (!streaming) closeSync(fd);
    }
  }

  /** Reads up to the scratch buffer's size; more than SMALL_FILE_BYTES means "stream it". */
  #readWhole(fd: number): number {
    let length = 0;
    for (;;) {
      const read = readSync(fd, this.#scratch, length, this.#scratch.length - length, null);
      if (read === 0 || length + read >= this.#scratch.length) return length + read;
      length += read;
    }
  }

  #lstat(relativePath: string): Stats {
    return lstatSync(join(this.#root, relativePath));
  }

  #notRegular(kind: string, relativePath: string): IdahPluginError {
    return new IdahPluginError('IO_MISUSE', `expected only regular files and directories in the output directory, got ${kind} at ${relativePath}`, {
      plugin: this.#options.plugin,
    });
  }
}
