import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DuckDBConnection, DuckDBInstance, DuckDBPreparedStatement, DuckDBValue } from '@duckdb/node-api';
import { describeThrown, IdahPluginError } from '../../errors.ts';
import { loadDuckDb } from '../../lazy/duckdb.ts';
import { registerJsPredicates } from './js-predicates.ts';
import type { SqlParams } from './sql-params.ts';
import { assertDuckDbFile, assertUpdSchema, type UpdFileInfo } from './validate-upd-file.ts';

/** Query results column by column (`columns[i][row]`), the cheapest shape the driver hands out. */
export type Columns = DuckDBValue[][];

/** Statements kept prepared: a batch read runs the same few statements once per batch. */
const PREPARED_STATEMENTS_KEPT = 32;

/**
 * Queries run on one opening of the file before it is opened afresh. DuckDB keeps what it has
 * loaded of a table's storage until the instance closes, outside its memory limit, so without this
 * a reader's memory grows with the rows it has read (csv export of 300k entries x 10: peak 344 MB
 * with no reopening, 311 every 96 queries, 290 every 32, the same as at 100k). A batch of 1,000
 * entries runs about three queries: this reopens every ~10k entries, ~25 ms each time.
 */
export const QUERIES_PER_OPENING = 32;

/**
 * A UPD file opened read-only: DuckDB never writes to it (no WAL, no checkpoint). Queries go
 * through one connection, one at a time: callers may overlap (several datasets, annotations and
 * medias of a batch at once) and a DuckDB connection runs one statement at a time.
 */
export class UpdDatabase {
  readonly path: string;
  readonly info: UpdFileInfo;
  #instance: DuckDBInstance;
  #connection: DuckDBConnection;
  /** The file as first opened: a reopening refuses a file replaced or changed since. */
  readonly #identity: string;
  #queriesOnOpening = 0;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  /** By SQL text, least recently used first. */
  readonly #prepared = new Map<string, DuckDBPreparedStatement>();

  private constructor(path: string, info: UpdFileInfo, opened: Opening, identity: string) {
    this.path = path;
    this.info = info;
    this.#instance = opened.instance;
    this.#connection = opened.connection;
    this.#identity = identity;
  }

  /** Validates and opens; any problem with the file is a SOURCE_INVALID naming it. */
  static async open(path: string): Promise<UpdDatabase> {
    await assertDuckDbFile(path);
    const identity = await fileIdentity(path);
    const opened = await openInstance(path);
    try {
      const info = await assertUpdSchema(opened.connection, path);
      return new UpdDatabase(path, info, opened, identity);
    } catch (error) {
      opened.instance.closeSync();
      throw error;
    }
  }

  /** Runs a query and returns its columns; failures are SOURCE_READ_FAILED naming the file. */
  query(sql: string, params?: SqlParams): Promise<Columns> {
    const run = async (): Promise<Columns> => {
      if (this.#closed) throw new IdahPluginError('SOURCE_READ_FAILED', `UPD file ${this.path}: the source is closed`);
      if (this.#queriesOnOpening >= QUERIES_PER_OPENING) await this.#reopen();
      this.#queriesOnOpening += 1;
      try {
        const statement = await this.#statement(sql);
        if (params && params.values.length > 0) statement.bind(params.values, params.types);
        else statement.clearBindings();
        return (await statement.runAndReadAll()).getColumns();
      } catch (error) {
        throw new IdahPluginError('SOURCE_READ_FAILED', `UPD file ${this.path}: query failed: ${describeThrown(error)}`, {
          cause: error,
          details: { path: this.path, sql },
        });
      }
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  /** Prepares once per SQL text (parameters bound per run); the least recently used is dropped past the limit. */
  async #statement(sql: string): Promise<DuckDBPreparedStatement> {
    const kept = this.#prepared.get(sql);
    if (kept) {
      this.#prepared.delete(sql);
      this.#prepared.set(sql, kept);
      return kept;
    }
    const statement = await this.#connection.prepare(sql);
    this.#prepared.set(sql, statement);
    if (this.#prepared.size > PREPARED_STATEMENTS_KEPT) {
      const [oldest, dropped] = this.#prepared.entries().next().value!;
      this.#prepared.delete(oldest);
      dropped.destroySync();
    }
    return statement;
  }

  /**
   * After queries that read whole tables (the integrity checks): the next query opens the file
   * afresh, so what they loaded does not stay for the next QUERIES_PER_OPENING reads.
   */
  reopenBeforeNextQuery(): void {
    this.#queriesOnOpening = QUERIES_PER_OPENING;
  }

  /** Runs between two queries (from the queue): results are read whole, so nothing refers to the old opening. */
  async #reopen(): Promise<void> {
    this.#closeOpening();
    const identity = await fileIdentity(this.path).catch(() => 'gone');
    if (identity !== this.#identity) {
      this.#closed = true;
      throw new IdahPluginError('SOURCE_READ_FAILED', `UPD file ${this.path}: the file was replaced or changed while it was being read`, {
        details: { path: this.path },
      });
    }
    const opened = await openInstance(this.path).catch((error: unknown) => {
      this.#closed = true;
      throw new IdahPluginError('SOURCE_READ_FAILED', `UPD file ${this.path}: could not be opened again: ${describeThrown(error)}`, { cause: error, details: { path: this.path } });
    });
    this.#instance = opened.instance;
    this.#connection = opened.connection;
    this.#queriesOnOpening = 0;
  }

  #closeOpening(): void {
    for (const statement of this.#prepared.values()) statement.destroySync();
    this.#prepared.clear();
    this.#connection.closeSync();
    this.#instance.closeSync();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#queue;
    if (this.#closed) return;
    this.#closed = true;
    this.#closeOpening();
  }
}

interface Opening {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
}

async function openInstance(path: string): Promise<Opening> {
  const { DuckDBInstance } = await loadDuckDb();
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(path, {
      access_mode: 'READ_ONLY',
      // Spill files, if a query ever needs them, go to the system's temp folder, not beside the file.
      temp_directory: join(tmpdir(), `idah-upd-${process.pid}-${randomBytes(4).toString('hex')}`),
      // One thread: a reader's queries are small (a batch of 1,000 entries) and overlap with the
      // exporter on the other core; spread over both cores they cost more CPU for no time saved
      // (yolo in one process, alternating runs: at 100k x 10 user CPU 11.9 -> 10.9 s, wall 10.2-10.5
      // -> 9.8-9.9 s; at 300k x 10 user 33.0 -> 30.2 s, wall 29.3 -> 28.0 s, peak RSS alike).
      threads: '1',
    });
  } catch (error) {
    throw new IdahPluginError('SOURCE_INVALID', `UPD file ${path}: could not be opened as a DuckDB database: ${describeThrown(error)}`, {
      cause: error,
      details: { path },
    });
  }
  try {
    const connection = await instance.connect();
    registerJsPredicates(connection);
    return { instance, connection };
  } catch (error) {
    instance.closeSync();
    throw error;
  }
}

/** What tells one file from its replacement: device, inode, size and modification time. */
async function fileIdentity(path: string): Promise<string> {
  const info = await stat(path, { bigint: true });
  return `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}`;
}
