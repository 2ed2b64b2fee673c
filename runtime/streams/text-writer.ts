import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { WritebackBehind } from './writeback-behind.ts';

/** Strings are gathered up to this many characters before one write to the file. */
const FLUSH_AT = 256 * 1024;

/**
 * Writes text to a file in large chunks, waiting when the disk is behind, so an exporter can
 * write one small string per record without holding the output in memory.
 */
export class TextWriter {
  readonly path: string;
  readonly #stream: WriteStream;
  /**
   * One string grown by `+=` (V8 keeps it as a rope until the write flattens it): 15-20% less CPU
   * than gathering an array and joining it, for a CSV's one short string per row.
   */
  #pending = '';
  #failure: Error | undefined;
  readonly #writeback: WritebackBehind;

  private constructor(path: string, append: boolean) {
    this.path = path;
    this.#stream = createWriteStream(path, { flags: append ? 'a' : 'w' });
    this.#stream.on('error', (error) => {
      this.#failure = error;
    });
    // A WriteStream holds its descriptor in `fd` once open; Node's types leave it out.
    this.#writeback = new WritebackBehind(() => (this.#stream as WriteStream & { fd?: number | null }).fd);
  }

  /** `append`: add to the file instead of starting it afresh. */
  static open(path: string, options: { append?: boolean } = {}): TextWriter {
    return new TextWriter(path, options.append ?? false);
  }

  /** Adds text; resolves at once unless a chunk had to wait for the disk. */
  write(text: string): Promise<void> | undefined {
    this.#pending += text;
    return this.#pending.length >= FLUSH_AT ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.#failure) throw this.#failure;
    if (this.#pending.length === 0) return;
    const chunk = this.#pending;
    this.#pending = '';
    const ready = this.#stream.write(chunk);
    this.#writeback.wrote(chunk.length);
    if (!ready) await once(this.#stream, 'drain');
  }

  /** Writes what is left and waits until the file is closed. */
  async close(): Promise<void> {
    await this.flush();
    await this.#writeback.settled();
    this.#stream.end();
    await once(this.#stream, 'close');
    if (this.#failure) throw this.#failure;
  }
}
