import type { DataSource, RecordLists } from '../sources/data-source.ts';
import type { AnnotationFilter, MediaFilter } from '../sources/filters.ts';
import type { AnnotationRecord, EntryRecord, MediaRecord } from '../records.ts';

/** Filters of one kind kept for read-ahead; an exporter asking for more than this many reads the rest on demand. */
const READ_AHEAD_FILTERS = 4;

/**
 * The filters a dataset's batches were asked for, shared by its batches: a batch read ahead
 * starts the same reads as soon as its entries are known, so they run while the exporter works
 * on the batch before it.
 */
export class ReadAhead {
  readonly annotations = new Map<string, AnnotationFilter>();
  readonly medias = new Map<string, MediaFilter>();
  /** The batch read ahead, if any: a filter first asked for now starts its read there too. */
  next: BatchLoader | undefined;
}

const ignore = () => undefined;

/** The key a filter's reads are kept under; most exporters ask with no filter, which then costs no stringify per entry. */
const keyOf = (filter: object): string => {
  for (const _ in filter) return JSON.stringify(filter);
  return '{}';
};

/**
 * The annotations and medias of one batch of entries, read with one source call per filter
 * the first time any entry of the batch asks (or when the batch is read ahead), then shared by
 * the whole batch.
 */
export class BatchLoader {
  readonly #source: DataSource;
  readonly #entries: readonly EntryRecord[];
  readonly #readAhead: ReadAhead | undefined;
  readonly #annotations = new Map<string, Promise<RecordLists<AnnotationRecord>>>();
  readonly #medias = new Map<string, Promise<RecordLists<MediaRecord>>>();
  #readsUnderWay = 0;

  constructor(source: DataSource, entries: readonly EntryRecord[], readAhead?: ReadAhead) {
    this.#source = source;
    this.#entries = entries;
    this.#readAhead = readAhead;
  }

  /** Starts the reads the batches before this one asked for; a failure surfaces when an entry asks. */
  readAhead(): void {
    if (!this.#readAhead || this.#entries.length === 0) return;
    for (const [key, filter] of this.#readAhead.annotations) this.#annotationsLoading(key, filter).catch(ignore);
    for (const [key, filter] of this.#readAhead.medias) this.#mediasLoading(key, filter).catch(ignore);
  }

  /** Whether a read this batch started is still under way. */
  get reading(): boolean {
    return this.#readsUnderWay > 0;
  }

  async annotationsOf(entry: EntryRecord, filter: AnnotationFilter): Promise<AnnotationRecord[]> {
    const lists = await this.#annotationsLoading(keyOf(filter), filter);
    return (await lists.get(entry.id)) ?? [];
  }

  async mediasOf(entry: EntryRecord, filter: MediaFilter): Promise<MediaRecord[]> {
    if (!entry.resource) return [];
    const lists = await this.#mediasLoading(keyOf(filter), filter);
    return (await lists.get(entry.resource)) ?? [];
  }

  #annotationsLoading(key: string, filter: AnnotationFilter): Promise<RecordLists<AnnotationRecord>> {
    let loading = this.#annotations.get(key);
    if (!loading) {
      const source = this.#source;
      loading = this.#counted(source.annotationLists ? source.annotationLists(this.#entries, filter) : source.annotationsOf(this.#entries, filter));
      this.#annotations.set(key, loading);
      if (remember(this.#readAhead?.annotations, key, filter)) this.#readAhead!.next?.readAhead();
    }
    return loading;
  }

  #mediasLoading(key: string, filter: MediaFilter): Promise<RecordLists<MediaRecord>> {
    let loading = this.#medias.get(key);
    if (!loading) {
      loading = this.#counted(this.#source.mediasOf(this.#entries, filter));
      this.#medias.set(key, loading);
      if (remember(this.#readAhead?.medias, key, filter)) this.#readAhead!.next?.readAhead();
    }
    return loading;
  }

  #counted<T>(read: Promise<T>): Promise<T> {
    this.#readsUnderWay += 1;
    const done = () => {
      this.#readsUnderWay -= 1;
    };
    read.then(done, done);
    return read;
  }
}

/** True when the filter is new to the read-ahead. */
function remember<F>(filters: Map<string, F> | undefined, key: string, filter: F): boolean {
  if (!filters || filters.size >= READ_AHEAD_FILTERS || filters.has(key)) return false;
  filters.set(key, filter);
  return true;
}
