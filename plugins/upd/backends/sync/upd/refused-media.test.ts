import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UpdWriter } from 'idah-plugin';
import { openUpdSource, runExportJob } from 'idah-plugin/testing';
import { UpdExport } from './export.ts';

let folder: string;
let sourcePath: string;
const good = Buffer.from('the bytes of a good image');

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'idah-upd-refused-'));
  await writeFile(join(folder, 'good.png'), good);
  sourcePath = join(folder, 'hostile.upd');
  // A UPD file as another tool could write it: entries pointing at media outside its folder.
  const writer = await UpdWriter.create(sourcePath, { builtBy: 'tests' });
  writer.addDataset({ id: 'ds', name: 'Hostile', modality: 'idah-image' });
  writer.addEntry({ id: 'e1-secret', dataset_id: 'ds', resource: 'r1', status: 'completed' }, { mediaUrl: 'file:///proc/self/environ' });
  writer.addEntry({ id: 'e2-climbs', dataset_id: 'ds', resource: 'r2', status: 'completed' }, { mediaUrl: '../../etc/passwd' });
  writer.addEntry({ id: 'e3-good', dataset_id: 'ds', resource: 'r3', status: 'completed' }, { mediaUrl: 'good.png' });
  await writer.close();
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function exportWith(onError: 'fail' | 'skip', outDir: string) {
  const source = await openUpdSource(sourcePath);
  try {
    return await runExportJob({
      exporter: { id: 'Upd::UpdExport', exporterClass: UpdExport },
      source,
      datasetIds: 'all',
      options: { on_error: onError },
      outDir,
      logSink: () => {},
    });
  } finally {
    await source.close();
  }
}

async function blobsOf(path: string): Promise<Array<[string, string | null]>> {
  const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    const rows = (await connection.runAndReadAll('SELECT id, blob_data::VARCHAR FROM medias ORDER BY id')).getRows();
    return rows.map(([id, blob]) => [id as string, blob as string | null]);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

describe('upd exporter and refused media', () => {
  it('fails by default, naming the entry and the media, and publishes nothing', async () => {
    const outDir = join(folder, 'out-fail');
    const job = await exportWith('fail', outDir);
    expect(job.status).toBe('errored');
    expect(job.error).toContain('entry "e1-secret" of dataset "ds"');
    expect(job.error).toMatch(/media "r1" .* refused: \/proc\/self\/environ is a system path/);
    expect(await readdir(outDir).catch(() => [])).toEqual([]);
  });

  it('under on_error=skip leaves refused media out, lists each entry, and never embeds their bytes', async () => {
    const outDir = join(folder, 'out-skip');
    const job = await exportWith('skip', outDir);
    expect(job.status).toBe('completed');
    expect(job.skipped).toEqual([
      { dataset_id: 'ds', entry_id: 'e1-secret', reason: expect.stringMatching(/^its media was left out: .*\/proc\/self\/environ is a system path/) },
      { dataset_id: 'ds', entry_id: 'e2-climbs', reason: expect.stringMatching(/^its media was left out: .*etc\/passwd is outside the media root/) },
    ]);
    const output = await readFile(job.output!.path);
    expect(output.includes(Buffer.from(process.env.PATH ?? 'PATH='))).toBe(false);
    expect(output.includes(Buffer.from('root:x:0:0'))).toBe(false);
    expect(await blobsOf(job.output!.path)).toEqual([['r3', good.toString()]]);
    const exported = await openUpdSource(job.output!.path);
    try {
      const entries = [];
      for await (const batch of exported.entryBatches('ds', {}, { batchSize: 10 })) entries.push(...batch);
      expect(entries.map((entry) => entry.id)).toEqual(['e1-secret', 'e2-climbs', 'e3-good']);
    } finally {
      await exported.close();
    }
  });
});
