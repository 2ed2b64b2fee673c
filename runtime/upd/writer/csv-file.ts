import { closeSync, openSync, writeSync } from 'node:fs';

const BLOCK_BYTES = 1024 * 1024;

/**
 * A scratch file filled through one 1 MiB block, written synchronously when full. The writer's
 * adds are synchronous, so the file keeps up before more is taken: memory stays one block.
 */
export class CsvFile {
  readonly path: string;
  readonly #fd: number;
  #block = Buffer.allocUnsafe(BLOCK_BYTES);
  #used = 0;
  #closed = false;

  constructor(path: string) {
    this.path = path;
    this.#fd = openSync(path, 'wx');
  }

  write(text: string): void {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    if (this.#used + text.length * 3 > BLOCK_BYTES) {
      this.#flush();
      if (text.length * 3 > BLOCK_BYTES) {
        this.#writeAll(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.#used += this.#block.write(text, this.#used, 'utf8');
  }

  /** Writes what is left and closes the file (idempotent). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.#flush();
    } finally {
      closeSync(this.#fd);
    }
  }

  #flush(): void {
    if (this.#used === 0) return;
    this.#writeAll(this.#block.subarray(0, this.#used));
    this.#used = 0;
  }

  #writeAll(bytes: Buffer): void {
    let written = 0;
    while (written < bytes.length) written += writeSync(this.#fd, bytes, written, bytes.length - written);
  }
}
