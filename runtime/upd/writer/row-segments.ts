import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CsvFile } from './csv-file.ts';
import { CSV_READ_OPTIONS, csvLine, fitsCsv } from './csv-line.ts';

/**
 * A segment is loaded once its files hold this many characters (about as many bytes). 16 MB
 * segments cut peak RSS (254 against 315 MB at 30k x 10) but cost more DuckDB CPU (8.05 against 7.54 s).
 */
const SEGMENT_CHARACTERS = 48 * 1024 * 1024;
/** Rows too large or odd for CSV are held in memory until their segment loads: bounded too. */
const HELD_CHARACTERS = 32 * 1024 * 1024;
/** DuckDB's read_csv takes a glob: a folder whose path holds one of these would name other files. */
const GLOB_CHARACTERS = /[*?[\]{}]/;
/** While a segment waits for the load before it, every this many rows the writer looks whether that load is done. */
const POLL_ROWS = 4096;

export interface SegmentTable {
  name: 'entries' | 'annotations';
  columns: readonly string[];
}

interface TableFile {
  table: SegmentTable;
  path: string;
  writer: CsvFile;
  rows: number;
  /** Rows that go in by parameterised insert, after the file's. */
  held: (string | null)[][];
}

/**
 * Rows of the `entries` and `annotations` tables on their way into DuckDB. They are written as
 * CSV to scratch files (no value crosses into DuckDB one by one), and every SEGMENT_CHARACTERS
 * the files are loaded by DuckDB itself (`INSERT INTO ... SELECT * FROM read_csv(...)`, parallel
 * and off the JS thread) while the next segment fills. Loads run one after another, entries
 * before annotations, so foreign keys hold; `beforeLoad` runs first (flushing the datasets).
 * A failed load is kept: `failure` says so, and `finish()` throws it.
 *
 * A load's promise settles only when the event loop turns, and a caller that adds rows in a
 * synchronous loop never lets it: the segments would all wait for `finish()`, and DuckDB would
 * sit idle while JS fills them (measured: the first load started after the last row was added).
 * So a load is one query whose last statement writes a marker file, and the writer looks for
 * that file (one `existsSync` per POLL_ROWS rows, only while a segment waits) to start the next
 * load at once. Loads start one after another, keeping the segments in order, and take turns
 * on two connections: the one before may still be returning when its marker is seen.
 */
export class RowSegments {
  /** Loads take turns on these (see #startNext). */
  readonly #connections: readonly DuckDBConnection[];
  readonly #folder: string;
  readonly #tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  readonly #tables: readonly SegmentTable[];
  readonly #beforeLoad: () => void;
  readonly #files = new Set<string>();
  #current: TableFile[] | undefined;
  #characters = 0;
  #held = 0;
  #segments = 0;
  /** Segments closed and waiting for the load in flight, oldest first. */
  readonly #waiting: TableFile[][] = [];
  #inFlight: Load | undefined;
  /** Every load not yet settled: one that wrote its marker may still be ending when the next starts. */
  readonly #unsettled = new Set<Promise<void>>();
  #sincePoll = 0;
  #loadsStarted = 0;
  #discarding = false;
  #failure: { error: unknown } | undefined;

  constructor(connections: readonly DuckDBConnection[], databasePath: string, tables: readonly SegmentTable[], beforeLoad: () => void) {
    this.#connections = connections;
    const beside = dirname(databasePath);
    this.#folder = GLOB_CHARACTERS.test(beside) ? tmpdir() : beside;
    this.#tables = tables;
    this.#beforeLoad = beforeLoad;
  }

  get failure(): { error: unknown } | undefined {
    return this.#failure;
  }

  /** Rows added and not yet handed to a load. */
  get pendingRows(): number {
    return this.#current?.reduce((sum, file) => sum + file.rows + file.held.length, 0) ?? 0;
  }

  add(table: number, values: (string | null)[]): void {
    const file = (this.#current ??= this.#open())[table]!;
    const line = csvLine(values);
    if (fitsCsv(line)) {
      file.writer.write(line);
      file.rows += 1;
      this.#characters += line.length;
    } else {
      file.held.push(values);
      this.#held += line.length;
    }
    if (this.#characters >= SEGMENT_CHARACTERS || this.#held >= HELD_CHARACTERS) this.loadCurrent();
    else if (this.#waiting.length > 0 && ++this.#sincePoll >= POLL_ROWS) {
      this.#sincePoll = 0;
      this.#startNext();
    }
  }

  /** Closes the files being filled and queues their load. */
  loadCurrent(): void {
    const files = this.#current;
    if (!files) return;
    this.#current = undefined;
    this.#characters = 0;
    this.#held = 0;
    this.#beforeLoad();
    for (const file of files) file.writer.close();
    this.#waiting.push(files);
    this.#startNext();
  }

  /** Loads what is left and waits for every load; throws the first failure. */
  async finish(): Promise<void> {
    this.loadCurrent();
    await this.#drain();
    // What a load could not remove as it ended (its files are gone otherwise: nothing to do).
    await Promise.all([...this.#files].map((path) => rm(path, { force: true })));
    if (this.#failure) throw this.#failure.error;
  }

  /** Waits for loads in flight and removes every scratch file (after a failure too). */
  async discard(): Promise<void> {
    const files = this.#current;
    this.#current = undefined;
    if (files) this.#waiting.push(files);
    this.#discarding = true;
    await this.#drain();
    await Promise.all([...this.#files].map((path) => rm(path, { force: true })));
  }

  async #drain(): Promise<void> {
    this.#startNext();
    while (this.#inFlight) {
      await this.#inFlight.settled;
      this.#startNext();
    }
    await Promise.all(this.#unsettled);
  }

  /** Starts the oldest waiting segment's load if none is in flight (or the one in flight wrote its marker). */
  #startNext(): void {
    const inFlight = this.#inFlight;
    if (inFlight && !inFlight.done && !(inFlight.marker && existsSync(inFlight.marker))) return;
    const files = this.#waiting.shift();
    if (!files) return;
    if (this.#failure || this.#discarding) {
      this.#inFlight = this.#track(files, undefined, Promise.resolve());
      return;
    }
    const held = files.some((file) => file.held.length > 0);
    // A segment with held rows runs its parameterised inserts after the query: it is waited for by its promise.
    this.#loadsStarted += 1;
    const marker = held ? undefined : join(this.#folder, `.idah-upd-${this.#tag}-load-${this.#loadsStarted}.csv`);
    if (marker) this.#files.add(marker);
    // The load before may still be ending its query when its marker is seen: the next one takes
    // the other connection, so no connection ever runs two queries at once.
    const connection = this.#connections[this.#loadsStarted % this.#connections.length]!;
    const statements = files.filter((file) => file.rows > 0).map((file) => loadStatement(file));
    if (marker) statements.push(`COPY (SELECT 1) TO '${quoted(marker)}' (FORMAT csv)`);
    const run = async () => {
      if (statements.length > 0) await connection.run(statements.join(';\n'));
      for (const file of files) await insertHeld(connection, file);
    };
    this.#inFlight = this.#track(files, marker, run());
  }

  #track(files: TableFile[], marker: string | undefined, running: Promise<void>): Load {
    const load: Load = { marker, done: false, settled: Promise.resolve() };
    load.settled = running
      .catch((error: unknown) => {
        this.#failure ??= { error };
      })
      .then(async () => {
        load.done = true;
        if (this.#inFlight === load) this.#inFlight = undefined;
        // A caller that yields gets the next load started here, not at its next poll.
        this.#startNext();
        try {
          await this.#remove(files);
          if (marker) {
            await rm(marker, { force: true });
            this.#files.delete(marker);
          }
        } catch {
          // Left in #files: finish() or discard() removes them.
        }
        this.#unsettled.delete(load.settled);
      });
    this.#unsettled.add(load.settled);
    return load;
  }

  #open(): TableFile[] {
    this.#segments += 1;
    return this.#tables.map((table) => {
      const path = join(this.#folder, `.idah-upd-${this.#tag}-${this.#segments}-${table.name}.csv`);
      this.#files.add(path);
      return { table, path, writer: new CsvFile(path), rows: 0, held: [] };
    });
  }

  async #remove(files: TableFile[]): Promise<void> {
    for (const file of files) {
      try {
        file.writer.close();
      } catch {
        // Removed below whatever state it is in.
      }
      await rm(file.path, { force: true });
      this.#files.delete(file.path);
    }
  }
}

interface Load {
  /** The file the load's last statement writes; none when it ends with parameterised inserts. */
  marker: string | undefined;
  done: boolean;
  /** Settles (never rejects) once the load has ended and its files are removed. */
  settled: Promise<void>;
}

/** Rows too long for the CSV scratch file go in one by one, with parameters. */
async function insertHeld(connection: DuckDBConnection, file: TableFile): Promise<void> {
  if (file.held.length === 0) return;
  const { name, columns } = file.table;
  const insert = `INSERT INTO ${name} VALUES (${columns.map(() => '?').join(', ')})`;
  for (const values of file.held) await connection.run(insert, values);
  file.held = [];
}

const quoted = (path: string): string => path.replaceAll("'", "''");

function loadStatement(file: TableFile): string {
  const { name, columns } = file.table;
  const columnTypes = columns.map((column) => `'${column}': 'VARCHAR'`).join(', ');
  return `INSERT INTO ${name} SELECT * FROM read_csv('${quoted(file.path)}', ${CSV_READ_OPTIONS}, columns = {${columnTypes}})`;
}
