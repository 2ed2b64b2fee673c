import { open } from 'node:fs/promises';
import { ByteWriter, type ExportIo } from 'idah-plugin';

const NEWLINE = 0x0a;
const SPACE = 0x20;
const FILE_MARK = 0x3e; // '>'
const ZERO = 0x30;
/** The spool is read back in pieces of this size (a label file longer than that grows the piece). */
const READ_BYTES = 1 << 20;

/**
 * Label files wait here until the class ids are final. CategoryTable numbers categories by
 * their sorted paths, known only once everything is read; rows are spooled with provisional
 * numbers to one scratch file (sequential, memory stays flat), then `writeLabelFiles` puts
 * each label file once, with the final ids, straight into the output zip (io.writeEntry).
 *
 * Spool lines: `>labels/<split>/<stem>.txt` opens a file; each following line is a row
 * `<provisional> <coordinates>`. Paths are made of safe names, so they hold no line break.
 * The read-back works on the bytes (rows are ASCII after the path): no decoding, splitting or
 * string building per row.
 */
export class LabelSpool {
  readonly #writer: ByteWriter;
  #files = 0;
  #closed = false;
  #text = Buffer.allocUnsafe(64 * 1024);

  constructor(scratchPath: string) {
    this.#writer = ByteWriter.open(scratchPath);
  }

  get fileCount(): number {
    return this.#files;
  }

  /** Queues a label file: `rows` is its text, `\n` after every row ('' for an image without labels, which still gets its file). */
  add(relativePath: string, rows: string): Promise<void> | undefined {
    this.#files += 1;
    return this.#writer.write(`>${relativePath}\n${rows}`);
  }

  /**
   * Writes every label file into the output zip, each row's provisional number replaced by
   * `classIds[provisional]`. The spool is read in pieces, so the event loop turns (and `signal`
   * is checked) between them.
   */
  async writeLabelFiles(io: ExportIo, classIds: readonly number[], signal: AbortSignal, entry: { date?: Date }): Promise<void> {
    await this.close();
    const idBytes = classIds.map((id) => Buffer.from(String(id)));
    const file = await open(this.#writer.path, 'r');
    try {
      let piece = Buffer.allocUnsafe(READ_BYTES);
      let held = 0; // bytes at the start of `piece` not used yet
      let atEnd = false;
      while (!atEnd || held > 0) {
        signal.throwIfAborted();
        if (!atEnd) {
          if (held === piece.length) piece = Buffer.concat([piece, Buffer.allocUnsafe(piece.length)]);
          const { bytesRead } = await file.read(piece, held, piece.length - held, null);
          held += bytesRead;
          atEnd = bytesRead === 0;
        }
        // Every file complete in the piece (the last one of the spool once it ended) is written.
        let start = 0;
        for (;;) {
          const next = nextFileStart(piece, start, held);
          if (next < 0 && !atEnd) break;
          const end = next < 0 ? held : next;
          if (end === start) break;
          await this.#writeFile(io, piece, start, end, idBytes, entry);
          start = end;
        }
        piece.copy(piece, 0, start, held);
        held -= start;
        if (atEnd && held > 0) throw new Error(`label spool: ${held} bytes left that open no file`);
      }
    } finally {
      await file.close();
    }
  }

  /** One file of the spool, `>path\n` then its rows in `bytes[start, end)`. */
  async #writeFile(io: ExportIo, bytes: Buffer, start: number, end: number, idBytes: readonly Buffer[], entry: { date?: Date }): Promise<void> {
    const pathEnd = bytes.indexOf(NEWLINE, start);
    const path = bytes.toString('utf8', start + 1, pathEnd);
    // The final ids have at most as many digits as the count of classes; each row changes by the difference.
    let rows = 0;
    for (let at = pathEnd + 1; at < end; at = bytes.indexOf(NEWLINE, at) + 1) rows += 1;
    const longest = idBytes.reduce((most, id) => Math.max(most, id.length), 1);
    const needed = end - pathEnd - 1 + rows * longest;
    // io.writeEntry copies the bytes before it resolves, so one buffer serves every file.
    if (this.#text.length < needed) this.#text = Buffer.allocUnsafe(Math.max(needed, 2 * this.#text.length));
    const text = this.#text;
    let size = 0;
    for (let at = pathEnd + 1; at < end; ) {
      let provisional = 0;
      while (bytes[at] !== SPACE) provisional = provisional * 10 + bytes[at++]! - ZERO;
      size += idBytes[provisional]!.copy(text, size);
      const lineEnd = bytes.indexOf(NEWLINE, at) + 1;
      size += bytes.copy(text, size, at, lineEnd);
      at = lineEnd;
    }
    await io.writeEntry(path, text.subarray(0, size), entry);
  }

  /** Closes the spool (idempotent; after a failure too). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writer.close();
  }
}

/** Where the file after the one at `start` opens (a line starting with `>`), or -1 when not within `[start, end)`. */
function nextFileStart(bytes: Buffer, start: number, end: number): number {
  let at = bytes.indexOf(NEWLINE, start);
  while (at >= 0 && at + 1 < end) {
    if (bytes[at + 1] === FILE_MARK) return at + 1;
    at = bytes.indexOf(NEWLINE, at + 1);
  }
  return -1;
}
