import type { DataSource } from '../sources/data-source.ts';
import type { AnnotationFilter, MediaFilter } from '../sources/filters.ts';
import type { AnnotationRecord, EntryRecord, MediaRecord } from '../records.ts';

/**
 * The annotations and medias of one batch of entries, read with one source call per filter
 * the first time any entry of the batch asks, then shared by the whole batch.
 */
export class BatchLoader {
  readonly #source: DataSource;
  readonly #entries: readonly EntryRecord[];
  readonly #annotations = new Map<string, Promise<Map<string, AnnotationRecord[]>>>();
  readonly #medias = new Map<string, Promise<Map<string, MediaRecord[]>>>();

  constructor(source: DataSource, entries: readonly EntryRecord[]) {
    this.#source = source;
    this.#entries = entries;
  }

  async annotationsOf(entry: EntryRecord, filter: AnnotationFilter): Promise<AnnotationRecord[]> {
    const key = JSON.stringify(filter);
    let loading = this.#annotations.get(key);
    if (!loading) {
      loading = this.#source.annotationsOf(this.#entries, filter);
      this.#annotations.set(key, loading);
    }
    return (await loading).get(entry.id) ?? [];
  }

  async mediasOf(entry: EntryRecord, filter: MediaFilter): Promise<MediaRecord[]> {
    if (!entry.resource) return [];
    const key = JSON.stringify(filter);
    let loading = this.#medias.get(key);
    if (!loading) {
      loading = this.#source.mediasOf(this.#entries, filter);
      this.#medias.set(key, loading);
    }
    return (await loading).get(entry.resource) ?? [];
  }
}
