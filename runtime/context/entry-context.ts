import type { IdahPluginError } from '../errors.ts';
import type { DataSource } from '../sources/data-source.ts';
import { invalidityOf } from '../sources/invalid-record.ts';
import { type AnnotationFilter, type MediaFilter, parseAnnotationFilter, parseMediaFilter } from '../sources/filters.ts';
import type { EntryRecord } from '../records.ts';
import type { BatchLoader } from './batch-loader.ts';
import { type InvalidRecordHandler, throwInvalid } from './invalid-records.ts';
import { Query, SkippedItem } from './query.ts';
import { AnnotationContext, MediaContext } from './record-contexts.ts';

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
    // Anonymous arrows and methods, not named closures: this runs per entry, and tsx's keepNames
    // gives every named closure a defineProperty call each time it is created.
    return Query.ofHeld(
      () => this.#annotationItems(parsed),
      async () => countValid(await this.#batch.annotationsOf(this.record, parsed)),
    );
  }

  /** The entry's medias. Filters: `key` (`""` is the original file), `mime_type`. */
  medias(filter?: Record<string, unknown>): Query<MediaContext> {
    const parsed = parseMediaFilter(filter);
    return Query.ofHeld(
      () => this.#mediaItems(parsed),
      async () => countValid(await this.#batch.mediasOf(this.record, parsed)),
    );
  }

  /** The annotations read well, wrapped; each bad one's stand-in becomes a SkippedItem whose handler reports it. */
  async #annotationItems(filter: AnnotationFilter): Promise<Array<AnnotationContext | SkippedItem>> {
    return heldItems(
      await this.#batch.annotationsOf(this.record, filter),
      (record) => new AnnotationContext(record),
      (record, invalid) => this.#invalidRecord(invalid, { dataset_id: this.record.dataset_id, entry_id: this.record.id, annotation_id: record.id }),
    );
  }

  async #mediaItems(filter: MediaFilter): Promise<Array<MediaContext | SkippedItem>> {
    return heldItems(
      await this.#batch.mediasOf(this.record, filter),
      (record) => new MediaContext(record, this.#source),
      (_record, invalid) => this.#invalidRecord(invalid, { dataset_id: this.record.dataset_id, entry_id: this.record.id }),
    );
  }
}

/** Records wrapped for the exporter; a bad one becomes a SkippedItem whose handler reports it. */
function heldItems<R extends object, C>(records: readonly R[], wrap: (record: R) => C, report: (record: R, invalid: IdahPluginError) => Promise<void>): Array<C | SkippedItem> {
  const items: Array<C | SkippedItem> = new Array(records.length);
  for (let index = 0; index < records.length; index += 1) {
    const record = records[index]!;
    const invalid = invalidityOf(record);
    items[index] = invalid ? new SkippedItem(() => report(record, invalid)) : wrap(record);
  }
  return items;
}
