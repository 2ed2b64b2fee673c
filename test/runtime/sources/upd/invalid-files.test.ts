import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { isIdahPluginError } from '../../../../runtime/errors.ts';
import { openUpdSource } from '../../../../runtime/sources/upd/upd-source.ts';
import { createUpdSchema } from '../../../../runtime/upd/create-schema.ts';
import { sha256OfFile, tempDirs } from '../../upd/support/temp-dir.ts';
import { writeUpd } from '../../upd/support/write-upd.ts';

const dirs = tempDirs();

/** Builds a DuckDB file with the given statements, run after `setUp` (e.g. the UPD schema). */
async function duckdbFile(path: string, statements: string[], withUpdSchema = false): Promise<string> {
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  if (withUpdSchema) await createUpdSchema(connection, { builtBy: 'tests' });
  for (const statement of statements) await connection.run(statement);
  await connection.run('CHECKPOINT');
  connection.closeSync();
  instance.closeSync();
  return path;
}

async function expectInvalid(path: string, message: RegExp): Promise<void> {
  const folder = join(path, '..');
  const filesBefore = existsSync(folder) ? (await readdir(folder)).sort() : [];
  const hashOf = async () => (existsSync(path) && statSync(path).isFile() ? sha256OfFile(path) : undefined);
  const hashBefore = await hashOf();
  const failure = await openUpdSource(path).then(
    async (source) => {
      await source.close();
      return undefined;
    },
    (error: unknown) => error,
  );
  expect(isIdahPluginError(failure, 'SOURCE_INVALID'), String(failure)).toBe(true);
  expect((failure as Error).message).toContain(path);
  expect((failure as Error).message).toMatch(message);
  // Nothing written: the file is byte-identical and no file (WAL, lock, temp) appeared beside it.
  expect(await hashOf()).toBe(hashBefore);
  expect(existsSync(folder) ? (await readdir(folder)).sort() : []).toEqual(filesBefore);
}

describe('openUpdSource refuses what is not a readable UPD file, and leaves it untouched', () => {
  it('a missing file', async () => {
    await expectInvalid(join(await dirs.make(), 'nothing.upd'), /expected a DuckDB database file, found no file/);
  });

  it('a directory', async () => {
    const folder = join(await dirs.make(), 'folder.upd');
    await mkdir(folder);
    await expectInvalid(folder, /expected a DuckDB database file, found a directory/);
  });

  it('a text file', async () => {
    const path = join(await dirs.make(), 'notes.upd');
    await writeFile(path, 'id,name\n1,not a database\n');
    await expectInvalid(path, /expected a DuckDB database file \("DUCK" at byte 8\), found a file starting with "id,name\\n1,not a " \(25 bytes\)/);
  });

  it('an empty file', async () => {
    const path = join(await dirs.make(), 'empty.upd');
    await writeFile(path, '');
    await expectInvalid(path, /found an empty file/);
  });

  it('a file with the DuckDB magic but no database behind it', async () => {
    const path = join(await dirs.make(), 'fake.upd');
    await writeFile(path, Buffer.concat([Buffer.alloc(8), Buffer.from('DUCK'), Buffer.alloc(100, 7)]));
    await expectInvalid(path, /could not be opened as a DuckDB database/);
  });

  it('a DuckDB file without UPD metadata', async () => {
    const path = await duckdbFile(join(await dirs.make(), 'plain.duckdb'), ['CREATE TABLE cars (id INTEGER)', 'INSERT INTO cars VALUES (1)']);
    await expectInvalid(path, /not a UPD file: expected a "metadata" table with Schema-Type "Universal Portable Dataset", found cars/);
  });

  it('a metadata table of another kind of file', async () => {
    const path = await duckdbFile(join(await dirs.make(), 'other.duckdb'), [
      'CREATE TABLE metadata (key VARCHAR, value VARCHAR)',
      `INSERT INTO metadata VALUES ('Schema-Type', '"Some Other Format"')`,
    ]);
    await expectInvalid(path, /expected Schema-Type "Universal Portable Dataset", found Schema-Type "Some Other Format"/);
  });

  it('a metadata table without Schema-Type', async () => {
    const path = await duckdbFile(join(await dirs.make(), 'untyped.duckdb'), ['CREATE TABLE metadata (key VARCHAR, value VARCHAR)']);
    await expectInvalid(path, /found no Schema-Type/);
  });

  it('a metadata table without the key/value columns', async () => {
    const path = await duckdbFile(join(await dirs.make(), 'odd-metadata.duckdb'), ['CREATE TABLE metadata (name VARCHAR)']);
    await expectInvalid(path, /table "metadata" lacks column\(s\) key, value/);
  });

  it('an unsupported Schema-Version', async () => {
    const path = await duckdbFile(join(await dirs.make(), 'future.upd'), [`UPDATE metadata SET value = '"9.0"' WHERE key = 'Schema-Version'`], true);
    await expectInvalid(path, /unsupported UPD version: expected Schema-Version 0\.2 or 1\.0 or 1\.1, found Schema-Version "9\.0"/);
  });

  it('a missing core table', async () => {
    const path = await duckdbFile(join(await dirs.make(), 'no-medias.upd'), ['DROP TABLE medias'], true);
    await expectInvalid(path, /lacks the core table "medias"/);
  });

  it('an annotations table of neither layout (no category and properties, no annotation column)', async () => {
    const path = await duckdbFile(
      join(await dirs.make(), 'old.upd'),
      [
        'DROP TABLE annotations',
        'CREATE TABLE annotations (id VARCHAR PRIMARY KEY, entry_id VARCHAR, shape_type VARCHAR, shape_args VARCHAR, label VARCHAR, metadata VARCHAR)',
      ],
      true,
    );
    await expectInvalid(path, /table "annotations" lacks column\(s\) category, properties/);
  });
});

describe('openUpdSource accepts', () => {
  it('files written by updcli (version "1.1", bare metadata values) and leaves them untouched', async () => {
    const path = await duckdbFile(
      join(await dirs.make(), 'updcli.upd'),
      [`UPDATE metadata SET value = '1.1' WHERE key = 'Schema-Version'`, `UPDATE metadata SET value = 'Universal Portable Dataset' WHERE key = 'Schema-Type'`],
      true,
    );
    const hash = await sha256OfFile(path);
    const source = await openUpdSource(path);
    expect(source.info.schemaVersion).toBe('1.1');
    expect(await source.listDatasets()).toEqual([]);
    await source.close();
    expect(await sha256OfFile(path)).toBe(hash);
  });

  it("the writer's files, reporting what they say about themselves", async () => {
    const path = join(await dirs.make(), 'ours.upd');
    await writeUpd(path, { datasets: [{ id: 'd', name: 'D', modality: 'idah-image' }] });
    const source = await openUpdSource(path);
    expect(source.info).toEqual({ schemaVersion: '1.1', builtBy: 'idah-plugin tests', flavor: 'Vanilla', authoredBy: undefined, annotationColumns: 'category' });
    expect(source.description).toBe(path);
    await source.close();
  });
});
