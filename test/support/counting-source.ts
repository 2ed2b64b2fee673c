import type { AnnotationFilter, EntryFilter, MediaFilter } from '../../runtime/sources/filters.ts';
import type { EntryBatchOptions } from '../../runtime/sources/data-source.ts';
import type { EntryRecord } from '../../runtime/records.ts';
import { MemorySource } from '../../runtime/sources/memory/memory-source.ts';

/** The real memory source, counting the reads the context makes through it. */
export class CountingSource extends MemorySource {
  readonly calls = { listDatasets: 0, getDatasets: 0, countEntries: 0, entryBatches: 0, annotationsOf: 0, mediasOf: 0 };
  readonly filters: { entries: EntryFilter[]; annotations: AnnotationFilter[]; medias: MediaFilter[] } = {
    entries: [],
    annotations: [],
    medias: [],
  };

  override listDatasets() {
    this.calls.listDatasets += 1;
    return super.listDatasets();
  }
  override getDatasets(ids: readonly string[]) {
    this.calls.getDatasets += 1;
    return super.getDatasets(ids);
  }
  override countEntries(datasetId: string, filter: EntryFilter) {
    this.calls.countEntries += 1;
    return super.countEntries(datasetId, filter);
  }
  override entryBatches(datasetId: string, filter: EntryFilter, options: EntryBatchOptions) {
    this.calls.entryBatches += 1;
    this.filters.entries.push(filter);
    return super.entryBatches(datasetId, filter, options);
  }
  override annotationsOf(entries: readonly EntryRecord[], filter: AnnotationFilter) {
    this.calls.annotationsOf += 1;
    this.filters.annotations.push(filter);
    return super.annotationsOf(entries, filter);
  }
  override mediasOf(entries: readonly EntryRecord[], filter: MediaFilter) {
    this.calls.mediasOf += 1;
    this.filters.medias.push(filter);
    return super.mediasOf(entries, filter);
  }
}
