import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CsvFile } from './csv-file.ts';
import { CSV_READ_OPTIONS, csvLine } from './csv-line.ts';

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
/** While finish() waits and a segment waits for the load before it, how often it looks whether that load is ready. */
const READY_POLL_MS = 5;

export interface SegmentTable {
  name: 'entries' | 'annotations';
  columns: readonly string[];
  /** Per column: its values are JSON.stringify's output (see csvLine). */
  jsonColumns: readonly boolean[];
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
 * Two segments' loads may run at once, the second's last table (annotations, the bulk) beside
 * the first's: DuckDB's insert into a table with a primary key runs on one thread, so one load
 * leaves a core idle once JS has added its last row (1M annotations: 2.9 s one after another,
 * 2.3 s two at once). A key added twice in two such loads fails the later commit.
 */
export const PARALLEL_LOADS = 2;
/** Connections the loads take turns on: one more than run at once (see #startNext). */
export const LOAD_CONNECTIONS = PARALLEL_LOADS + 1;

/**
 * Rows of the `entries` and `annotations` tables on their way into DuckDB. They are written as
 * CSV to scratch files (no value crosses into DuckDB one by one), and every SEGMENT_CHARACTERS
 * the files are loaded by DuckDB itself (`INSERT INTO ... SELECT * FROM read_csv(...)`, parallel
 * and off the JS thread) while the next segment fills. Within a load the tables go in the order
 * given, each table's held rows right after its file, so a row's foreign key always finds the
 * row it names; `beforeLoad` runs first (flushing the datasets). A load starts beside another
 * (PARALLEL_LOADS) only once every table but the last of the one before is in, since the next
 * segment's last-table rows may name a row of the segment before. A segment with held rows
 * loads alone. A failed load is kept: `failure` says so, and `finish()` throws it.
 *
 * A load's promise settles only when the event loop turns, and a caller that adds rows in a
 * synchronous loop never lets it: the segments would all wait for `finish()`, and DuckDB would
 * sit idle while JS fills them (measured: the first load started after the last row was added).
 * So a load is one query that writes a marker file once all but its last table are in, and
 * another as its last statement; the writer looks for them (one `existsSync` per POLL_ROWS rows,
 * only while a segment waits) to start the next load at once. Loads start in segment order.
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
  /** Segments closed and waiting for a load to start, oldest first. */
  readonly #waiting: TableFile[][] = [];
  /** Loads started and not yet seen to end, oldest first. */
  #inFlight: Load[] = [];
  /** Every load not yet settled: one that wrote its marker may still be ending when the next starts. */
  readonly #unsettled = new Set<Promise<void>>();
  #sincePoll = 0;
  #loadsStarted = 0;
  #discarding = false;
  #failure: { error: unknown } | undefined;

  constructor(connections: readonly DuckDBConnection[], databasePath: string, tables: readonly SegmentTable[], beforeLoad: () => void) {
    if (connections.length < LOAD_CONNECTIONS) throw new Error(`RowSegments needs ${LOAD_CONNECTIONS} connections, got ${connections.length}`);
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
    const line = csvLine(values, file.table.jsonColumns);
    if (line !== null) {
      file.writer.write(line);
      file.rows += 1;
      this.#characters += line.length;
    } else {
      file.held.push(values);
      this.#held += values.reduce((sum, value) => sum + (value?.length ?? 0), 0);
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
    while (this.#inFlight.length > 0) {
      // A waiting segment may start once the load before it is ready, which only its marker tells:
      // waiting for that load to settle kept the last segment from loading beside the one before.
      const settled = this.#inFlight.map((load) => load.settled);
      await Promise.race(this.#waiting.length > 0 ? [...settled, delay(READY_POLL_MS)] : settled);
      this.#startNext();
    }
    await Promise.all(this.#unsettled);
  }

  /** Starts waiting segments' loads, oldest first, as far as the loads in flight allow. */
  #startNext(): void {
    while (this.#waiting.length > 0) {
      this.#inFlight = this.#inFlight.filter((load) => !hasEnded(load));
      if (this.#failure || this.#discarding) {
        // Nothing more is loaded: the segment's files are only removed.
        const files = this.#waiting.shift()!;
        this.#track(files, undefined, Promise.resolve());
        continue;
      }
      const next = this.#waiting[0]!;
      const held = next.some((file) => file.held.length > 0);
      if (!this.#canStartBeside(held)) return;
      this.#waiting.shift();
      this.#inFlight.push(this.#start(next, held));
    }
  }

  /** Whether a load can start now, beside the loads in flight. */
  #canStartBeside(held: boolean): boolean {
    const inFlight = this.#inFlight;
    if (inFlight.length === 0) return true;
    if (held || inFlight.length >= PARALLEL_LOADS) return false;
    return inFlight.every((load) => hasPassedReady(load));
  }

  #start(files: TableFile[], held: boolean): Load {
    this.#loadsStarted += 1;
    // A segment with held rows runs its parameterised inserts between its queries: it is waited for by its promise.
    const markers = held ? undefined : { ready: this.#markerPath('ready'), ended: this.#markerPath('ended') };
    // Round the connections, past those in flight: a load seen to end by its marker may still be returning.
    const busy = new Set(this.#inFlight.map((load) => load.connection));
    let connection = this.#connections[this.#loadsStarted % this.#connections.length]!;
    for (let step = 1; busy.has(connection); step += 1) connection = this.#connections[(this.#loadsStarted + step) % this.#connections.length]!;
    const run = markers ? () => runMarkedLoad(connection, files, markers) : () => runHeldLoad(connection, files);
    return this.#track(files, connection, run(), markers);
  }

  #markerPath(stage: string): string {
    const path = join(this.#folder, `.idah-upd-${this.#tag}-load-${this.#loadsStarted}-${stage}.csv`);
    this.#files.add(path);
    return path;
  }

  #track(files: TableFile[], connection: DuckDBConnection | undefined, running: Promise<void>, markers?: LoadMarkers): Load {
    const load: Load = { connection, markers, ready: false, done: false, settled: Promise.resolve() };
    load.settled = running
      .catch((error: unknown) => {
        this.#failure ??= { error };
      })
      .then(async () => {
        load.done = true;
        this.#inFlight = this.#inFlight.filter((other) => other !== load);
        // A caller that yields gets the next load started here, not at its next poll.
        this.#startNext();
        try {
          await this.#remove(files);
          for (const marker of markers ? [markers.ready, markers.ended] : []) {
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

interface LoadMarkers {
  /** Written once every table but the last is in. */
  ready: string;
  /** The query's last statement. */
  ended: string;
}

interface Load {
  connection: DuckDBConnection | undefined;
  /** None when the load runs parameterised inserts between its queries. */
  markers: LoadMarkers | undefined;
  /** Seen past its ready marker (or ended). */
  ready: boolean;
  /** Settled, or seen to end by its marker. */
  done: boolean;
  /** Settles (never rejects) once the load has ended and its files are removed. */
  settled: Promise<void>;
}

function hasEnded(load: Load): boolean {
  if (!load.done && load.markers && existsSync(load.markers.ended)) load.done = true;
  return load.done;
}

function hasPassedReady(load: Load): boolean {
  if (!load.ready && (load.done || (load.markers !== undefined && existsSync(load.markers.ready)))) load.ready = true;
  return load.ready;
}

/** One query: the tables' files in order, the ready marker before the last, the ended marker at the end. */
async function runMarkedLoad(connection: DuckDBConnection, files: readonly TableFile[], markers: LoadMarkers): Promise<void> {
  const statements: string[] = [];
  files.forEach((file, index) => {
    if (index === files.length - 1) statements.push(markerStatement(markers.ready));
    if (file.rows > 0) statements.push(loadStatement(file));
  });
  statements.push(markerStatement(markers.ended));
  await connection.run(statements.join(';\n'));
}

/** Table by table: its file, then its rows held back from the file. */
async function runHeldLoad(connection: DuckDBConnection, files: readonly TableFile[]): Promise<void> {
  for (const file of files) {
    if (file.rows > 0) await connection.run(loadStatement(file));
    await insertHeld(connection, file);
  }
}

const markerStatement = (path: string): string => `COPY (SELECT 1) TO '${quoted(path)}' (FORMAT csv)`;

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
