import { existsSync, readdirSync } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { UpdWriter } from '../../../runtime/upd/writer/upd-writer.ts';
import { isIdahPluginError } from '../../../runtime/errors.ts';
import type { MediaRecord } from '../../../runtime/records.ts';
import { openUpdSource, updDatasetStats } from '../../../runtime/sources/upd/upd-source.ts';
import { sha256, tempDirs } from './support/temp-dir.ts';
import { blobFor } from './support/write-upd.ts';

const dirs = tempDirs();
const dataset = { id: 'ds', name: 'Dataset', modality: 'idah-image' };
const annotation = (id: string, entryId: string) => ({
  id,
  entry_id: entryId,
  dimensions: { type: 'idah-image:polygon', points: [[0, 0]] },
  annotation: { category: 'car' },
});
const media = (key: string, id = `m-${key}`): MediaRecord => ({ id, resource: 'r1', key, filename: 'a.jpg', mime_type: 'image/jpeg' });

async function thrownBy(action: () => unknown): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('UpdWriter', () => {
  it('builds the file under a hidden temporary name and publishes it on close, leaving nothing else', async () => {
    const folder = await dirs.make();
    const path = join(folder, 'out.upd');
    const writer = await UpdWriter.create(path, { builtBy: 'idah-plugin 0.1.0 upd', flavor: 'IDAH', authoredBy: 'me@example.com' });
    writer.addDataset(dataset);
    writer.addEntry({ id: 'e1', dataset_id: 'ds' }, { mediaUrl: null });
    expect(existsSync(path)).toBe(false);
    expect((await readdir(folder)).some((name) => name.startsWith('.out.upd.') && name.endsWith('.tmp'))).toBe(true);
    await writer.close();
    expect(await readdir(folder)).toEqual(['out.upd']);
    expect(writer.counts).toEqual({ datasets: 1, entries: 1, annotations: 0, medias: 0 });

    const source = await openUpdSource(path);
    expect(source.info).toEqual({ schemaVersion: '1.1', builtBy: 'idah-plugin 0.1.0 upd', flavor: 'IDAH', authoredBy: 'me@example.com', annotationColumns: 'category' });
    await source.close();
  });

  it('replaces an existing file at the target only when the new one is complete', async () => {
    const path = join(await dirs.make(), 'out.upd');
    await writeFile(path, 'previous');
    const writer = await UpdWriter.create(path, { builtBy: 'tests' });
    writer.addDataset(dataset);
    await writer.close();
    const source = await openUpdSource(path);
    expect((await source.listDatasets()).map((d) => d.id)).toEqual(['ds']);
    await source.close();
  });

  it('abort() removes the file being written', async () => {
    const folder = await dirs.make();
    const writer = await UpdWriter.create(join(folder, 'out.upd'), { builtBy: 'tests' });
    writer.addDataset(dataset);
    await writer.abort();
    await writer.abort();
    expect(await readdir(folder)).toEqual([]);
  });

  it('refuses an entry whose dataset was not added, and a dataset added twice, staying usable', async () => {
    const folder = await dirs.make();
    const writer = await UpdWriter.create(join(folder, 'out.upd'), { builtBy: 'tests' });
    const early = await thrownBy(() => writer.addEntry({ id: 'e1', dataset_id: 'ds' }, { mediaUrl: null }));
    expect(isIdahPluginError(early, 'EXPORT_FAILED')).toBe(true);
    expect((early as Error).message).toMatch(/entry "e1" belongs to dataset "ds", which was not added; expected addDataset before its entries/);
    writer.addDataset(dataset);
    expect(() => writer.addDataset(dataset)).toThrow(/dataset "ds" was already added/);
    writer.addEntry({ id: 'e1', dataset_id: 'ds' }, { mediaUrl: null });
    await writer.close();
    expect(await readdir(folder)).toEqual(['out.upd']);
  });

  it.each([
    ['a duplicate entry id', /duplicate key "e1"/, (writer: UpdWriter) => {
      writer.addEntry({ id: 'e1', dataset_id: 'ds' }, { mediaUrl: null });
      writer.addEntry({ id: 'e1', dataset_id: 'ds' }, { mediaUrl: null });
    }],
    ['an annotation of a missing entry', /foreign key.*"id: nope"/, (writer: UpdWriter) => {
      writer.addAnnotation(annotation('a1', 'nope'));
    }],
  ])('fails on %s when rows are flushed, removing the temporary file', async (_, message, write) => {
    const folder = await dirs.make();
    const path = join(folder, 'out.upd');
    const writer = await UpdWriter.create(path, { builtBy: 'tests' });
    writer.addDataset(dataset);
    write(writer);
    const failure = await thrownBy(() => writer.close());
    expect(isIdahPluginError(failure, 'EXPORT_FAILED')).toBe(true);
    expect((failure as Error).message).toMatch(message);
    expect(await readdir(folder)).toEqual([]);
    expect(await thrownBy(() => writer.addDataset({ ...dataset, id: 'other' }))).toBeInstanceOf(Error);
    await writer.abort();
  });

  it('cleans up by itself when a flush during writing fails; close() then reports it', async () => {
    const folder = await dirs.make();
    const writer = await UpdWriter.create(join(folder, 'out.upd'), { builtBy: 'tests' });
    writer.addDataset(dataset);
    writer.addEntry({ id: 'dup', dataset_id: 'ds' }, { mediaUrl: null });
    writer.addEntry({ id: 'dup', dataset_id: 'ds' }, { mediaUrl: null });
    // Rows load in segments while the next fills; the failed load surfaces at a later add, once
    // the event loop has turned (as it does for any caller that reads its records from somewhere).
    const name = 'n'.repeat(600);
    const failure = await thrownBy(async () => {
      for (let index = 0; index < 200_000; index += 1) {
        writer.addEntry({ id: `e${index}`, dataset_id: 'ds', name }, { mediaUrl: null });
        if (index % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    });
    expect((failure as Error).message).toMatch(/writing .*out\.upd failed: .*duplicate key "dup"/);
    expect(writer.counts.entries).toBeLessThan(200_000);
    const closing = await thrownBy(() => writer.close());
    expect((closing as Error).message).toMatch(/out\.upd was not written: an earlier write failed/);
    expect(await readdir(folder)).toEqual([]);
  });

  it('loads a segment while a caller that never yields keeps adding, and keeps the rows in the order added', async () => {
    const folder = await dirs.make();
    const path = join(folder, 'out.upd');
    const writer = await UpdWriter.create(path, { builtBy: 'tests' });
    writer.addDataset(dataset);
    // About 45,000 of these rows fill a segment. The loop never lets the event loop turn, yet
    // the second load's ended marker (its last statement) must appear: that load was started,
    // and finished, while the loop kept adding.
    const name = 'n'.repeat(1000);
    const loaded = (load: number) => readdirSync(folder).some((file) => file.endsWith(`-load-${load}-ended.csv`));
    const deadline = Date.now() + 60_000;
    let count = 0;
    while (!loaded(2) && Date.now() < deadline) {
      for (let index = 0; index < 1000; index += 1, count += 1) writer.addEntry({ id: `e${count}`, dataset_id: 'ds', name }, { mediaUrl: null });
    }
    expect(loaded(2)).toBe(true);
    await writer.close();
    expect(await readdir(folder)).toEqual(['out.upd']);
    const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    try {
      const ids = (await connection.runAndReadAll('SELECT id FROM entries ORDER BY rowid')).getRows().map(([id]) => id);
      expect(ids).toEqual(Array.from({ length: count }, (_, index) => `e${index}`));
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }, 120_000);

  it('stores a media (resource, key) once: a repeat is skipped and returns false, its stream destroyed', async () => {
    const path = join(await dirs.make(), 'medias.upd');
    const writer = await UpdWriter.create(path, { builtBy: 'tests' });
    writer.addDataset(dataset);
    writer.addEntry({ id: 'e1', dataset_id: 'ds', resource: 'r1' }, { mediaUrl: 'local:r1' });
    const original = blobFor(5, 100_000);
    expect(writer.hasMedia(media(''))).toBe(false);
    expect(await writer.addMedia(media(''), Readable.from([original.subarray(0, 4000), original.subarray(4000)]))).toBe(true);
    expect(await writer.addMedia(media('thumb'), blobFor(6, 10))).toBe(true);
    expect(writer.hasMedia({ resource: 'r1', key: '' })).toBe(true);
    expect(writer.hasMedia({ resource: 'r2', key: '' })).toBe(false);
    const repeat = Readable.from([Buffer.from('other bytes')]);
    expect(await writer.addMedia(media('', 'm-other'), repeat)).toBe(false);
    expect(repeat.destroyed).toBe(true);
    expect(await writer.addMedia(media('', 'm-again'), null)).toBe(false);
    expect(writer.counts.medias).toBe(2);
    await writer.close();

    const source = await openUpdSource(path);
    const medias = (await source.mediasOf([{ id: 'e1', dataset_id: 'ds', resource: 'r1' }], {})).get('r1')!;
    expect(medias.map((m) => m.id)).toEqual(['m-', 'm-thumb']);
    expect(sha256(await buffer(await source.openMedia(medias[0]!)))).toBe(sha256(original));
    await source.close();
  });

  it('streams a large media through a spool file beside the database, never whole in memory, and removes it', async () => {
    const folder = await dirs.make();
    const path = join(folder, 'large-media.upd');
    const writer = await UpdWriter.create(path, { builtBy: 'tests' });
    writer.addDataset(dataset);
    writer.addEntry({ id: 'e1', dataset_id: 'ds', resource: 'r1' }, { mediaUrl: 'local:r1' });
    const chunk = blobFor(9, 64 * 1024);
    const chunks = 320; // 20 MiB
    const spoolsSeen: string[][] = [];
    async function* big() {
      for (let index = 0; index < chunks; index += 1) {
        // Past the in-memory limit, what came so far is on disk, not in a growing list of buffers.
        if (index === 200) spoolsSeen.push((await readdir(folder)).filter((name) => name.startsWith('.idah-media-')));
        yield chunk;
      }
    }
    expect(await writer.addMedia(media(''), Readable.from(big()))).toBe(true);
    expect(await writer.addMedia(media('thumb'), Readable.from([blobFor(6, 10)]))).toBe(true);
    await writer.close();
    expect(spoolsSeen).toEqual([[expect.stringMatching(/^\.idah-media-\d+-[0-9a-f]+\.bin$/)]]);
    expect(await readdir(folder)).toEqual(['large-media.upd']);

    const source = await openUpdSource(path);
    const medias = (await source.mediasOf([{ id: 'e1', dataset_id: 'ds', resource: 'r1' }], {})).get('r1')!;
    const read = await buffer(await source.openMedia(medias[0]!));
    expect(read.length).toBe(chunks * chunk.length);
    expect(sha256(read)).toBe(sha256(Buffer.concat(Array.from({ length: chunks }, () => chunk))));
    expect(sha256(await buffer(await source.openMedia(medias[1]!)))).toBe(sha256(blobFor(6, 10)));
    await source.close();
  });

  it('keeps parents before children across flushes of a large write', async () => {
    const path = join(await dirs.make(), 'large.upd');
    const writer = await UpdWriter.create(path, { builtBy: 'tests' });
    const entries = 30_000;
    for (let d = 0; d < 3; d += 1) writer.addDataset({ ...dataset, id: `ds-${d}` });
    for (let e = 0; e < entries; e += 1) {
      const id = `e-${String(e).padStart(6, '0')}`;
      writer.addEntry({ id, dataset_id: `ds-${e % 3}`, status: 'completed' }, { mediaUrl: null });
      for (let a = 0; a < 4; a += 1) writer.addAnnotation(annotation(`${id}-${a}`, id));
    }
    await writer.close();
    const stats = (await updDatasetStats(path)).map((s) => [s.entries, s.annotations]);
    expect(stats).toEqual([
      [10_000, 40_000],
      [10_000, 40_000],
      [10_000, 40_000],
    ]);
  });
});
