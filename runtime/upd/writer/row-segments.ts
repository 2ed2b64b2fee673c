import { randomBytes } from 'node:crypto';
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
 */
export class RowSegments {
  readonly #connection: DuckDBConnection;
  readonly #folder: string;
  readonly #tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  readonly #tables: readonly SegmentTable[];
  readonly #beforeLoad: () => void;
  readonly #files = new Set<string>();
  #current: TableFile[] | undefined;
  #characters = 0;
  #held = 0;
  #segments = 0;
  #loads: Promise<void> = Promise.resolve();
  #failure: { error: unknown } | undefined;

  constructor(connection: DuckDBConnection, databasePath: string, tables: readonly SegmentTable[], beforeLoad: () => void) {
    this.#connection = connection;
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
  }

  /** Closes the files being filled and queues their load. */
  loadCurrent(): void {
    const files = this.#current;
    if (!files) return;
    this.#current = undefined;
    this.#characters = 0;
    this.#held = 0;
    this.#beforeLoad();
    const load = async () => {
      if (this.#failure) return;
      try {
        for (const file of files) await this.#load(file);
      } catch (error) {
        this.#failure ??= { error };
      } finally {
        await this.#remove(files);
      }
    };
    this.#loads = this.#loads.then(load, load);
  }

  /** Loads what is left and waits for every load; throws the first failure. */
  async finish(): Promise<void> {
    this.loadCurrent();
    await this.#loads;
    if (this.#failure) throw this.#failure.error;
  }

  /** Waits for loads in flight and removes every scratch file (after a failure too). */
  async discard(): Promise<void> {
    const files = this.#current;
    this.#current = undefined;
    if (files) await this.#remove(files);
    await this.#loads;
    await Promise.all([...this.#files].map((path) => rm(path, { force: true })));
  }

  #open(): TableFile[] {
    this.#segments += 1;
    return this.#tables.map((table) => {
      const path = join(this.#folder, `.idah-upd-${this.#tag}-${this.#segments}-${table.name}.csv`);
      this.#files.add(path);
      return { table, path, writer: new CsvFile(path), rows: 0, held: [] };
    });
  }

  async #load(file: TableFile): Promise<void> {
    file.writer.close();
    const { name, columns } = file.table;
    if (file.rows > 0) {
      const columnTypes = columns.map((column) => `'${column}': 'VARCHAR'`).join(', ');
      await this.#connection.run(
        `INSERT INTO ${name} SELECT * FROM read_csv('${file.path.replaceAll("'", "''")}', ${CSV_READ_OPTIONS}, columns = {${columnTypes}})`,
      );
    }
    if (file.held.length > 0) {
      const insert = `INSERT INTO ${name} VALUES (${columns.map(() => '?').join(', ')})`;
      for (const values of file.held) await this.#connection.run(insert, values);
      file.held = [];
    }
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

