import { createHash } from 'node:crypto';
import type { DataSource } from '../../runtime/sources/data-source.ts';
import type { AnnotationRecord, DatasetRecord, EntryRecord, MediaRecord } from '../../runtime/records.ts';

export interface SourceContents {
  datasets: DatasetRecord[];
  entries: EntryRecord[];
  annotations: AnnotationRecord[];
  medias: Array<MediaRecord & { sha256: string }>;
}

/** Everything a source holds, read through the DataSource interface, with each blob's sha256. */
export async function readSourceContents(source: DataSource): Promise<SourceContents> {
  const contents: SourceContents = { datasets: await source.listDatasets(), entries: [], annotations: [], medias: [] };
  const seenMedia = new Set<string>();
  for (const dataset of contents.datasets) {
    for await (const batch of source.entryBatches(dataset.id, {}, { batchSize: 100 })) {
      contents.entries.push(...batch);
      for (const list of (await source.annotationsOf(batch, {})).values()) contents.annotations.push(...list);
      for (const list of (await source.mediasOf(batch, {})).values()) {
        for (const media of list) {
          const key = `${media.resource}\u0000${media.key}`;
          if (seenMedia.has(key)) continue;
          seenMedia.add(key);
          const hash = createHash('sha256');
          for await (const chunk of await source.openMedia(media)) hash.update(chunk as Buffer);
          contents.medias.push({ ...media, sha256: hash.digest('hex') });
        }
      }
    }
  }
  return contents;
}
