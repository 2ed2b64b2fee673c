import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { describeThrown, IdahPluginError, isIdahPluginError } from '../../errors.ts';
import { loadDuckDb } from '../../lazy/duckdb.ts';
import type { AnnotationRecord, DatasetRecord, EntryRecord, MediaRecord } from '../../records.ts';
import { createUpdIndexes, createUpdTables } from '../create-schema.ts';
import { UPD_CORE_COLUMNS } from '../schema.ts';
import type { UpdFileMetadataOptions } from '../file-metadata.ts';
import { annotationToRow, datasetToRow, entryToRow, mediaToRow, type MediaRow } from '../mapping.ts';
import { type SpooledMedia, spoolMedia, spoolPathBeside } from './media-spool.ts';
import { MediaTableBuffer } from './media-table-buffer.ts';
import { LOAD_CONNECTIONS, RowSegments } from './row-segments.ts';
import { publishTempFile, removeTempFiles, tempPathBeside } from './temp-file-beside.ts';
import { VarcharTableBuffer } from './varchar-table-buffer.ts';

export type UpdWriterOptions = UpdFileMetadataOptions;

export interface AddEntryOptions {
  /** `local:<resource>` when the medias are in the file, otherwise a URL or path; null when there is none. */
  mediaUrl: string | null;
}

export interface UpdWriterCounts {
  datasets: number;
  entries: number;
  annotations: number;
  medias: number;
}

const ENTRIES = 0;
const ANNOTATIONS = 1;

/**
 * Writes a new UPD file. Entries and annotations, the bulk, are written as CSV to scratch files
 * and loaded by DuckDB itself in segments while the next one fills (RowSegments): no value
 * crosses the binding one by one, and the inserts, constraints checked, run on DuckDB's threads.
 * Datasets and medias go through DuckDB's appender. The file is built under a temporary name
 * beside the target and renamed on `close()`. A failed write, or `abort()`, removes it. Add a
 * dataset before its entries, and an entry before its annotations. A failed load surfaces at
 * the next add (once the event loop has turned) or at `close()`.
 */
export class UpdWriter {
  readonly path: string;
  readonly #tempPath: string;
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;
  readonly #loadConnections: readonly DuckDBConnection[];
  readonly #datasets: VarcharTableBuffer;
  readonly #rows: RowSegments;
  readonly #medias: MediaTableBuffer;
  readonly #datasetIds = new Set<string>();
  readonly #mediaKeys = new Set<string>();
  readonly #counts: UpdWriterCounts = { datasets: 0, entries: 0, annotations: 0, medias: 0 };
  #state: 'open' | 'closed' | 'failed' = 'open';
  #removal: Promise<void> = Promise.resolve();
  /** Inserts of spooled medias, one at a time on the connection. */
  #inserts: Promise<void> = Promise.resolve();

  private constructor(path: string, tempPath: string, instance: DuckDBInstance, connections: [DuckDBConnection, DuckDBConnection[]], appenders: Appenders) {
    this.path = path;
    this.#tempPath = tempPath;
    this.#instance = instance;
    [this.#connection, this.#loadConnections] = connections;
    this.#datasets = new VarcharTableBuffer(appenders.datasets);
    this.#medias = new MediaTableBuffer(appenders.medias);
    // Loads run on their own connections (taking turns), so the appenders' connection stays free meanwhile.
    this.#rows = new RowSegments(
      this.#loadConnections,
      tempPath,
      [
        // The metadata, shape_args and properties values are JSON.stringify's, as the mapping makes them.
        { name: 'entries', columns: UPD_CORE_COLUMNS.entries, jsonColumns: jsonColumnsOf(UPD_CORE_COLUMNS.entries) },
        { name: 'annotations', columns: UPD_CORE_COLUMNS.annotations, jsonColumns: jsonColumnsOf(UPD_CORE_COLUMNS.annotations) },
      ],
      () => this.#datasets.flush(),
    );
  }

  static async create(path: string, options: UpdWriterOptions): Promise<UpdWriter> {
    const tempPath = tempPathBeside(path);
    const { DuckDBInstance } = await loadDuckDb();
    let instance: DuckDBInstance | undefined;
    try {
      instance = await DuckDBInstance.create(tempPath);
      const connection = await instance.connect();
      await createUpdTables(connection, options);
      const appenders: Appenders = {
        datasets: await connection.createAppender('datasets'),
        medias: await connection.createAppender('medias'),
      };
      const loadConnections: DuckDBConnection[] = [];
      for (let index = 0; index < LOAD_CONNECTIONS; index += 1) loadConnections.push(await instance.connect());
      return new UpdWriter(path, tempPath, instance, [connection, loadConnections], appenders);
    } catch (error) {
      instance?.closeSync();
      await removeTempFiles(tempPath);
      throw new IdahPluginError('EXPORT_FAILED', `UPD: could not create ${path}: ${describeThrown(error)}`, { cause: error });
    }
  }

  get counts(): UpdWriterCounts {
    return { ...this.#counts };
  }

  addDataset(record: DatasetRecord): void {
    this.#assertOpen();
    const row = datasetToRow(record);
    if (this.#datasetIds.has(row.id)) {
      throw new IdahPluginError('EXPORT_FAILED', `UPD: dataset "${row.id}" was already added; expected each dataset once`);
    }
    this.#datasetIds.add(row.id);
    this.#datasets.add([row.id, row.name, row.modality, row.metadata]);
    this.#counts.datasets += 1;
  }

  addEntry(record: EntryRecord, options: AddEntryOptions): void {
    this.#assertOpen();
    const row = entryToRow(record, options.mediaUrl);
    if (!this.#datasetIds.has(row.dataset_id)) {
      throw new IdahPluginError(
        'EXPORT_FAILED',
        `UPD: entry "${row.id}" belongs to dataset "${row.dataset_id}", which was not added; expected addDataset before its entries`,
      );
    }
    this.#addRow(ENTRIES, [row.id, row.dataset_id, row.media_url, row.metadata]);
    this.#counts.entries += 1;
  }

  addAnnotation(record: AnnotationRecord): void {
    this.#assertOpen();
    const row = annotationToRow(record);
    this.#addRow(ANNOTATIONS, [row.id, row.entry_id, row.shape_type, row.shape_args, row.category, row.properties, row.metadata]);
    this.#counts.annotations += 1;
  }

  /** Whether a media with this `(resource, key)` is already stored: lets a caller skip opening its bytes. */
  hasMedia(record: Pick<MediaRecord, 'resource' | 'key'>): boolean {
    return this.#mediaKeys.has(mediaKeyOf(record.resource, record.key));
  }

  /**
   * Stores a media and its bytes (null: metadata only, the bytes stay at the entry's URL).
   * A media whose `(resource, key)` is already stored is skipped (its stream destroyed unread): false.
   */
  async addMedia(record: MediaRecord, blob: Buffer | Uint8Array | Readable | null): Promise<boolean> {
    this.#assertOpen();
    const row = mediaToRow(record);
    const mediaKey = mediaKeyOf(row.id, row.key);
    if (this.#mediaKeys.has(mediaKey)) {
      if (blob && 'destroy' in blob && typeof blob.destroy === 'function') blob.destroy();
      return false;
    }
    // Claimed before reading, so a concurrent call with the same media skips it.
    this.#mediaKeys.add(mediaKey);
    let spooled: SpooledMedia | null;
    try {
      if (blob === null) spooled = null;
      else if (blob instanceof Uint8Array) spooled = { kind: 'bytes', bytes: Buffer.from(blob.buffer, blob.byteOffset, blob.byteLength) };
      else spooled = await readMedia(blob, record, spoolPathBeside(this.#tempPath));
    } catch (error) {
      this.#mediaKeys.delete(mediaKey);
      throw error;
    }
    if (spooled?.kind === 'file') {
      try {
        await this.#insertSpooled(row, spooled.path);
      } finally {
        await rm(spooled.path, { force: true });
      }
    } else {
      this.#assertOpen();
      const bytes = spooled?.bytes ?? null;
      this.#guard(() => this.#medias.add(row, bytes));
    }
    this.#counts.medias += 1;
    return true;
  }

  /** A large media goes in by DuckDB reading the spooled file itself: the bytes never sit in JS memory. */
  async #insertSpooled(row: MediaRow, spoolPath: string): Promise<void> {
    const insert = async () => {
      this.#assertOpen();
      this.#guard(() => this.#medias.flush());
      try {
        await this.#connection.run(
          'INSERT INTO medias SELECT $id, $key, content, CAST($media_type AS VARCHAR), $metadata FROM read_blob($path)',
          { id: row.id, key: row.key, media_type: row.media_type, metadata: row.metadata, path: spoolPath },
        );
      } catch (error) {
        throw asWriteError(error, `writing the bytes of media "${row.id}" (key "${row.key}") failed`);
      }
    };
    const done = this.#inserts.then(insert, insert);
    this.#inserts = done.catch(() => undefined);
    await done;
  }

  /** Writes the remaining rows, builds the indexes and moves the file to its path. */
  async close(): Promise<void> {
    if (this.#state === 'failed') {
      await this.abort();
      throw new IdahPluginError('EXPORT_FAILED', `UPD: ${this.path} was not written: an earlier write failed`);
    }
    this.#assertOpen();
    await this.#inserts;
    this.#state = 'closed';
    try {
      this.#datasets.flush();
      await this.#rows.finish();
      this.#medias.flush();
      this.#closeAppenders();
      await createUpdIndexes(this.#connection);
      await this.#connection.run('CHECKPOINT');
      this.#closeDatabase({ discardRows: false });
      await publishTempFile(this.#tempPath, this.path);
    } catch (error) {
      this.#closeDatabase({ discardRows: true });
      await this.#rows.discard();
      await removeTempFiles(this.#tempPath);
      throw asWriteError(error, `could not finish ${this.path}`);
    }
  }

  /** Discards the file being written. Safe to call after a failure, and more than once. */
  async abort(): Promise<void> {
    await this.#inserts;
    if (this.#state === 'open') this.#closeDatabase({ discardRows: true });
    this.#state = 'closed';
    await this.#removal;
    await this.#rows.discard();
    await removeTempFiles(this.#tempPath);
  }

  /** Queues a row; a load that failed in the background fails this call (and the writer). No closure: it runs per row. */
  #addRow(table: number, values: (string | null)[]): void {
    try {
      const failed = this.#rows.failure;
      if (failed) throw failed.error;
      this.#rows.add(table, values);
    } catch (error) {
      this.#fail(error);
    }
  }

  /**
   * A failed flush leaves the appenders in an unknown state: the writer closes the database and
   * starts removing the temporary file at once; `close()` then fails and `abort()` finishes.
   */
  #guard(write: () => void): void {
    try {
      write();
    } catch (error) {
      this.#fail(error);
    }
  }

  #fail(error: unknown): never {
    this.#state = 'failed';
    this.#closeDatabase({ discardRows: true });
    this.#removal = this.#rows
      .discard()
      .then(() => removeTempFiles(this.#tempPath))
      .catch(() => undefined);
    throw asWriteError(error, `writing ${this.path} failed`);
  }

  #assertOpen(): void {
    if (this.#state !== 'open') {
      throw new IdahPluginError('EXPORT_FAILED', `UPD: the writer for ${this.path} is ${this.#state}; expected an open writer`);
    }
  }

  get #buffers(): Array<VarcharTableBuffer | MediaTableBuffer> {
    return [this.#datasets, this.#medias];
  }

  #closeAppenders(): void {
    for (const buffer of this.#buffers) buffer.close();
  }

  #closeDatabase({ discardRows }: { discardRows: boolean }): void {
    if (discardRows) for (const buffer of this.#buffers) ignoreErrors(() => buffer.discard());
    for (const loadConnection of this.#loadConnections) ignoreErrors(() => loadConnection.closeSync());
    ignoreErrors(() => this.#connection.closeSync());
    ignoreErrors(() => this.#instance.closeSync());
  }
}

interface Appenders {
  datasets: Awaited<ReturnType<DuckDBConnection['createAppender']>>;
  medias: Awaited<ReturnType<DuckDBConnection['createAppender']>>;
}

const JSON_COLUMNS: readonly string[] = ['metadata', 'shape_args', 'properties'];
const jsonColumnsOf = (columns: readonly string[]): boolean[] => columns.map((column) => JSON_COLUMNS.includes(column));

const mediaKeyOf = (resource: string, key: string): string => `${resource}\u0000${key}`;

/** For closing things that may already be closed. */
function ignoreErrors(action: () => void): void {
  try {
    action();
  } catch {
    // Already closed or never opened.
  }
}

function asWriteError(error: unknown, context: string): IdahPluginError {
  if (isIdahPluginError(error)) return error;
  return new IdahPluginError('EXPORT_FAILED', `UPD: ${context}: ${describeThrown(error)}`, { cause: error });
}

/** Reading the bytes: an error about the data (a refused or unreadable media) keeps its code for on_error. */
async function readMedia(stream: Readable, record: MediaRecord, spoolPath: string | undefined): Promise<SpooledMedia> {
  try {
    return await spoolMedia(stream, spoolPath);
  } catch (error) {
    if (isIdahPluginError(error)) throw error;
    throw new IdahPluginError('EXPORT_FAILED', `UPD: reading the bytes of media "${record.id}" failed: ${describeThrown(error)}`, {
      cause: error,
    });
  }
}
