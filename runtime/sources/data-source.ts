import type { Readable } from 'node:stream';
import type { IdahPluginError } from '../errors.ts';
import type { AnnotationRecord, DatasetRecord, EntryRecord, MediaRecord } from '../records.ts';
import type { AnnotationFilter, EntryFilter, MediaFilter } from './filters.ts';

/**
 * Records of a batch by key (entry id, resource): a Map, or a source's own lookup that builds each
 * list when it is first asked for (and may then need to read: a promise).
 */
export interface RecordLists<T> {
  get(key: string): T[] | undefined | Promise<T[] | undefined>;
}

export interface EntryBatchOptions {
  /** How many entries one batch holds at most. */
  batchSize: number;
  /** Stop after this many entries in all. */
  limit?: number;
}

/**
 * What the export context reads through. Reads are streamed in batches: the context asks for
 * a batch of entries, then for the annotations or medias of the whole batch in one read,
 * never one query per entry, and never a whole dataset at once.
 * Filters arrive already validated (see filters.ts) and must be applied by the source.
 */
export interface DataSource {
  /** Says what the source reads (a file path, "memory"), for messages. */
  readonly description: string;
  /** The batch size this source reads best at; the context uses it unless told otherwise. */
  readonly preferredBatchSize?: number;
  /** Every dataset the source holds, in id order. */
  listDatasets(): Promise<DatasetRecord[]>;
  /** The datasets with these ids, in the order asked; ids the source lacks are left out. */
  getDatasets(ids: readonly string[]): Promise<DatasetRecord[]>;
  countEntries(datasetId: string, filter: EntryFilter): Promise<number>;
  /** A dataset's entries in a stable order (by id), batch by batch. */
  entryBatches(datasetId: string, filter: EntryFilter, options: EntryBatchOptions): AsyncIterable<EntryRecord[]>;
  /** The annotations of these entries, keyed by entry id, each list in a stable order (by id). */
  annotationsOf(entries: readonly EntryRecord[], filter: AnnotationFilter): Promise<Map<string, AnnotationRecord[]>>;
  /**
   * The same as `annotationsOf`, each entry's list built only when the context asks for it: what
   * the export context reads through when a source has it (the UPD source parses lazily).
   */
  annotationLists?(entries: readonly EntryRecord[], filter: AnnotationFilter): Promise<RecordLists<AnnotationRecord>>;
  /** The medias of these entries, keyed by resource (entries sharing a resource share medias). */
  mediasOf(entries: readonly EntryRecord[], filter: MediaFilter): Promise<Map<string, MediaRecord[]>>;
  /** The media's bytes as a stream; never the whole file in memory when the source can avoid it. */
  openMedia(media: MediaRecord): Promise<Readable>;
  /**
   * Bad records no read reaches (an annotation of a missing entry...), as RECORD_INVALID errors;
   * the export context hands them to the on_error policy before the first dataset. Optional.
   */
  integrityProblems?(): Promise<IdahPluginError[]>;
  close(): Promise<void>;
}
