import { closeSync, createReadStream, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { centralRecordLength, type EntryRecord, writeCentralRecord } from './zip-records.ts';
import { BLOCK_BYTES, type ZipOutput } from './zip-output.ts';

/** Central records are gathered in a buffer this big; a fuller directory goes on to a scratch file. */
const BUFFER_BYTES = 1024 * 1024;

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

  /**
   * Writes the records in order to the zip: the scratch file's read straight into the output's
   * blocks (no buffer per chunk), then the buffer's.
   */
  async writeTo(output: ZipOutput): Promise<void> {
    if (this.#spillFd !== undefined) {
      for (let position = 0; ; ) {
        const { buffer, at } = output.reserve(BLOCK_BYTES);
        const read = readSync(this.#spillFd, buffer, at, BLOCK_BYTES, position);
        if (read === 0) break;
        output.commit(read);
        position += read;
        await output.drained();
      }
    }
    if (this.#used > 0) output.write(this.#buffer.subarray(0, this.#used));
    await output.drained();
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
    this.#spillFd ??= openSync(this.#spillPath, 'wx+');
    let written = 0;
    while (written < this.#used) written += writeSync(this.#spillFd, this.#buffer, written, this.#used - written);
    this.#used = 0;
  }
}
