import { closeSync, createReadStream, openSync, rmSync, writeSync } from 'node:fs';
import { centralRecordLength, type EntryRecord, writeCentralRecord } from './zip-records.ts';

/** Central records are gathered in a buffer this big; a fuller directory goes on to a scratch file. */
const BUFFER_BYTES = 4 * 1024 * 1024;

/**
 * The central directory of a zip being written, in the form it takes in the file: one buffer
 * of records, spilled to a scratch file whenever it fills, so memory stays the same whatever
 * the number of entries (no object, no Buffer per entry). `spillPath` is created only when needed.
 */
export class CentralDirectory {
  readonly #spillPath: string;
  #buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  #used = 0;
  #spillFd: number | undefined;
  #size = 0;
  #count = 0;

  constructor(spillPath: string) {
    this.#spillPath = spillPath;
  }

  get entryCount(): number {
    return this.#count;
  }

  /** Bytes of all records so far. */
  get size(): number {
    return this.#size;
  }

  add(entry: EntryRecord): void {
    const length = centralRecordLength(entry);
    if (this.#used + length > this.#buffer.length) this.#spill();
    this.#used += writeCentralRecord(this.#buffer, this.#used, entry);
    this.#size += length;
    this.#count += 1;
  }

  /** The records in order, in chunks: the scratch file's, then the buffer's. */
  async *chunks(): AsyncGenerator<Buffer> {
    if (this.#spillFd !== undefined) {
      closeSync(this.#spillFd);
      this.#spillFd = undefined;
      yield* createReadStream(this.#spillPath, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>;
    }
    if (this.#used > 0) yield this.#buffer.subarray(0, this.#used);
  }

  /** Removes the scratch file (idempotent). */
  dispose(): void {
    if (this.#spillFd !== undefined) closeSync(this.#spillFd);
    this.#spillFd = undefined;
    rmSync(this.#spillPath, { force: true });
  }

  #spill(): void {
    this.#spillFd ??= openSync(this.#spillPath, 'wx');
    let written = 0;
    while (written < this.#used) written += writeSync(this.#spillFd, this.#buffer, written, this.#used - written);
    this.#used = 0;
  }
}
