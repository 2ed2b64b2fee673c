import { Readable } from 'node:stream';
import type { AnnotationRecord, DatasetRecord, EntryRecord, MediaRecord } from 'idah-plugin';
import type { DataSource, EntryBatchOptions } from 'idah-plugin/testing';

/**
 * Bench data: `images` entries of one dataset, each with `perImage` annotations (two boxes for
 * every polygon of 5 points) and a 1280 x 720 original whose size is in its meta. Records are
 * made batch by batch as they are read, as a database source streams them, so the heap holds
 * one batch and the figures measure the exporter rather than a huge in-memory source.
 */
export const CATEGORIES = ['vehicles/car', 'vehicles/bus', 'person', 'road', 'sign'];
const STAMP = '2026-01-01T00:00:00.000Z';
const entryId = (index: number) => `e${String(index).padStart(7, '0')}`;

export function benchEntry(index: number): EntryRecord {
  const id = entryId(index);
  return { id, dataset_id: 'bench', name: id, status: 'completed', resource: `r-${id}`, created_at: STAMP, updated_at: STAMP };
}

export function benchMedia(entry: EntryRecord): MediaRecord {
  return { id: `m-${entry.id}`, resource: entry.resource!, key: '', filename: `${entry.id}.jpg`, meta: { width: 1280, height: 720 } };
}

export function benchAnnotations(entry: EntryRecord, index: number, perImage: number): AnnotationRecord[] {
  const annotations: AnnotationRecord[] = [];
  for (let k = 0; k < perImage; k += 1) {
    const x = (k * 0.07 + (index % 13) * 0.01) % 0.8;
    const dimensions: AnnotationRecord['dimensions'] =
      k % 3 === 2
        ? { type: 'idah-image:polygon', points: [[x, 0.1], [x + 0.1, 0.12], [x + 0.15, 0.3], [x + 0.02, 0.35], [x, 0.2]] }
        : { type: 'idah-image:bounding-box', points: [[x, 0.2], [x + 0.12, 0.2], [x + 0.12, 0.45], [x, 0.45]], angle: k % 3 === 1 ? 0.3 : 0 };
    annotations.push({
      id: `${entry.id}-${k}`,
      entry_id: entry.id,
      dataset_id: 'bench',
      dimensions,
      annotation: { category: CATEGORIES[(index + k) % CATEGORIES.length]! },
      metadata: {},
    });
  }
  return annotations;
}

export class GeneratedSource implements DataSource {
  readonly description = 'generated bench data';
  readonly #images: number;
  readonly #perImage: number;
  readonly #dataset: DatasetRecord;

  constructor(images: number, perImage: number) {
    this.#images = images;
    this.#perImage = perImage;
    this.#dataset = { id: 'bench', name: 'bench', modality: 'idah-image', entries_count: images };
  }

  async listDatasets() {
    return [this.#dataset];
  }

  async getDatasets(ids: readonly string[]) {
    return ids.includes('bench') ? [this.#dataset] : [];
  }

  async countEntries() {
    return this.#images;
  }

  async *entryBatches(_datasetId: string, _filter: unknown, options: EntryBatchOptions): AsyncGenerator<EntryRecord[]> {
    for (let start = 0; start < this.#images; start += options.batchSize) {
      const batch: EntryRecord[] = [];
      for (let index = start; index < Math.min(this.#images, start + options.batchSize); index += 1) batch.push(benchEntry(index));
      yield batch;
    }
  }

  async annotationsOf(entries: readonly EntryRecord[]) {
    return new Map(entries.map((entry) => [entry.id, benchAnnotations(entry, Number(entry.id.slice(1)), this.#perImage)]));
  }

  async mediasOf(entries: readonly EntryRecord[]) {
    return new Map(entries.map((entry) => [entry.resource!, [benchMedia(entry)]]));
  }

  async openMedia(): Promise<Readable> {
    return Readable.from([Buffer.alloc(0)]);
  }

  async close() {}
}
