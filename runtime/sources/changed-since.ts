import { IdahPluginError } from '../errors.ts';
import type { DataSource } from './data-source.ts';
import type { EntryFilter } from './filters.ts';

/**
 * A view of a source holding only the entries changed after `since`: every entry query of the
 * run (the exporter's, and the counts behind progress) gets `updated_since`, pushed down to the
 * source like any filter. An exporter asking for a later `updated_since` itself keeps its own.
 */
export function changedSince(source: DataSource, since: string): DataSource {
  const time = Date.parse(since);
  if (Number.isNaN(time)) {
    throw new IdahPluginError('SOURCE_INVALID', `updated_since: expected an ISO 8601 time, got ${JSON.stringify(since)}`);
  }
  const watermark = new Date(time).toISOString();
  const scoped = (filter: EntryFilter): EntryFilter => ({
    ...filter,
    updated_since: filter.updated_since && Date.parse(filter.updated_since) > time ? filter.updated_since : watermark,
  });
  const view: DataSource = {
    description: `${source.description} (changed since ${watermark})`,
    ...(source.preferredBatchSize !== undefined ? { preferredBatchSize: source.preferredBatchSize } : {}),
    listDatasets: () => source.listDatasets(),
    getDatasets: (ids) => source.getDatasets(ids),
    countEntries: (datasetId, filter) => source.countEntries(datasetId, scoped(filter)),
    entryBatches: (datasetId, filter, options) => source.entryBatches(datasetId, scoped(filter), options),
    annotationsOf: (entries, filter) => source.annotationsOf(entries, filter),
    mediasOf: (entries, filter) => source.mediasOf(entries, filter),
    openMedia: (media) => source.openMedia(media),
    close: () => source.close(),
  };
  if (source.integrityProblems) view.integrityProblems = () => source.integrityProblems!();
  return view;
}
