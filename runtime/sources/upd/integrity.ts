import type { IdahPluginError } from '../../errors.ts';
import { recordInvalid } from '../invalid-record.ts';
import { ENTRY_RESOURCE_SQL, LINKED_MEDIA_ID_SQL } from './media-link-sql.ts';
import type { UpdDatabase } from './upd-database.ts';

/** At most this many orphans or duplicate ids are listed per check. */
export const MAX_INTEGRITY_PROBLEMS = 1000;

/** Ids that occur more than once, per table (medias as `id/key`): each such row is a bad record. */
export interface DuplicateIds {
  datasets: Map<string, number>;
  entries: Map<string, number>;
  annotations: Map<string, number>;
  medias: Map<string, number>;
}

export interface UpdIntegrity {
  duplicates: DuplicateIds;
  /** Rows pointing at a parent the file lacks; no export reaches them, so they are reported at its start. */
  orphans: IdahPluginError[];
}

/**
 * Checks what the UPD schema's keys guarantee, in files that lack them (other tools may write
 * tables without PRIMARY KEY or REFERENCES): duplicate ids, annotations of a missing entry,
 * entries of a missing dataset. Medias rows no entry links to are checked always (the schema
 * has no key for that link). A check the file's own constraints enforce is not run.
 */
export async function checkIntegrity(database: UpdDatabase): Promise<UpdIntegrity> {
  const enforced = await enforcedConstraints(database);
  const duplicates: DuplicateIds = {
    datasets: await duplicateIds(database, enforced, 'datasets', 'id'),
    entries: await duplicateIds(database, enforced, 'entries', 'id'),
    annotations: await duplicateIds(database, enforced, 'annotations', 'id'),
    medias: await duplicateIds(database, enforced, 'medias', "id || '/' || key", 'id,key'),
  };
  const orphans: IdahPluginError[] = [];
  if (!enforced.has('entries FOREIGN KEY dataset_id')) {
    const [ids = [], parents = []] = await database.query(
      `SELECT id, dataset_id FROM entries e WHERE NOT EXISTS (SELECT 1 FROM datasets d WHERE d.id = e.dataset_id) ORDER BY id LIMIT ${MAX_INTEGRITY_PROBLEMS}`,
    );
    ids.forEach((id, row) => {
      const error = recordInvalid({ table: 'entries', id: id as string, column: 'dataset_id' }, `belongs to dataset "${parents[row] as string}", which the file does not hold`);
      Object.assign(error.details!, { dataset_id: parents[row] as string, entry_id: id as string });
      orphans.push(error);
    });
  }
  if (!enforced.has('annotations FOREIGN KEY entry_id')) {
    const [ids = [], parents = []] = await database.query(
      `SELECT id, entry_id FROM annotations a WHERE NOT EXISTS (SELECT 1 FROM entries e WHERE e.id = a.entry_id) ORDER BY id LIMIT ${MAX_INTEGRITY_PROBLEMS}`,
    );
    ids.forEach((id, row) => {
      const error = recordInvalid({ table: 'annotations', id: id as string, column: 'entry_id' }, `belongs to entry "${parents[row] as string}", which the file does not hold`);
      Object.assign(error.details!, { entry_id: parents[row] as string, annotation_id: id as string });
      orphans.push(error);
    });
  }
  const [mediaIds = [], keys = []] = await database.query(
    `WITH linked AS (SELECT DISTINCT ${LINKED_MEDIA_ID_SQL} AS media_id FROM (SELECT media_url, ${ENTRY_RESOURCE_SQL} AS resource FROM entries))
     SELECT id, key FROM medias m WHERE NOT EXISTS (SELECT 1 FROM linked l WHERE l.media_id = m.id) ORDER BY id, key LIMIT ${MAX_INTEGRITY_PROBLEMS}`,
  );
  mediaIds.forEach((id, row) => {
    orphans.push(
      recordInvalid({ table: 'medias', id: `${id as string}/${keys[row] as string}`, column: 'id' }, `belongs to resource "${id as string}", which no entry of the file has`),
    );
  });
  return { duplicates, orphans };
}

async function enforcedConstraints(database: UpdDatabase): Promise<Set<string>> {
  const [tables = [], types = [], columns = []] = await database.query(
    `SELECT table_name, constraint_type, array_to_string(constraint_column_names, ',') FROM duckdb_constraints()
     WHERE constraint_type IN ('PRIMARY KEY', 'UNIQUE', 'FOREIGN KEY')`,
  );
  return new Set(tables.map((table, row) => `${table as string} ${types[row] === 'UNIQUE' ? 'PRIMARY KEY' : (types[row] as string)} ${columns[row] as string}`));
}

async function duplicateIds(database: UpdDatabase, enforced: Set<string>, table: string, idSql: string, keyColumns = 'id'): Promise<Map<string, number>> {
  if (enforced.has(`${table} PRIMARY KEY ${keyColumns}`)) return new Map();
  const [ids = [], counts = []] = await database.query(
    `SELECT ${idSql} AS key_value, count(*) FROM ${table} GROUP BY key_value HAVING count(*) > 1 ORDER BY key_value LIMIT ${MAX_INTEGRITY_PROBLEMS}`,
  );
  return new Map(ids.map((id, row) => [id as string, Number(counts[row])]));
}
