import { randomBytes } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { IdahPluginError } from '../../errors.ts';
import { shouldDeflate } from '../zip-entry-source.ts';
import { CentralDirectory } from './central-directory.ts';
import { deflateRawInBlocks } from './block-deflate.ts';
import { crc32 } from './crc32.ts';
import { dosDateTime } from './dos-time.ts';
import { EntryNameHashes, hashKey } from './entry-names.ts';
import { ZipOutput } from './zip-output.ts';
import {
  dataDescriptor,
  endRecords,
  type EntryRecord,
  FLAG_DESCRIPTOR,
  FLAG_UTF8,
  LOCAL_HEADER_BYTES,
  LOCAL_ZIP64_EXTRA_BYTES,
  MAX_16,
  MAX_32,
  METHOD_DEFLATE,
  METHOD_STORE,
  writeLocalHeader,
} from './zip-records.ts';

export interface ZipEntryOptions {
  /** The entry's time (stored as local DOS time, 2-second steps). */
  date: Date;
  /** "auto" (default): deflate, except tiny entries and formats that are compressed already. */
  compression?: 'auto' | 'store' | 'deflate';
}

export interface ZipStreamOptions extends ZipEntryOptions {
  /** The size when known (a file's): entries that may pass 4 GiB get ZIP64 local headers. */
  size?: number;
}

export interface ZipWriterResult {
  entryCount: number;
  size: number;
}

const FILE_ATTRIBUTES = ((0o100644 << 16) >>> 0);
const DIRECTORY_ATTRIBUTES = (((0o40755 << 16) | 0x10) >>> 0);
/** In-memory data up to this size is deflated in one synchronous call; larger data is streamed. */
const SYNC_DEFLATE_BYTES = 1024 * 1024;
/** Deflate can grow incompressible data a little: past this the local header gets ZIP64 room. */
const ZIP64_STREAM_BYTES = MAX_32 - 64 * 1024 * 1024;
/**
 * zlib's level 5, not its default 6: on 32 MB of our COCO JSON it deflates at 131 MB/s against
 * 80 (13.6% of the size either way), on JS sources at 156 against 112 MB/s for 13.50% against
 * 13.21%, on a UPD file at 146 against 76 MB/s for 18.34% against 18.29%.
 */
export const DEFLATE_LEVEL = 5;
const MIN_CHUNK_BYTES = 1024;
const PARENT_SEGMENT = /(^|\/)\.\.(\/|$)/;

/**
 * Writes a zip of many entries straight to a file: each entry's header and data go into one
 * block buffer, and the only thing kept per entry is its central record, in the compact form it
 * takes in the file (spilled to a scratch file past 1 MiB) plus 8 bytes of name hashes to
 * refuse repeated names at the end (spilled in sorted runs past 512 KiB): memory stays flat in
 * the number of entries. ZIP64 switches on by itself past 65,535 entries, 4 GiB
 * of offsets, or for an entry over 4 GiB. Small data is deflated in one call per entry; streams
 * (media, large files) are deflated in blocks on libuv's threads (block-deflate.ts), never held
 * whole. Calls may overlap: entries are written in the order the calls were made.
 */
export class ZipWriter {
  readonly path: string;
  readonly #output: ZipOutput;
  readonly #directory: CentralDirectory;
  readonly #names: EntryNameHashes;
  readonly #plugin: string | undefined;
  #queue: Promise<void> | undefined;
  #state: 'open' | 'finishing' | 'closed' | 'failed' = 'open';
  #failure: unknown;

  private constructor(path: string, output: ZipOutput, plugin: string | undefined) {
    this.path = path;
    this.#output = output;
    this.#plugin = plugin;
    // Scratch files beside the zip (same file system, removed on finish, abort and failure).
    const scratch = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}`);
    this.#directory = new CentralDirectory(`${scratch}.central`);
    this.#names = new EntryNameHashes(`${scratch}.hashes`);
  }

  /** A new zip at `path`, which must not exist yet (EEXIST otherwise: nothing is overwritten). */
  static async create(path: string, options: { plugin?: string } = {}): Promise<ZipWriter> {
    const handle = await open(path, 'wx');
    return new ZipWriter(path, new ZipOutput(handle), options.plugin);
  }

  get entryCount(): number {
    return this.#directory.entryCount;
  }

  /** Adds a file from memory (copied at once: `data` may be reused after the call). Resolves at once unless the disk is behind. */
  addBytes(name: string, data: string | Uint8Array, options: ZipEntryOptions): Promise<void> | undefined {
    if (typeof data !== 'string' && data.length > SYNC_DEFLATE_BYTES) return this.addStream(name, [data], { ...options, size: data.length });
    if (typeof data === 'string' && data.length > SYNC_DEFLATE_BYTES / 3) return this.addBytes(name, Buffer.from(data), options);
    if (this.#queue) {
      // Queued behind a stream: keep a copy, so the caller may reuse its buffer at once.
      const held = typeof data === 'string' ? data : Buffer.from(data);
      return this.#enqueue(() => this.#writeSmall(name, held, options));
    }
    this.#assertOpen();
    this.#guard(() => this.#writeSmall(name, data, options));
    return this.#output.drained();
  }

  /** An empty directory (`name/`). */
  addDirectory(name: string, options: { date: Date }): Promise<void> | undefined {
    const folder = name.endsWith('/') ? name : `${name}/`;
    if (this.#queue) return this.#enqueue(() => this.#writeSmall(folder, '', { ...options, compression: 'store' }, DIRECTORY_ATTRIBUTES));
    this.#assertOpen();
    this.#guard(() => this.#writeSmall(folder, '', { ...options, compression: 'store' }, DIRECTORY_ATTRIBUTES));
    return this.#output.drained();
  }

  /** Adds a file from a stream (chunks are handed to the file as they come; the writer keeps them until written). */
  addStream(name: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: ZipStreamOptions): Promise<void> {
    return this.#enqueue(() => this.#writeStreamed(name, source, options));
  }

  /** Writes the central directory and the end records and closes the file. */
  async finish(): Promise<ZipWriterResult> {
    if (this.#state === 'failed') {
      await this.abort();
      throw this.#failure;
    }
    this.#assertOpen();
    this.#state = 'finishing';
    try {
      await this.#queue;
      if (this.#failure !== undefined) throw this.#failure;
      await this.#refuseRepeatedNames();
      const directoryOffset = this.#output.position;
      await this.#directory.writeTo(this.#output);
      this.#output.write(endRecords(this.#directory.entryCount, this.#directory.size, directoryOffset));
      const size = this.#output.position;
      await this.#output.close();
      this.#state = 'closed';
      return { entryCount: this.#directory.entryCount, size };
    } catch (error) {
      await this.abort();
      throw error;
    } finally {
      this.#disposeScratch();
    }
  }

  /** Closes and removes the partial zip. Safe after a failure and more than once. */
  async abort(): Promise<void> {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    await this.#queue?.catch(() => undefined);
    await this.#output.destroy();
    this.#disposeScratch();
    await rm(this.path, { force: true });
  }

  #disposeScratch(): void {
    this.#directory.dispose();
    this.#names.dispose();
  }

  #enqueue(work: () => void | Promise<void>): Promise<void> {
    this.#assertOpen();
    const previous = this.#queue ?? Promise.resolve();
    const run = previous.then(async () => {
      if (this.#failure !== undefined) throw this.#failure;
      try {
        await work();
        await this.#output.drained();
      } catch (error) {
        this.#failure ??= error;
        if (this.#state === 'open') this.#state = 'failed';
        throw error;
      }
    });
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#queue = settled;
    void settled.then(() => {
      if (this.#queue === settled) this.#queue = undefined;
    });
    return run;
  }

  #guard(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.#failure ??= error;
      this.#state = 'failed';
      throw error;
    }
  }

  /** Header and data in one go: the data is written after the header's place, then the header in front. */
  #writeSmall(name: string, data: string | Uint8Array, options: ZipEntryOptions, externalAttributes = FILE_ATTRIBUTES): void {
    const nameBytes = this.#nameBytes(name);
    const headerBytes = LOCAL_HEADER_BYTES + nameBytes.length;
    const maxData = typeof data === 'string' ? data.length * 3 : data.length;
    const { buffer, at } = this.#output.reserve(headerBytes + maxData);
    const dataAt = at + headerBytes;
    let size: number;
    if (typeof data === 'string') size = buffer.write(data, dataAt, 'utf8');
    else {
      buffer.set(data, dataAt);
      size = data.length;
    }
    const raw = buffer.subarray(dataAt, dataAt + size);
    const crc = crc32(raw);
    let method = METHOD_STORE;
    let compressedSize = size;
    if (this.#deflates(name, size, options.compression)) {
      // An output buffer the size of the data, not 16 KiB: millions of tiny entries would pile up external garbage.
      const deflated = deflateRawSync(raw, { level: DEFLATE_LEVEL, chunkSize: Math.max(MIN_CHUNK_BYTES, size + 64) });
      if (deflated.length < size) {
        buffer.set(deflated, dataAt);
        method = METHOD_DEFLATE;
        compressedSize = deflated.length;
      }
    }
    const { date: dosDate, time: dosTime } = dosDateTime(options.date);
    const entry: EntryRecord = { nameBytes, method, flags: FLAG_UTF8, dosTime, dosDate, crc, compressedSize, size, offset: this.#output.position, externalAttributes };
    writeLocalHeader(buffer, at, entry, false);
    this.#output.commit(headerBytes + compressedSize);
    this.#directory.add(entry);
  }

  async #writeStreamed(name: string, source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, options: ZipStreamOptions): Promise<void> {
    const nameBytes = this.#nameBytes(name);
    const deflate = this.#deflates(name, options.size, options.compression);
    const zip64 = options.size === undefined || options.size >= ZIP64_STREAM_BYTES;
    const method = deflate ? METHOD_DEFLATE : METHOD_STORE;
    const flags = FLAG_UTF8 | FLAG_DESCRIPTOR;
    const { date: dosDate, time: dosTime } = dosDateTime(options.date);
    const offset = this.#output.position;
    const headerBytes = LOCAL_HEADER_BYTES + nameBytes.length + (zip64 ? LOCAL_ZIP64_EXTRA_BYTES : 0);
    const { buffer, at } = this.#output.reserve(headerBytes);
    writeLocalHeader(buffer, at, { nameBytes, method, flags, dosTime, dosDate, crc: 0, compressedSize: 0, size: 0 }, zip64);
    this.#output.commit(headerBytes);

    let crc = 0;
    let size = 0;
    let compressedSize = 0;
    const output = this.#output;
    const sink = async (chunks: AsyncIterable<Uint8Array>) => {
      for await (const chunk of chunks) {
        output.write(chunk);
        compressedSize += chunk.length;
        await output.drained();
      }
    };
    const seen = (chunk: Uint8Array) => {
      crc = crc32(chunk, crc);
      size += chunk.length;
    };
    await sink(deflate ? deflateRawInBlocks(source, DEFLATE_LEVEL, seen) : passedThrough(source, seen));

    this.#output.write(dataDescriptor(crc, compressedSize, size, zip64 || size >= MAX_32 || compressedSize >= MAX_32));
    this.#directory.add({ nameBytes, method, flags, dosTime, dosDate, crc, compressedSize, size, offset, externalAttributes: FILE_ATTRIBUTES });
  }

  #deflates(name: string, size: number | undefined, compression: ZipEntryOptions['compression']): boolean {
    if (compression === 'store') return false;
    if (compression === 'deflate') return true;
    return shouldDeflate(name, size);
  }

  #nameBytes(name: string): Buffer {
    if (typeof name !== 'string' || name === '' || name.startsWith('/') || name.includes('\0') || PARENT_SEGMENT.test(name)) {
      throw new IdahPluginError('IO_PATH_INVALID', `a zip entry name must be a relative "/" path without ".." or NUL, got ${JSON.stringify(name)}`, { plugin: this.#plugin });
    }
    const bytes = Buffer.from(name, 'utf8');
    if (bytes.length > MAX_16) {
      throw new IdahPluginError('IO_PATH_INVALID', `a zip entry name must be at most ${MAX_16} bytes of UTF-8, got ${bytes.length} bytes (${JSON.stringify(name.slice(0, 80))}...)`, { plugin: this.#plugin });
    }
    this.#names.add(name);
    return bytes;
  }

  async #refuseRepeatedNames(): Promise<void> {
    const repeated = this.#names.repeated();
    if (repeated.size === 0) return;
    const chunks: Buffer[] = [];
    for await (const chunk of this.#directory.chunks()) chunks.push(Buffer.from(chunk));
    const directory = Buffer.concat(chunks);
    const names = new Set<string>();
    for (let at = 0; at < directory.length && names.size < 5; ) {
      const nameLength = directory.readUInt16LE(at + 28);
      const next = at + 46 + nameLength + directory.readUInt16LE(at + 30) + directory.readUInt16LE(at + 32);
      const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
      if (repeated.has(hashKey(name))) names.add(name);
      at = next;
    }
    throw new IdahPluginError(
      'IO_MISUSE',
      `expected every entry of the zip to have its own name, got ${[...names].map((name) => JSON.stringify(name)).join(', ')} more than once (extracting would keep only one)`,
      { plugin: this.#plugin },
    );
  }

  #assertOpen(): void {
    if (this.#state === 'failed') throw this.#failure;
    if (this.#state !== 'open') throw new IdahPluginError('IO_MISUSE', `the zip ${this.path} is ${this.#state}; no entry can be added`, { plugin: this.#plugin });
  }
}

/** A stored entry's chunks as they come, each shown to `seen` first. */
async function* passedThrough(source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>, seen: (chunk: Uint8Array) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of source) {
    seen(chunk);
    yield chunk;
  }
}
