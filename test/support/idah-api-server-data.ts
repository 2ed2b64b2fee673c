import { buffer } from 'node:stream/consumers';
import type { DataSource } from '../../runtime/sources/data-source.ts';
import type { IdahServerData } from './idah-api-server.ts';

/** Every record a source holds, with each media's bytes, as the test IDAH serves them (records untouched, keys in their order). */
export async function serverDataOf(source: DataSource): Promise<IdahServerData> {
  const data: IdahServerData = { datasets: await source.listDatasets(), entries: [], annotations: [], medias: [] };
  const seen = new Set<string>();
  for (const dataset of data.datasets) {
    for await (const batch of source.entryBatches(dataset.id, {}, { batchSize: 100 })) {
      data.entries.push(...batch);
      for (const list of (await source.annotationsOf(batch, {})).values()) data.annotations.push(...list);
      for (const list of (await source.mediasOf(batch, {})).values()) {
        for (const record of list) {
          if (seen.has(record.id)) continue;
          seen.add(record.id);
          data.medias.push({ record, data: await buffer(await source.openMedia(record)) });
        }
      }
    }
  }
  return data;
}
