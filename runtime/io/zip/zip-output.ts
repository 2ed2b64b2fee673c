import { once } from 'node:events';
import type { FileHandle } from 'node:fs/promises';
import type { WriteStream } from 'node:fs';
import { WritebackBehind } from '../../streams/writeback-behind.ts';

/** Headers and small entries are gathered into blocks this big before they go to the file. */
export const BLOCK_BYTES = 1024 * 1024;

/** Written blocks kept for reuse; more in flight than this are left to the garbage collector. */
const SPARE_BLOCKS = 2;
/**
 * Bytes handed to the file before a writer waits: one block written while the next fills keeps
 * the disk and the CPU busy together; more only piles up blocks when the source outruns the disk
 * (copying the central directory's scratch file back does: 4 MiB here cost 4 MB of peak RSS on
 * large zips only, so memory grew with the number of entries).
 */
const PENDING_BYTES = 2 * BLOCK_BYTES;

/**
 * The file a zip is written to, through one block buffer: small writes are copies into it, a
 * full block goes to the file while the next fills. Tracks the offset of the next byte. Blocks
 * come back for reuse once written: fresh 1 MiB blocks per MiB of zip would pile up as external
 * garbage (tens of MB before a collection, since the heap itself barely grows).
 */
export class ZipOutput {
  readonly #stream: WriteStream;
  #buffer = Buffer.allocUnsafe(BLOCK_BYTES);
  readonly #spare: Buffer<ArrayBuffer>[] = [];
  #used = 0;
  #handed = 0;
  #failure: Error | undefined;
  readonly #writeback: WritebackBehind;

  constructor(handle: FileHandle) {
    this.#stream = handle.createWriteStream({ highWaterMark: PENDING_BYTES });
    this.#writeback = new WritebackBehind(() => handle.fd);
    this.#stream.on('error', (error) => {
      this.#failure = error;
    });
  }

  /** Offset in the file of the next byte written. */
  get position(): number {
    return this.#handed + this.#used;
  }

  /** Makes room for `bytes` contiguous bytes and returns the buffer and offset to write them at; `commit` them after. */
  reserve(bytes: number): { buffer: Buffer; at: number } {
    if (this.#used + bytes > this.#buffer.length) {
      this.#handOver();
      if (bytes > this.#buffer.length) this.#buffer = Buffer.allocUnsafe(bytes);
    }
    return { buffer: this.#buffer, at: this.#used };
  }

  commit(bytes: number): void {
    this.#used += bytes;
  }

  /** Copies small data in; hands large data (which it then owns) to the file as it is. */
  write(data: Uint8Array): void {
    if (data.length >= BLOCK_BYTES / 4) {
      this.#handOver();
      this.#stream.write(data);
      this.#handed += data.length;
      this.#writeback.wrote(data.length);
      return;
    }
    const { buffer, at } = this.reserve(data.length);
    buffer.set(data, at);
    this.#used += data.length;
  }

  /** Resolves once the file has caught up, when it is behind; undefined otherwise. */
  drained(): Promise<void> | undefined {
    if (this.#failure) return Promise.reject(this.#failure);
    if (!this.#stream.writableNeedDrain) return undefined;
    return once(this.#stream, 'drain').then(() => {
      if (this.#failure) throw this.#failure;
    });
  }

  /** Writes what is buffered and closes the file. */
  async close(): Promise<void> {
    this.#handOver();
    await this.#writeback.settled();
    this.#stream.end();
    if (!this.#stream.closed) await once(this.#stream, 'close');
    if (this.#failure) throw this.#failure;
  }

  /** Closes the file without writing what is buffered. */
  async destroy(): Promise<void> {
    await this.#writeback.settled();
    this.#stream.destroy();
    if (!this.#stream.closed) await once(this.#stream, 'close').catch(() => undefined);
  }

  #handOver(): void {
    if (this.#used === 0) return;
    const block = this.#buffer;
    this.#stream.write(block.subarray(0, this.#used), (error) => {
      if (!error && block.length === BLOCK_BYTES && this.#spare.length < SPARE_BLOCKS) this.#spare.push(block);
    });
    this.#handed += this.#used;
    this.#writeback.wrote(this.#used);
    this.#buffer = this.#spare.pop() ?? Buffer.allocUnsafe(BLOCK_BYTES);
    this.#used = 0;
  }
}
