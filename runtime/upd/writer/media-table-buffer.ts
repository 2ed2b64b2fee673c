import type { DuckDBAppender } from '@duckdb/node-api';
import type { MediaRow } from '../mapping.ts';

/** Blobs are held until flushed: bound the memory they take, not only the row count. */
const FLUSH_BYTES = 64 * 1024 * 1024;
const FLUSH_ROWS = 10_000;

/** Rows of the `medias` table (the one with a BLOB column), appended value by value. */
export class MediaTableBuffer {
  readonly #appender: DuckDBAppender;
  #pendingRows = 0;
  #pendingBytes = 0;

  constructor(appender: DuckDBAppender) {
    this.#appender = appender;
  }

  add(row: MediaRow, blob: Uint8Array | null): void {
    const appender = this.#appender;
    appender.appendVarchar(row.id);
    appender.appendVarchar(row.key);
    if (blob) appender.appendBlob(blob);
    else appender.appendNull();
    if (row.media_type === null) appender.appendNull();
    else appender.appendVarchar(row.media_type);
    appender.appendVarchar(row.metadata);
    appender.endRow();
    this.#pendingRows += 1;
    this.#pendingBytes += blob?.byteLength ?? 0;
    if (this.#pendingRows >= FLUSH_ROWS || this.#pendingBytes >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    if (this.#pendingRows === 0) return;
    this.#pendingRows = 0;
    this.#pendingBytes = 0;
    this.#appender.flushSync();
  }

  close(): void {
    this.#appender.closeSync();
  }

  /** Drops unflushed rows and closes (closing alone would flush them). */
  discard(): void {
    this.#pendingRows = 0;
    this.#pendingBytes = 0;
    this.#appender.clear();
    this.#appender.closeSync();
  }
}
