import { createReadStream } from 'node:fs';
import { ByteWriter, type ExportIo } from 'idah-plugin';

/**
 * Label files wait here until the class ids are final. CategoryTable numbers categories by
 * their sorted paths, known only once everything is read; rows are spooled with provisional
 * numbers to one scratch file (sequential, memory stays flat), then `writeLabelFiles` puts
 * each label file once, with the final ids, straight into the output zip (io.writeEntry).
 *
 * Spool lines: `>labels/<split>/<stem>.txt` opens a file; each following line is a row
 * `<provisional> <coordinates>`. Paths are made of safe names, so they hold no line break.
 */
export class LabelSpool {
  readonly #writer: ByteWriter;
  #files = 0;
  #closed = false;

  constructor(scratchPath: string) {
    this.#writer = ByteWriter.open(scratchPath);
  }

  get fileCount(): number {
    return this.#files;
  }

  /** Queues a label file (rows may be empty: an image without labels still gets its file). */
  add(relativePath: string, rows: readonly string[]): Promise<void> | undefined {
    this.#files += 1;
    return this.#writer.write(rows.length === 0 ? `>${relativePath}\n` : `>${relativePath}\n${rows.join('\n')}\n`);
  }

  /**
   * Writes every label file into the output zip, each row's provisional number replaced by
   * `classIds[provisional]`. The spool is read in chunks, so the event loop turns (and `signal`
   * is checked) between them.
   */
  async writeLabelFiles(io: ExportIo, classIds: readonly number[], signal: AbortSignal, entry: { date?: Date }): Promise<void> {
    await this.close();
    let path: string | undefined;
    let text = '';
    let rest = '';
    for await (const chunk of createReadStream(this.#writer.path, { encoding: 'utf8', highWaterMark: 256 * 1024 })) {
      signal.throwIfAborted();
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('>')) {
          if (path !== undefined) await io.writeEntry(path, text, entry);
          path = line.slice(1);
          text = '';
        } else {
          const space = line.indexOf(' ');
          text += `${classIds[Number(line.slice(0, space))]}${line.slice(space)}\n`;
        }
      }
    }
    if (path !== undefined) await io.writeEntry(path, text, entry);
  }

  /** Closes the spool (idempotent; after a failure too). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writer.close();
  }
}
