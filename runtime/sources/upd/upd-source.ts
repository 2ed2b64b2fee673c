import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { IdahPluginError } from '../../errors.ts';
import type { AnnotationRecord, DatasetRecord, EntryRecord, MediaRecord } from '../../records.ts';
import { rowToDataset, rowToEntry } from '../../upd/mapping.ts';
import { readAnnotationLists, type UpdAnnotationLists } from './annotation-lists.ts';
import type { DataSource, EntryBatchOptions } from '../data-source.ts';
import type { AnnotationFilter, EntryFilter, MediaFilter } from '../filters.ts';
import { readDatasetStats, type UpdDatasetStats } from './dataset-stats.ts';
import { entryFilterConditions } from './filter-sql.ts';
import { ENTRY_RESOURCE_SQL } from './media-link-sql.ts';
import { type MediaAccess, type MediaAccessOptions, mediaAccessOf } from './media-access.ts';
import { locationOf, type MediaLocation, readMediasOf } from './media-reads.ts';
import { openMediaAt } from './open-media.ts';
import { allOf, SqlParams } from './sql-params.ts';
import { queryTextRows } from './text-rows.ts';
import { type Columns, QUERIES_PER_OPENING, UpdDatabase } from './upd-database.ts';
import type { UpdFileInfo } from './validate-upd-file.ts';
import { checkIntegrity, type UpdIntegrity } from './integrity.ts';
import { markInvalid, readRecord, recordInvalid } from '../invalid-record.ts';

export interface UpdSourceOptions extends MediaAccessOptions {
  /** Overrides the batch size the source reports as fastest. */
  preferredBatchSize?: number;
}

/**
 * Entries per batch. Measured on a 100k-entry file with 10 annotations per entry: 5,000 reads
 * ~10% faster than 1,000 but peaks at ~520-600 MB RSS (DuckDB's per-query memory) against ~270 MB
 * for 1,000; flat memory matters more than the last 10%.
 */
export const UPD_PREFERRED_BATCH_SIZE = 1000;

/** Entries one opening of the file serves: a batch of the preferred size queries about three times. */
const ENTRIES_PER_OPENING = Math.floor(QUERIES_PER_OPENING / 3) * UPD_PREFERRED_BATCH_SIZE;

/** Opens a UPD file read-only as a data source; an unusable file is a SOURCE_INVALID naming it. */
export async function openUpdSource(path: string, options: UpdSourceOptions = {}): Promise<UpdSource> {
  const absolutePath = resolve(path);
  return new UpdSource(await UpdDatabase.open(absolutePath), options);
}

/** Opens a UPD file, counts its datasets, and closes it. */
export async function updDatasetStats(path: string): Promise<UpdDatasetStats[]> {
  const source = await openUpdSource(path);
  try {
    return await source.datasetStats();
  } finally {
    await source.close();
  }
}

const unmarked = <T>(record: T): T => record;

export class UpdSource implements DataSource {
  readonly description: string;
  readonly preferredBatchSize: number;
  readonly #database: UpdDatabase;
  /** Where the bytes of each media handed out are, until the record is dropped. */
  readonly #locations = new WeakMap<MediaRecord, MediaLocation>();
  readonly #mediaAccess: MediaAccess;
  /**
   * Each entry handed out by an unfiltered read of a file of one dataset, by its place among all
   * the file's entries in id order: a batch of such entries with few gaps is read by its id range.
   */
  readonly #places = new WeakMap<EntryRecord, number>();
  #oneDataset: Promise<boolean> | undefined;
  #integrity: Promise<UpdIntegrity> | undefined;

  constructor(database: UpdDatabase, options: UpdSourceOptions = {}) {
    this.#database = database;
    this.description = database.path;
    this.preferredBatchSize = options.preferredBatchSize ?? UPD_PREFERRED_BATCH_SIZE;
    const { preferredBatchSize: _, ...access } = options;
    this.#mediaAccess = mediaAccessOf(access, dirname(database.path));
  }

  /** What the file says about itself (version, flavor, author). */
  get info(): UpdFileInfo {
    return this.#database.info;
  }

  async listDatasets(): Promise<DatasetRecord[]> {
    const { duplicates } = await this.#checked();
    return datasetsOf(await this.#database.query('SELECT id, name, modality, metadata FROM datasets ORDER BY id'), duplicates.datasets);
  }

  async getDatasets(ids: readonly string[]): Promise<DatasetRecord[]> {
    if (ids.length === 0) return [];
    const params = new SqlParams();
    const { duplicates } = await this.#checked();
    const found = datasetsOf(
      await this.#database.query(
        `SELECT id, name, modality, metadata FROM datasets WHERE id IN (SELECT unnest(${params.textList(ids)})) ORDER BY id`,
        params,
      ),
      duplicates.datasets,
    );
    const byId = new Map(found.map((record) => [record.id, record]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  datasetStats(): Promise<UpdDatasetStats[]> {
    return readDatasetStats(this.#database);
  }

  async countEntries(datasetId: string, filter: EntryFilter): Promise<number> {
    const params = new SqlParams();
    const conditions = [`dataset_id = ${params.text(datasetId)}`, ...entryFilterConditions(filter, params)];
    const [counts = []] = await this.#database.query(`SELECT count(*) FROM entries WHERE ${allOf(conditions)}`, params);
    return Number(counts[0] ?? 0);
  }

  /**
   * Keyset pages (`id > last ORDER BY id LIMIT n`), each also bounded above by the id that ends
   * it, taken from one ranking of the dataset's ids up front: without that bound, each page sorted
   * every entry after it to find its first n (245k rows read for the second page of 300k).
   */
  async *entryBatches(datasetId: string, filter: EntryFilter, options: EntryBatchOptions): AsyncGenerator<EntryRecord[]> {
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      throw new IdahPluginError('SOURCE_READ_FAILED', `entry batches: expected a positive integer batchSize, got ${options.batchSize}`);
    }
    const { duplicates } = await this.#checked();
    const placed = entryFilterConditions(filter, new SqlParams()).length === 0 && (await this.#holdsOneDataset());
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    const lastIds = await this.#batchLastIds(datasetId, filter, options.batchSize, remaining);
    let after: string | undefined;
    let place = 0;
    for (let batch = 0; remaining > 0; batch += 1) {
      const size = Math.min(options.batchSize, remaining);
      const params = new SqlParams();
      const conditions = [`dataset_id = ${params.text(datasetId)}`, ...entryFilterConditions(filter, params)];
      if (after !== undefined) conditions.push(`id > ${params.text(after)}`);
      if (batch < lastIds.length) conditions.push(`id <= ${params.text(lastIds[batch]!)}`);
      const rows = await queryTextRows(
        this.#database,
        { columns: ['id', 'dataset_id', 'metadata'], from: `FROM entries WHERE ${allOf(conditions)}`, orderBy: 'id', limit: size },
        params,
      );
      if (rows.length === 0) return;
      yield rows.map(([id, dataset_id, metadata]) => {
        const record = withDuplicateMark(
          readRecord(
            () => rowToEntry({ id: id!, dataset_id: dataset_id!, metadata: metadata! }),
            () => ({ id: id!, dataset_id: dataset_id! }),
            { table: 'entries', id: id!, column: 'metadata' },
          ),
          'entries',
          duplicates.entries,
        );
        if (placed) this.#places.set(record, place);
        place += 1;
        return record;
      });
      if (rows.length < size) return;
      remaining -= rows.length;
      after = rows[rows.length - 1]![0]!;
    }
  }

  /**
   * The id each full batch ends with (every `batchSize`-th id in order), as far as `limit` reaches.
   * NULL ids sort last and no `id >` condition matches them: they are left out of the ranking, so
   * only a last, unbounded page can hold them, as before. It reads the whole dataset's ids: past
   * the entries one opening serves anyway (ENTRIES_PER_OPENING), the file is opened afresh after it.
   */
  async #batchLastIds(datasetId: string, filter: EntryFilter, batchSize: number, limit: number): Promise<string[]> {
    const params = new SqlParams();
    const conditions = [`dataset_id = ${params.text(datasetId)}`, 'id IS NOT NULL', ...entryFilterConditions(filter, params)];
    const batches = Number.isFinite(limit) ? ` AND place <= ${Math.ceil(limit / batchSize) * batchSize}` : '';
    const [ids = []] = await this.#database.query(
      `SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS place FROM entries WHERE ${allOf(conditions)})
       WHERE place % ${batchSize} = 0${batches} ORDER BY id`,
      params,
    );
    if (ids.length * batchSize > ENTRIES_PER_OPENING) this.#database.reopenBeforeNextQuery();
    return ids as string[];
  }

  async annotationsOf(entries: readonly EntryRecord[], filter: AnnotationFilter): Promise<Map<string, AnnotationRecord[]>> {
    const lists = await this.annotationLists(entries, filter);
    const result = new Map<string, AnnotationRecord[]>();
    for (const entry of entries) result.set(entry.id, await lists.get(entry.id));
    return result;
  }

  /** One JSON text per entry from DuckDB; an entry's records are built when first asked for. */
  async annotationLists(entries: readonly EntryRecord[], filter: AnnotationFilter): Promise<UpdAnnotationLists> {
    const { duplicates } = await this.#checked();
    const mark = duplicates.annotations.size === 0 ? unmarked : (record: AnnotationRecord) => withDuplicateMark(record, 'annotations', duplicates.annotations);
    return readAnnotationLists(this.#database, entries, filter, mark, this.#mostlyConsecutive(entries));
  }

  async mediasOf(entries: readonly EntryRecord[], filter: MediaFilter): Promise<Map<string, MediaRecord[]>> {
    const { medias, locations } = await readMediasOf(this.#database, entries, filter, this.#mostlyConsecutive(entries));
    for (const [record, location] of locations) this.#locations.set(record, location);
    const { duplicates } = await this.#checked();
    if (duplicates.medias.size > 0) {
      for (const list of medias.values()) for (const media of list) withDuplicateMark(media, 'medias', duplicates.medias, `${media.resource}/${media.key}`);
    }
    return medias;
  }

  /**
   * What the file's keys should guarantee and do not: rows pointing at a missing parent (listed
   * here, as no read reaches them). Duplicate ids are marked on the rows as they are read.
   */
  async integrityProblems(): Promise<IdahPluginError[]> {
    return (await this.#checked()).orphans;
  }

  /**
   * Whether the entries' id range holds few other entries (at most as many as the batch), so
   * reading the whole range costs less than naming each id. Any range would be correct: rows of
   * entries not asked for are left unread in JS.
   */
  #mostlyConsecutive(entries: readonly EntryRecord[]): boolean {
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const entry of entries) {
      const place = this.#places.get(entry);
      if (place === undefined) return false;
      if (place < first) first = place;
      if (place > last) last = place;
    }
    return entries.length > 0 && last - first + 1 <= 2 * entries.length;
  }

  /** Whether every entry of the file belongs to one dataset (then a dataset's id range is the file's). */
  #holdsOneDataset(): Promise<boolean> {
    this.#oneDataset ??= this.#database.query('SELECT count(DISTINCT dataset_id) <= 1 FROM entries').then(([ones = []]) => ones[0] === true);
    return this.#oneDataset;
  }

  /** Run once per source, before the first read that needs it. */
  #checked(): Promise<UpdIntegrity> {
    this.#integrity ??= checkIntegrity(this.#database).finally(() => this.#database.reopenBeforeNextQuery());
    return this.#integrity;
  }

  async openMedia(media: MediaRecord): Promise<Readable> {
    const location = this.#locations.get(media) ?? (await this.#locate(media));
    const entry = location.entryId === undefined ? '' : ` of entry "${location.entryId}"`;
    const label = `"${media.id}" (resource "${media.resource}", key "${media.key}")${entry}`;
    return openMediaAt(this.#database, location, label, this.#mediaAccess);
  }

  async close(): Promise<void> {
    await this.#database.close();
  }

  /** For a record this source did not hand out (a copy): finds its row and its entry's URL. */
  async #locate(media: MediaRecord): Promise<MediaLocation> {
    const params = new SqlParams();
    const [hasRows = [], mediaUrls = []] = await this.#database.query(
      `SELECT EXISTS (SELECT 1 FROM medias WHERE id = ${params.text(media.resource)} AND key = ${params.text(media.key)}),
              (SELECT media_url FROM entries WHERE ${ENTRY_RESOURCE_SQL} = ${params.text(media.resource)} AND media_url <> '' ORDER BY id LIMIT 1)`,
      params,
    );
    return locationOf(media, hasRows[0] === true, (mediaUrls[0] as string | null) ?? null);
  }
}

function datasetsOf([ids = [], names = [], modalities = [], metadatas = []]: Columns, duplicates: Map<string, number>): DatasetRecord[] {
  return ids.map((id, row) => {
    const [name, modality] = [names[row] as string, modalities[row] as string];
    const record = readRecord(
      () => rowToDataset({ id: id as string, name, modality, metadata: metadatas[row] as string | null }),
      () => ({ id: id as string, name, modality }),
      { table: 'datasets', id: id as string, column: 'metadata' },
    );
    return withDuplicateMark(record, 'datasets', duplicates);
  });
}

/** A row whose id the table holds more than once is a bad record: which copy is right cannot be told. */
function withDuplicateMark<T extends { id: string }>(record: T, table: string, duplicates: Map<string, number>, key = record.id): T {
  const count = duplicates.get(key);
  if (count === undefined) return record;
  return markInvalid(record, recordInvalid({ table, id: key, column: 'id' }, `the id occurs ${count} times in ${table}; expected each id once`));
}
