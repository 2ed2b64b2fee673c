import { readSync } from 'node:fs';
import { IdahPluginError } from '../../errors.ts';
import { NameRun } from './name-run.ts';
import { SpillFile } from './spill-file.ts';

/** Names held in memory at once; a larger folder is sorted in runs of this many, spilled to a scratch file and merged. */
export const RUN_NAMES = 16_384;
const READ_BYTES = 16 * 1024;
/** Separates names in the scratch file: no file name holds NUL. */
const SEPARATOR = 0;

/**
 * The names of one folder in sorted order (UTF-16 code units, as `Array.prototype.sort`), with
 * at most RUN_NAMES of them in memory, as bytes (NameRun): a folder of a million files costs
 * what one of 16,384 does. Up to RUN_NAMES names are sorted in memory; past that each full run
 * is sorted and appended to `spillPath` (created only then) and the runs are merged back, a
 * small buffer per run. Call `dispose()` when done (also after a failure) to remove the scratch file.
 */
export class SortedNames {
  readonly #spill: SpillFile;
  #run = new NameRun();
  #runs: Array<{ start: number; end: number }> = [];
  #spilled = 0;
  /** The sorted bytes of a run on their way to the scratch file (reused). */
  #out: Buffer | undefined;

  constructor(spillPath: string) {
    this.#spill = new SpillFile(spillPath);
  }

  add(name: string): void {
    this.#run.add(name);
    if (this.#run.count >= RUN_NAMES) this.#spillRun();
  }

  /** Every name added, sorted. Adding ends with the first call. */
  *sorted(): Generator<string> {
    if (this.#spill.fd === undefined) {
      const run = this.#run;
      for (const index of run.sortedOrder()) yield run.name(index);
      run.clear();
      return;
    }
    if (this.#run.count > 0) this.#spillRun();
    this.#run = new NameRun();
    this.#out = undefined;
    const readers = this.#runs.map((run) => new RunReader(this.#spill.fd!, run.start, run.end));
    const heads = readers.map((reader) => reader.next());
    for (;;) {
      let smallest = -1;
      for (let index = 0; index < heads.length; index += 1) {
        const head = heads[index];
        if (head !== undefined && (smallest < 0 || head < heads[smallest]!)) smallest = index;
      }
      if (smallest < 0) return;
      yield heads[smallest]!;
      heads[smallest] = readers[smallest]!.next();
    }
  }

  /** Removes the scratch file (idempotent). */
  dispose(): void {
    this.#run.clear();
    this.#spill.remove();
  }

  #spillRun(): void {
    const run = this.#run;
    const order = run.sortedOrder();
    let length = 0;
    for (let index = 0; index < run.count; index += 1) length += run.nameBytes(index) + 1;
    if (this.#out === undefined || this.#out.length < length) this.#out = Buffer.allocUnsafe(Math.max(length, 2 * (this.#out?.length ?? 0)));
    const bytes = this.#out;
    let at = 0;
    for (const index of order) {
      at += run.copyName(index, bytes, at);
      bytes[at++] = SEPARATOR;
    }
    run.clear();
    this.#spill.write(bytes, length, this.#spilled);
    this.#runs.push({ start: this.#spilled, end: this.#spilled + length });
    this.#spilled += length;
  }
}

/** Reads one sorted run back, name by name, through a small buffer. */
class RunReader {
  readonly #fd: number;
  #position: number;
  readonly #end: number;
  #buffer = Buffer.allocUnsafe(READ_BYTES);
  #from = 0;
  #to = 0;

  constructor(fd: number, start: number, end: number) {
    this.#fd = fd;
    this.#position = start;
    this.#end = end;
  }

  next(): string | undefined {
    for (;;) {
      const separator = this.#buffer.indexOf(SEPARATOR, this.#from);
      if (separator >= 0 && separator < this.#to) {
        const name = this.#buffer.toString('utf8', this.#from, separator);
        this.#from = separator + 1;
        return name;
      }
      if (this.#position >= this.#end) return undefined;
      this.#refill();
    }
  }

  /** Keeps the unread part at the front and reads more after it (growing the buffer for a name longer than it). */
  #refill(): void {
    const unread = this.#to - this.#from;
    if (unread === this.#buffer.length) {
      const grown = Buffer.allocUnsafe(this.#buffer.length * 2);
      this.#buffer.copy(grown, 0, this.#from, this.#to);
      this.#buffer = grown;
    } else this.#buffer.copy(this.#buffer, 0, this.#from, this.#to);
    this.#from = 0;
    this.#to = unread;
    const wanted = Math.min(this.#buffer.length - unread, this.#end - this.#position);
    const read = readSync(this.#fd, this.#buffer, unread, wanted, this.#position);
    if (read === 0) throw new IdahPluginError('EXPORT_FAILED', `the scratch file of folder names ended early at byte ${this.#position}; expected it unchanged while zipping`);
    this.#position += read;
    this.#to += read;
  }
}
