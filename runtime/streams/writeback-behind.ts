import { fdatasync } from 'node:fs';

/** Bytes written between two background flushes. */
export const WRITEBACK_EVERY_BYTES = 32 * 1024 * 1024;

/**
 * Flushes a file being written to disk in the background as it grows, one flush at a time, so the
 * fsync that publishing ends with (runtime/io/publish.ts) finds little left to write: for a 350 MB
 * JSON that final fsync took 0.33 s of the export's wall time, the CPU idle all along. Best effort:
 * a failed flush is left to that final fsync, which reports it.
 */
export class WritebackBehind {
  readonly #descriptor: () => number | null | undefined;
  #unflushed = 0;
  #inFlight: Promise<void> | undefined;

  /** `descriptor`: the file's, once it is open. */
  constructor(descriptor: () => number | null | undefined) {
    this.#descriptor = descriptor;
  }

  /** Counts bytes handed to the file; starts a flush every WRITEBACK_EVERY_BYTES unless one is running. */
  wrote(bytes: number): void {
    this.#unflushed += bytes;
    if (this.#unflushed < WRITEBACK_EVERY_BYTES || this.#inFlight) return;
    const fd = this.#descriptor();
    if (typeof fd !== 'number') return;
    this.#unflushed = 0;
    this.#inFlight = new Promise((resolve) => {
      fdatasync(fd, () => {
        this.#inFlight = undefined;
        resolve();
      });
    });
  }

  /** Resolves once no flush runs: await it before the file closes, so none runs on a closed (or reused) descriptor. */
  settled(): Promise<void> {
    return this.#inFlight ?? Promise.resolve();
  }
}
