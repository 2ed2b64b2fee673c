import type { DataSource, EntryBatchOptions } from './data-source.ts';
import { type EntryFilter, entryMatches, mergeEntryFilters } from './filters.ts';

/**
 * The source seen through a host-level entry filter (`export --where`): every count and read of
 * entries also matches `where`, pushed down to the source with the exporter's own filter. The
 * exporter, its progress and its counts see only those entries; datasets, annotations and medias
 * are read as they are.
 */
export function narrowSource(source: DataSource, where: EntryFilter | undefined): DataSource {
  if (!where || Object.keys(where).length === 0) return source;
  async function* entryBatches(datasetId: string, filter: EntryFilter, options: EntryBatchOptions) {
    const { pushed, residual, empty } = mergeEntryFilters(where!, filter);
    if (empty) return;
    if (!residual) return yield* source.entryBatches(datasetId, pushed, options);
    let left = options.limit ?? Infinity;
    for await (const batch of source.entryBatches(datasetId, pushed, { batchSize: options.batchSize })) {
      const kept = batch.filter((record) => entryMatches(record, residual)).slice(0, left);
      left -= kept.length;
      if (kept.length > 0) yield kept;
      if (left <= 0) return;
    }
  }
  return {
    description: source.description,
    ...(source.preferredBatchSize !== undefined ? { preferredBatchSize: source.preferredBatchSize } : {}),
    listDatasets: () => source.listDatasets(),
    getDatasets: (ids) => source.getDatasets(ids),
    async countEntries(datasetId, filter) {
      const { pushed, residual, empty } = mergeEntryFilters(where, filter);
      if (empty) return 0;
      if (!residual) return source.countEntries(datasetId, pushed);
      let count = 0;
      for await (const batch of entryBatches(datasetId, filter, { batchSize: source.preferredBatchSize ?? 1000 })) count += batch.length;
      return count;
    },
    entryBatches,
    annotationsOf: (entries, filter) => source.annotationsOf(entries, filter),
    mediasOf: (entries, filter) => source.mediasOf(entries, filter),
    openMedia: (media) => source.openMedia(media),
    ...(source.integrityProblems ? { integrityProblems: () => source.integrityProblems!() } : {}),
    close: () => source.close(),
  };
}
