import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { createUpdSchema } from '../../../runtime/upd/create-schema.ts';
import { decodeMetadataValue } from '../../../runtime/upd/file-metadata.ts';
import { UPD_CORE_COLUMNS } from '../../../runtime/upd/schema.ts';
import { tempDirs } from './support/temp-dir.ts';

const dirs = tempDirs();

async function newSchema(options = { builtBy: 'tests 1.0', authoredBy: 'qa@example.com' }) {
  const instance = await DuckDBInstance.create(join(await dirs.make(), 'schema.upd'));
  const connection = await instance.connect();
  await createUpdSchema(connection, options);
  const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRowsJson();
  const close = () => {
    connection.closeSync();
    instance.closeSync();
  };
  return { connection, rows, close };
}

describe('the UPD schema', () => {
  it('creates the five core tables with their columns in RFC order', async () => {
    const db = await newSchema();
    const columns = await db.rows(
      "SELECT table_name, list(column_name ORDER BY column_index) FROM duckdb_columns() WHERE database_name = current_database() AND schema_name = 'main' GROUP BY table_name ORDER BY table_name",
    );
    expect(Object.fromEntries(columns as Array<[string, string[]]>)).toEqual(UPD_CORE_COLUMNS);
    db.close();
  });

  it('writes the metadata as JSON text: type, version 1.1 (the current RFC), built-by, flavor Vanilla, author', async () => {
    const db = await newSchema();
    const rows = (await db.rows('SELECT key, value FROM metadata ORDER BY key')) as Array<[string, string]>;
    expect(rows).toEqual([
      ['Authored-By', '"qa@example.com"'],
      ['Schema-Built-By', '"tests 1.0"'],
      ['Schema-Flavor', '"Vanilla"'],
      ['Schema-Type', '"Universal Portable Dataset"'],
      ['Schema-Version', '"1.1"'],
    ]);
    expect(decodeMetadataValue(rows[3]![1])).toBe('Universal Portable Dataset');
    db.close();
  });

  it('leaves Authored-By out when no author is given, and records a flavor', async () => {
    const db = await newSchema({ builtBy: 'x', flavor: 'IDAH-Medical-v1' } as never);
    const keys = (await db.rows('SELECT key, value FROM metadata ORDER BY key')) as Array<[string, string]>;
    expect(keys.map(([key]) => key)).not.toContain('Authored-By');
    expect(keys).toContainEqual(['Schema-Flavor', '"IDAH-Medical-v1"']);
    db.close();
  });

  it('has the indexes on entries.dataset_id, annotations.entry_id and annotations.shape_type', async () => {
    const db = await newSchema();
    const indexes = await db.rows('SELECT index_name, table_name, expressions FROM duckdb_indexes() ORDER BY index_name');
    expect(indexes).toEqual([
      ['idx_annotations_entry_id', 'annotations', '[entry_id]'],
      ['idx_annotations_shape_type', 'annotations', '[shape_type]'],
      ['idx_entries_dataset_id', 'entries', '[dataset_id]'],
    ]);
    db.close();
  });

  it('enforces the 64-character ids and foreign keys that restrict deletes', async () => {
    const db = await newSchema();
    await expect(db.connection.run(`INSERT INTO datasets VALUES ('${'d'.repeat(65)}', 'n', 'm', '{}')`)).rejects.toThrow(/CHECK/);
    await db.connection.run(`INSERT INTO datasets VALUES ('${'🦆'.repeat(64)}', 'n', 'm', '{}')`);
    await expect(db.connection.run("INSERT INTO entries VALUES ('e1', 'missing', '', '{}')")).rejects.toThrow(/foreign key/i);
    await db.connection.run("INSERT INTO datasets VALUES ('d1', 'n', 'm', '{}')");
    await db.connection.run("INSERT INTO entries VALUES ('e1', 'd1', '', '{}')");
    await expect(db.connection.run("DELETE FROM datasets WHERE id = 'd1'")).rejects.toThrow(/foreign key/i);
    await expect(db.connection.run("INSERT INTO medias VALUES ('m', 'k', NULL, NULL, '{}'), ('m', 'k', NULL, NULL, '{}')")).rejects.toThrow(
      /PRIMARY KEY|duplicate/i,
    );
    db.close();
  });
});
