import type { DataSource } from '../sources/data-source.ts';
import { parseAnnotationFilter, parseMediaFilter } from '../sources/filters.ts';
import type { EntryRecord } from '../records.ts';
import type { BatchLoader } from './batch-loader.ts';
import { Query } from './query.ts';
import { AnnotationContext, MediaContext } from './record-contexts.ts';

async function* wrapEach<R, C>(records: Promise<R[]>, wrap: (record: R) => C): AsyncGenerator<C> {
  for (const record of await records) yield wrap(record);
}

export class EntryContext {
  readonly record: EntryRecord;
  readonly #batch: BatchLoader;
  readonly #source: DataSource;

  constructor(record: EntryRecord, batch: BatchLoader, source: DataSource) {
    this.record = record;
    this.#batch = batch;
    this.#source = source;
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
    return new Query(
      () => wrapEach(load(), (record) => new AnnotationContext(record)),
      async () => (await load()).length,
    );
  }

  /** The entry's medias. Filters: `key` (`""` is the original file), `mime_type`. */
  medias(filter?: Record<string, unknown>): Query<MediaContext> {
    const parsed = parseMediaFilter(filter);
    const load = () => this.#batch.mediasOf(this.record, parsed);
    return new Query(
      () => wrapEach(load(), (record) => new MediaContext(record, this.#source)),
      async () => (await load()).length,
    );
  }
}
