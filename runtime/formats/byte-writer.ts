import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

/** Text is encoded into a buffer of this size, written to the file whenever it fills up. */
const BUFFER_BYTES = 1 << 20;

/**
 * Writes many small strings to a file, encoding each one straight into a 1 MiB buffer
 * (UTF-8). For millions of short lines (one per annotation) this costs about half of gathering
 * strings and joining them, since no joined string is ever built. `write` resolves at once
 * unless the buffer was handed to the disk and the disk is behind.
 */
export class ByteWriter {
  readonly path: string;
  readonly #stream: WriteStream;
  #buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  #used = 0;
  #failure: Error | undefined;

  private constructor(path: string, flags: string) {
    this.path = path;
    this.#stream = createWriteStream(path, { flags });
    this.#stream.on('error', (error) => {
      this.#failure = error;
    });
  }

  /** A new file at `path` (`append: true` adds to an existing one). */
  static open(path: string, options: { append?: boolean } = {}): ByteWriter {
    return new ByteWriter(path, options.append ? 'a' : 'w');
  }

  /** Adds text, in order even when not awaited; resolves at once unless the disk is behind. */
  write(text: string): Promise<void> | undefined {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.#used + text.length * 3 <= this.#buffer.length) {
      this.#used += this.#buffer.write(text, this.#used);
      return undefined;
    }
    let behind = this.#handOver();
    if (text.length * 3 > BUFFER_BYTES) behind = !this.#stream.write(Buffer.from(text)) || behind;
    else this.#used += this.#buffer.write(text, this.#used);
    return behind ? this.#drained() : undefined;
  }

  /** Bytes written as they are (e.g. copied from another file), after the text before them. */
  writeBytes(bytes: Uint8Array): Promise<void> | undefined {
    const behind = this.#handOver();
    return !this.#stream.write(bytes) || behind ? this.#drained() : undefined;
  }

  /** Hands what is buffered to the file and waits if the disk is behind. */
  async flush(): Promise<void> {
    if (this.#handOver()) await this.#drained();
    if (this.#failure) throw this.#failure;
  }

  /** Writes what is left and waits until the file is closed. */
  async close(): Promise<void> {
    this.#handOver();
    this.#stream.end();
    if (!this.#stream.closed) await once(this.#stream, 'close');
    if (this.#failure) throw this.#failure;
  }

  /** Gives the filled part of the buffer to the stream (which keeps it), and starts a fresh one. True when the stream is full. */
  #handOver(): boolean {
    if (this.#used === 0) return false;
    const full = this.#buffer.subarray(0, this.#used);
    this.#buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    this.#used = 0;
    return !this.#stream.write(full);
  }

  async #drained(): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (this.#stream.writableNeedDrain) await once(this.#stream, 'drain');
    if (this.#failure) throw this.#failure;
  }
}
