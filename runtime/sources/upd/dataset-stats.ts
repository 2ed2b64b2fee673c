import { rowToDataset } from '../../upd/mapping.ts';
import { readRecord } from '../invalid-record.ts';
import { ENTRY_RESOURCE_SQL, LINKED_MEDIA_ID_SQL } from './media-link-sql.ts';
import type { UpdDatabase } from './upd-database.ts';

/** One dataset of a UPD file, counted (for `data info`). */
export interface UpdDatasetStats {
  id: string;
  name: string;
  modality: string;
  entries: number;
  annotations: number;
  /**
   * The medias `mediasOf` lists for the dataset's entries: stored rows linked to them, plus one per
   * resource known only by an external URL.
   */
  medias: number;
}


export async function readDatasetStats(database: UpdDatabase): Promise<UpdDatasetStats[]> {
  const [ids = [], names = [], modalities = [], metadatas = [], entries = [], annotations = [], stored = [], external = []] =
    await database.query(
      `WITH e AS (
         SELECT id, dataset_id, media_url, ${ENTRY_RESOURCE_SQL} AS resource FROM entries
       ), linked AS (
         SELECT DISTINCT dataset_id, resource, media_url, ${LINKED_MEDIA_ID_SQL} AS media_id FROM e WHERE resource IS NOT NULL
       ), entry_counts AS (
         SELECT dataset_id, count(*) AS n FROM entries GROUP BY dataset_id
       ), annotation_counts AS (
         SELECT e.dataset_id, count(*) AS n FROM annotations a JOIN entries e ON a.entry_id = e.id GROUP BY e.dataset_id
       ), stored_counts AS (
         SELECT l.dataset_id, count(DISTINCT (l.resource, m.id, m.key)) AS n
         FROM linked l JOIN medias m ON m.id = l.media_id GROUP BY l.dataset_id
       ), external_counts AS (
         SELECT l.dataset_id, count(DISTINCT l.resource) AS n FROM linked l
         WHERE l.media_url <> '' AND NOT starts_with(l.media_url, 'local:')
           AND NOT EXISTS (SELECT 1 FROM medias o WHERE o.id = l.media_id AND o.key = '')
         GROUP BY l.dataset_id
       )
       SELECT d.id, d.name, d.modality, d.metadata,
              coalesce(ec.n, 0), coalesce(ac.n, 0), coalesce(sc.n, 0), coalesce(xc.n, 0)
       FROM datasets d
       LEFT JOIN entry_counts ec ON ec.dataset_id = d.id
       LEFT JOIN annotation_counts ac ON ac.dataset_id = d.id
       LEFT JOIN stored_counts sc ON sc.dataset_id = d.id
       LEFT JOIN external_counts xc ON xc.dataset_id = d.id
       ORDER BY d.id`,
    );
  return ids.map((id, row) => {
    const [name, modality] = [names[row] as string, modalities[row] as string];
    // A dataset whose metadata is bad is still listed, by its columns; exports report it.
    const record = readRecord(
      () => rowToDataset({ id: id as string, name, modality, metadata: metadatas[row] as string | null }),
      () => ({ id: id as string, name, modality }),
      { table: 'datasets', id: id as string, column: 'metadata' },
    );
    return {
      id: record.id,
      name: record.name,
      modality: record.modality,
      entries: Number(entries[row]),
      annotations: Number(annotations[row]),
      medias: Number(stored[row]) + Number(external[row]),
    };
  });
}
