import { closeSync, openSync, rmSync, writeSync } from 'node:fs';

/**
 * A scratch file beside the zip that sorted runs spill to: created at the first write (`wx+`, so
 * never someone else's file), written at given offsets, read back through `fd`, removed by `remove()`.
 */
export class SpillFile {
  readonly #path: string;
  #fd: number | undefined;

  constructor(path: string) {
    this.#path = path;
  }

  /** The open file, or undefined while nothing was spilled. */
  get fd(): number | undefined {
    return this.#fd;
  }

  /** Writes `bytes[0, length)` at `position`, all of it. */
  write(bytes: Uint8Array, length: number, position: number): void {
    this.#fd ??= openSync(this.#path, 'wx+');
    let written = 0;
    while (written < length) written += writeSync(this.#fd, bytes, written, length - written, position + written);
  }

  /** Closes and removes the file (idempotent). */
  remove(): void {
    if (this.#fd === undefined) return;
    closeSync(this.#fd);
    this.#fd = undefined;
    rmSync(this.#path, { force: true });
  }
}
