import type { Readable } from 'node:stream';
import { UpdWriter } from '../../../../runtime/upd/writer/upd-writer.ts';
import type { AnnotationRecord, DatasetRecord, EntryRecord, MediaRecord } from '../../../../runtime/records.ts';
import { Random, randomAnnotation, randomDataset, randomEntry, randomMedia } from './random-records.ts';

export interface UpdContent {
  datasets: DatasetRecord[];
  entries: Array<{ record: EntryRecord; mediaUrl?: string | null }>;
  annotations: AnnotationRecord[];
  medias: Array<{ record: MediaRecord; blob: Buffer | Readable | null }>;
}

/** Writes records into a new UPD file with the writer under test. */
export async function writeUpd(path: string, content: Partial<UpdContent>): Promise<void> {
  const writer = await UpdWriter.create(path, { builtBy: 'idah-plugin tests' });
  try {
    for (const dataset of content.datasets ?? []) writer.addDataset(dataset);
    for (const { record, mediaUrl } of content.entries ?? []) writer.addEntry(record, { mediaUrl: mediaUrl ?? null });
    for (const annotation of content.annotations ?? []) writer.addAnnotation(annotation);
    for (const { record, blob } of content.medias ?? []) await writer.addMedia(record, blob);
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/** Bytes that differ per media, including every byte value. */
export const blobFor = (seed: number, size: number): Buffer =>
  Buffer.from(Array.from({ length: size }, (_, index) => (index * 31 + seed * 7) % 256));

/**
 * Random but valid content: datasets, their entries (some with a resource and stored medias),
 * a few annotations per entry. Ids are unique.
 */
export function randomContent(seed: number, sizes = { datasets: 3, entries: 30, annotations: 4 }): UpdContent {
  const random = new Random(seed);
  const content: UpdContent = { datasets: [], entries: [], annotations: [], medias: [] };
  for (let d = 0; d < sizes.datasets; d += 1) {
    const dataset = randomDataset(random, `dataset-${seed}-${d}`);
    content.datasets.push(dataset);
    const entryCount = random.int(sizes.entries + 1);
    for (let e = 0; e < entryCount; e += 1) {
      const entry = randomEntry(random, dataset.id, `${dataset.id}-e${String(e).padStart(4, '0')}${random.pick(['', 'é', '🦆', '\ue000'])}`);
      const withMedias = typeof entry.resource === 'string' && random.chance(0.6);
      content.entries.push({ record: entry, mediaUrl: withMedias ? `local:${entry.resource}` : null });
      if (withMedias) {
        for (const key of ['', 'thumb', 'tiles/00,01.png'].slice(0, 1 + random.int(3))) {
          const media = randomMedia(random, entry.resource as string, key);
          content.medias.push({ record: media, blob: blobFor(content.medias.length, random.int(3000)) });
        }
      }
      const annotationCount = random.int(sizes.annotations + 1);
      for (let a = 0; a < annotationCount; a += 1) {
        content.annotations.push(randomAnnotation(random, entry.id, `${entry.id}-a${a}`));
      }
    }
  }
  return content;
}
