import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { IdahPluginError } from '../errors.ts';
import { addDirectoryTree, type ZipDirectoryOptions } from './zip.ts';
import { ZipWriter } from './zip/zip-writer.ts';

/** What io.writeEntry() accepts: data in memory, or chunks streamed in (never collected). */
export type EntryData = string | Uint8Array | Readable | AsyncIterable<Uint8Array>;

/**
 * The output zip while the export still runs: entries the exporter generates (label files,
 * XML) go straight into it, in the order written, without touching the file system. When the
 * directory is zipped, the files the exporter wrote to the directory follow them and the zip
 * gets its final name. It lives in the io area's zip folder under a hidden name until then.
 */
export class PendingZip {
  readonly #folder: string;
  readonly #plugin: string | undefined;
  #writer: Promise<ZipWriter> | undefined;
  #lost: unknown;

  constructor(zipFolder: string, plugin: string | undefined) {
    this.#folder = zipFolder;
    this.#plugin = plugin;
  }

  /** Whether any entry was started. */
  get started(): boolean {
    return this.#writer !== undefined;
  }

  async add(name: string, data: EntryData, date: Date): Promise<void> {
    this.#throwIfLost();
    const writer = await this.#open();
    if (typeof data === 'string' || data instanceof Uint8Array) {
      const waiting = writer.addBytes(name, data, { date });
      if (waiting) await waiting;
      return;
    }
    if (!isAsyncIterable(data)) {
      throw new IdahPluginError('IO_MISUSE', `io.writeEntry() expected a string, a Uint8Array/Buffer, a Readable or an async iterable, got ${describe(data)}`, {
        plugin: this.#plugin,
      });
    }
    await writer.addStream(name, data, { date });
  }

  /**
   * Adds the directory's files after the generated entries, closes the zip and renames it to
   * `zipPath`. Without generated entries the zip is written at `zipPath` directly. A failure
   * removes the partial zip; the generated entries are then lost, and a later call says so.
   */
  async finishInto(zipPath: string, directory: string, options: ZipDirectoryOptions): Promise<void> {
    this.#throwIfLost();
    const building = this.#writer !== undefined;
    const writer = await (this.#writer ?? ZipWriter.create(zipPath, this.#plugin === undefined ? {} : { plugin: this.#plugin }));
    try {
      await addDirectoryTree(writer, directory, options);
      await writer.finish();
      if (building) await rename(writer.path, zipPath);
    } catch (error) {
      await writer.abort();
      await rm(building ? writer.path : zipPath, { force: true });
      if (building) this.#lost = error;
      throw error;
    } finally {
      this.#writer = undefined;
    }
  }

  /** Removes a zip that was never finished (idempotent). */
  async abort(): Promise<void> {
    const writer = this.#writer;
    this.#writer = undefined;
    if (writer) await (await writer.catch(() => undefined))?.abort();
  }

  #open(): Promise<ZipWriter> {
    this.#writer ??= (async () => {
      await mkdir(this.#folder, { recursive: true });
      const path = join(this.#folder, `.pending-${process.pid}-${randomBytes(4).toString('hex')}.zip`);
      return ZipWriter.create(path, this.#plugin === undefined ? {} : { plugin: this.#plugin });
    })();
    return this.#writer;
  }

  #throwIfLost(): void {
    if (this.#lost === undefined) return;
    throw new IdahPluginError('IO_MISUSE', `the output zip failed earlier and the entries written with io.writeEntry() went with it: ${(this.#lost as Error).message ?? String(this.#lost)}`, {
      plugin: this.#plugin,
    });
  }
}

function isAsyncIterable(value: unknown): value is AsyncIterable<Uint8Array> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const name = (value as object).constructor?.name;
  return name && name !== 'Object' ? `a ${name}` : 'a plain object';
}
