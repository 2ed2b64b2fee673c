import { open } from 'node:fs/promises';
import { ByteWriter, type ExportIo } from 'idah-plugin';

const NEWLINE = 0x0a;
const SPACE = 0x20;
const FILE_MARK = 0x3e; // '>'
const ZERO = 0x30;
const DOT = 0x2e;
/** Rows are encoded into a buffer of this size, handed to the scratch file whenever it fills up. */
const WRITE_BYTES = 1 << 20;
/** The spool is read back in pieces of this size (a label file longer than that grows the piece). */
const READ_BYTES = 1 << 20;
/** A value in millionths (0..1_000_000) is written `0.dddddd` or `1.000000`. */
const SCALE = 1_000_000;
/** A row of values: the provisional number (at most 10 digits), then ` 0.dddddd` per value, then `\n`. */
const rowBytes = (count: number) => 11 + 9 * count;

/**
 * Label files wait here until the class ids are final. CategoryTable numbers categories by
 * their sorted paths, known only once everything is read; rows are spooled with provisional
 * numbers to one scratch file (sequential, memory stays flat), then `writeLabelFiles` puts
 * each label file once, with the final ids, straight into the output zip (io.writeEntry).
 *
 * Spool lines: `>labels/<split>/<stem>.txt` opens a file; each following line is a row
 * `<provisional> <coordinates>`. Paths are made of safe names, so they hold no line break.
 * Rows of numbers are encoded digit by digit into the spool's buffer (`row`): a million rows
 * build no strings. The read-back works on the bytes too (rows are ASCII after the path): no
 * decoding, splitting or string building per row.
 */
export class LabelSpool {
  readonly #writer: ByteWriter;
  #buffer = Buffer.allocUnsafe(WRITE_BYTES);
  #used = 0;
  /** Set when a full buffer went to a disk that is behind: the next `openFile` waits for it. */
  #behind: Promise<void> | undefined;
  #files = 0;
  #closed = false;
  #text = Buffer.allocUnsafe(64 * 1024);

  constructor(scratchPath: string) {
    this.#writer = ByteWriter.open(scratchPath);
  }

  get fileCount(): number {
    return this.#files;
  }

  /**
   * Opens the next label file (`row` and `textRow` add its rows; an image without labels still
   * gets its empty file). Resolves at once unless the disk is behind.
   */
  openFile(relativePath: string): Promise<void> | undefined {
    this.#files += 1;
    const behind = this.#behind;
    this.#behind = undefined;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit.
    this.#reserve(relativePath.length * 3 + 2);
    const buffer = this.#buffer;
    buffer[this.#used++] = FILE_MARK;
    this.#used += buffer.write(relativePath, this.#used);
    buffer[this.#used++] = NEWLINE;
    return behind;
  }

  /** A row `<provisional> <v1> <v2>...`, the first `count` values as millionths (integers 0..1_000_000), each written with 6 decimals. */
  row(provisional: number, values: ArrayLike<number>, count: number): void {
    this.#reserve(rowBytes(count));
    const buffer = this.#buffer;
    let at = writeDigits(buffer, this.#used, provisional);
    for (let index = 0; index < count; index += 1) {
      buffer[at] = SPACE;
      at = writeMillionths(buffer, at + 1, values[index]!);
    }
    buffer[at] = NEWLINE;
    this.#used = at + 1;
  }

  /** A row `<provisional> <coordinates>` whose coordinates are text already. */
  textRow(provisional: number, coordinates: string): void {
    // rowBytes(0) holds the number and the newline; the space before the coordinates is one more.
    this.#reserve(rowBytes(0) + 1 + coordinates.length);
    const buffer = this.#buffer;
    let at = writeDigits(buffer, this.#used, provisional);
    buffer[at++] = SPACE;
    at += buffer.write(coordinates, at, 'latin1');
    buffer[at] = NEWLINE;
    this.#used = at + 1;
  }

  /** Room for `bytes` more in the buffer: a full one goes to the file first (a fresh one is taken: the stream keeps it). */
  #reserve(bytes: number): void {
    if (this.#used + bytes <= this.#buffer.length) return;
    if (this.#used > 0) {
      const behind = this.#writer.writeBytes(this.#buffer.subarray(0, this.#used));
      if (behind) {
        // Kept with any wait not yet handed out (one entry's rows can fill two buffers), and
        // handled here: a disk failure before the next openFile() surfaces there or at close(),
        // not as an unhandled rejection.
        this.#behind = this.#behind ? Promise.all([this.#behind, behind]).then(() => undefined) : behind;
        this.#behind.catch(() => undefined);
      }
    }
    this.#buffer = Buffer.allocUnsafe(Math.max(WRITE_BYTES, bytes));
    this.#used = 0;
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
    try {
      if (this.#used > 0) await this.#writer.writeBytes(this.#buffer.subarray(0, this.#used));
      this.#used = 0;
      await this.#behind;
    } finally {
      // The scratch file's descriptor is released after a failed write too.
      await this.#writer.close();
    }
  }
}

/** `value` (a whole number of 0 or more) in decimal at `at`; returns where it ends. */
function writeDigits(buffer: Buffer, at: number, value: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits += 1;
  let rest = value;
  for (let index = at + digits - 1; index >= at; index -= 1) {
    buffer[index] = ZERO + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return at + digits;
}

/** Millionths (0..1_000_000) as `0.dddddd`, or `1.000000` from a million, as formatMillionths writes them; returns where they end. */
function writeMillionths(buffer: Buffer, at: number, millionths: number): number {
  const whole = millionths >= SCALE;
  buffer[at] = whole ? ZERO + 1 : ZERO;
  buffer[at + 1] = DOT;
  let rest = whole ? 0 : millionths;
  for (let index = at + 7; index > at + 1; index -= 1) {
    buffer[index] = ZERO + (rest % 10);
    rest = (rest / 10) | 0;
  }
  return at + 8;
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
