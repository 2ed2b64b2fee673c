import { Readable } from 'node:stream';
import { IdahPluginError } from '../../errors.ts';
import type { AnnotationRecord, DatasetRecord, EntryRecord, MediaRecord } from '../../records.ts';
import type { DataSource, EntryBatchOptions } from '../data-source.ts';
import {
  type AnnotationFilter,
  annotationMatches,
  type EntryFilter,
  entryChangedSince,
  entryMatches,
  type MediaFilter,
  mediaMatches,
} from '../filters.ts';

export interface MemoryMedia {
  record: MediaRecord;
  data: Buffer;
}

export interface MemorySourceData {
  datasets: DatasetRecord[];
  entries: EntryRecord[];
  annotations: AnnotationRecord[];
  medias: MemoryMedia[];
}

const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** A data source over records held in memory: the test harness's source, and a reference for others. */
export class MemorySource implements DataSource {
  readonly description = 'memory';
  readonly #datasets: DatasetRecord[];
  readonly #entriesByDataset: Map<string, EntryRecord[]>;
  readonly #annotationsByEntry: Map<string, AnnotationRecord[]>;
  readonly #mediasByResource: Map<string, MemoryMedia[]>;

  constructor(data: MemorySourceData) {
    this.#datasets = [...data.datasets].sort(byId);
    this.#entriesByDataset = groupBy([...data.entries].sort(byId), (entry) => entry.dataset_id);
    this.#annotationsByEntry = groupBy([...data.annotations].sort(byId), (annotation) => annotation.entry_id);
    this.#mediasByResource = groupBy(
      [...data.medias].sort((a, b) => byId(a.record, b.record)),
      (media) => media.record.resource,
    );
  }

  async listDatasets(): Promise<DatasetRecord[]> {
    return [...this.#datasets];
  }

  async getDatasets(ids: readonly string[]): Promise<DatasetRecord[]> {
    return ids.flatMap((id) => this.#datasets.filter((dataset) => dataset.id === id));
  }

  async countEntries(datasetId: string, filter: EntryFilter): Promise<number> {
    return (this.#entriesByDataset.get(datasetId) ?? []).filter((entry) => this.#matches(entry, filter)).length;
  }

  async *entryBatches(datasetId: string, filter: EntryFilter, options: EntryBatchOptions): AsyncGenerator<EntryRecord[]> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    let batch: EntryRecord[] = [];
    let yielded = 0;
    for (const entry of this.#entriesByDataset.get(datasetId) ?? []) {
      if (yielded + batch.length >= limit) break;
      if (!this.#matches(entry, filter)) continue;
      batch.push(entry);
      if (batch.length >= options.batchSize) {
        yielded += batch.length;
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0) yield batch;
  }

  #matches(entry: EntryRecord, filter: EntryFilter): boolean {
    if (!entryMatches(entry, filter)) return false;
    return filter.updated_since === undefined || entryChangedSince(entry, this.#annotationsByEntry.get(entry.id) ?? [], filter.updated_since);
  }

  async annotationsOf(entries: readonly EntryRecord[], filter: AnnotationFilter): Promise<Map<string, AnnotationRecord[]>> {
    const result = new Map<string, AnnotationRecord[]>();
    for (const entry of entries) {
      const matching = (this.#annotationsByEntry.get(entry.id) ?? []).filter((a) => annotationMatches(a, filter));
      result.set(entry.id, matching);
    }
    return result;
  }

  async mediasOf(entries: readonly EntryRecord[], filter: MediaFilter): Promise<Map<string, MediaRecord[]>> {
    const result = new Map<string, MediaRecord[]>();
    for (const entry of entries) {
      if (!entry.resource || result.has(entry.resource)) continue;
      const medias = this.#mediasByResource.get(entry.resource) ?? [];
      result.set(
        entry.resource,
        medias.map((media) => media.record).filter((record) => mediaMatches(record, filter)),
      );
    }
    return result;
  }

  async openMedia(media: MediaRecord): Promise<Readable> {
    const stored = (this.#mediasByResource.get(media.resource) ?? []).find(
      (candidate) => candidate.record.id === media.id && candidate.record.key === media.key,
    );
    if (!stored) {
      throw new IdahPluginError(
        'SOURCE_READ_FAILED',
        `media "${media.id}" (resource "${media.resource}", key "${media.key}") is not in the memory source`,
      );
    }
    return Readable.from([stored.data]);
  }

  async close(): Promise<void> {}
}
