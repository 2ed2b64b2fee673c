import type { IdahPluginError } from '../errors.ts';
import type { DataSource } from '../sources/data-source.ts';
import { invalidityOf } from '../sources/invalid-record.ts';
import { parseAnnotationFilter, parseMediaFilter } from '../sources/filters.ts';
import type { AnnotationRecord, EntryRecord, MediaRecord } from '../records.ts';
import type { BatchLoader } from './batch-loader.ts';
import { type InvalidRecordHandler, throwInvalid } from './invalid-records.ts';
import { Query, SkippedItem } from './query.ts';
import { AnnotationContext, MediaContext } from './record-contexts.ts';

/** The held items one by one: each bad record's handler runs where the record would have come. */
async function* validItems<C>(items: Promise<ReadonlyArray<C | SkippedItem>>): AsyncGenerator<C> {
  for (const item of await items) {
    if (item instanceof SkippedItem) await item.handle();
    else yield item;
  }
}

/** The records read well, wrapped, at once: each bad record's stand-in becomes a SkippedItem whose handler calls `onInvalid`. */
async function heldValid<R extends object, C>(
  records: Promise<R[]>,
  wrap: (record: R) => C,
  onInvalid: (error: IdahPluginError, record: R) => Promise<void>,
): Promise<Array<C | SkippedItem>> {
  const loaded = await records;
  const items: Array<C | SkippedItem> = new Array(loaded.length);
  for (let index = 0; index < loaded.length; index += 1) {
    const record = loaded[index]!;
    const invalid = invalidityOf(record);
    items[index] = invalid ? new SkippedItem(() => onInvalid(invalid, record)) : wrap(record);
  }
  return items;
}

const countValid = (records: readonly object[]) => records.filter((record) => !invalidityOf(record)).length;

export class EntryContext {
  readonly record: EntryRecord;
  readonly #batch: BatchLoader;
  readonly #source: DataSource;
  readonly #invalidRecord: InvalidRecordHandler;

  constructor(record: EntryRecord, batch: BatchLoader, source: DataSource, invalidRecord: InvalidRecordHandler = throwInvalid) {
    this.record = record;
    this.#batch = batch;
    this.#source = source;
    this.#invalidRecord = invalidRecord;
  }

  get id(): string {
    return this.record.id;
  }

  /**
   * The entry's annotations. Filters: `type` (`polygon` or `idah-image:polygon`), `category`,
   * `updated_at__gt`. Read for the whole batch of entries at once.
   */
  annotations(filter?: Record<string, unknown>): Query<AnnotationContext> {
    const parsed = parseAnnotationFilter(filter);
    const load = () => this.#batch.annotationsOf(this.record, parsed);
    const where = { dataset_id: this.record.dataset_id, entry_id: this.record.id };
    const wrap = (record: AnnotationRecord) => new AnnotationContext(record);
    const onInvalid = (error: IdahPluginError, record: AnnotationRecord) => this.#invalidRecord(error, { ...where, annotation_id: record.id });
    const held = () => heldValid(load(), wrap, onInvalid);
    return new Query(() => validItems(held()), async () => countValid(await load()), held);
  }

  /** The entry's medias. Filters: `key` (`""` is the original file), `mime_type`. */
  medias(filter?: Record<string, unknown>): Query<MediaContext> {
    const parsed = parseMediaFilter(filter);
    const load = () => this.#batch.mediasOf(this.record, parsed);
    const where = { dataset_id: this.record.dataset_id, entry_id: this.record.id };
    const wrap = (record: MediaRecord) => new MediaContext(record, this.#source);
    const onInvalid = (error: IdahPluginError) => this.#invalidRecord(error, where);
    const held = () => heldValid(load(), wrap, onInvalid);
    return new Query(() => validItems(held()), async () => countValid(await load()), held);
  }
}
