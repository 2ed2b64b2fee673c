import { DuckDBInstance, type DuckDBPreparedStatement } from '@duckdb/node-api';

/** One entry as the minimal writers get it: its row, its annotations as one JSON text, its original media row. */
export interface PackedEntry {
  id: string;
  datasetId: string;
  metadata: string;
  /** `[[id, shape_type, shape_args, category, properties, metadata], ...]`, in table order: `inIdOrder` puts them in id order. */
  annotations: string;
  media: { id: string; key: string; mediaType: string | null; metadata: string } | undefined;
}

const BATCH = 1000;

/**
 * The least reading a writer of these files needs: per batch of 1,000 entries one prepared
 * statement, entries joined to their annotations aggregated in SQL (one JSON text per entry) and
 * to their original media row. Annotations are aggregated in table order (ordering inside the
 * aggregate costs DuckDB more than the rest of the read); the writers check the order in JS, as
 * the product does. It trusts the file (no validity checks, medias linked by id as
 * the synthetic files link them): what a one-off script written for this data would do.
 */
export async function* packedBatches(path: string): AsyncGenerator<{ dataset: { id: string; name: string; modality: string; metadata: string }; entries: PackedEntry[] }> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const datasets = (await connection.runAndReadAll('SELECT id, name, modality, metadata FROM datasets ORDER BY id')).getRows();
    // Two statements per batch: the entries (keyset), then what belongs to their id range. A range
    // taken from the first (literal parameters) lets DuckDB skip row groups; a subquery would not.
    const entriesStatement = await connection.prepare(`SELECT id, dataset_id, metadata, media_url FROM entries WHERE dataset_id = $1 AND id > $2 ORDER BY id LIMIT ${BATCH}`);
    const statement = await connection.prepare(`
      WITH packed AS (
        SELECT entry_id, '[' || string_agg(concat('[', to_json(id), ',', to_json(shape_type), ',', shape_args, ',', to_json(category), ',', properties, ',', metadata, ']'), ',') || ']' AS list
        FROM annotations WHERE entry_id >= $1 AND entry_id <= $2 GROUP BY entry_id
      )
      SELECT e.id, e.dataset_id, e.metadata, coalesce(p.list, '[]'), m.id, m.key, m.media_type, m.metadata
      FROM entries e LEFT JOIN packed p ON p.entry_id = e.id
      LEFT JOIN medias m ON m.id = substr(e.media_url, 7) AND m.key = '' AND starts_with(e.media_url, 'local:') AND m.id >= $1 AND m.id <= $2
      WHERE e.id >= $1 AND e.id <= $2 AND e.dataset_id = $3
      ORDER BY e.id`);
    for (const [id, name, modality, metadata] of datasets) {
      const dataset = { id: id as string, name: name as string, modality: modality as string, metadata: (metadata as string) ?? '{}' };
      let after = '';
      for (;;) {
        const entries = await readBatch(entriesStatement, statement, dataset.id, after);
        if (entries.length === 0) break;
        yield { dataset, entries };
        after = entries[entries.length - 1]!.id;
      }
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function readBatch(entriesStatement: DuckDBPreparedStatement, statement: DuckDBPreparedStatement, datasetId: string, after: string): Promise<PackedEntry[]> {
  entriesStatement.bindVarchar(1, datasetId);
  entriesStatement.bindVarchar(2, after);
  const [batchIds = []] = (await entriesStatement.runAndReadAll()).getColumns();
  if (batchIds.length === 0) return [];
  statement.bindVarchar(1, batchIds[0] as string);
  statement.bindVarchar(2, batchIds[batchIds.length - 1] as string);
  statement.bindVarchar(3, datasetId);
  const [ids = [], datasetIds = [], metadatas = [], lists = [], mediaIds = [], keys = [], types = [], mediaMetadatas = []] = (await statement.runAndReadAll()).getColumns();
  return ids.map((id, row) => ({
    id: id as string,
    datasetId: datasetIds[row] as string,
    metadata: (metadatas[row] as string) ?? '{}',
    annotations: lists[row] as string,
    media:
      mediaIds[row] === null
        ? undefined
        : { id: mediaIds[row] as string, key: keys[row] as string, mediaType: types[row] as string | null, metadata: (mediaMetadatas[row] as string) ?? '{}' },
  }));
}

/** Sorts an entry's parsed annotation rows by id unless they already are (the usual case: table order is id order). */
export function inIdOrder<T extends [string, ...unknown[]]>(rows: T[]): T[] {
  for (let index = 1; index < rows.length; index += 1) {
    if (rows[index - 1]![0] > rows[index]![0]) return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }
  return rows;
}
