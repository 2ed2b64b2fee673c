import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { describe, expect, it } from 'vitest';
import { type DatasetFixture, MemorySource, openUpdSource, recordsFromFixtures, runExport, runExportJob } from 'idah-plugin/testing';
import { readSourceContents } from '../../../../../test/support/read-source.ts';
import { UpdExport } from './export.ts';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 1, 2, 3, 255]);
const datasets: DatasetFixture[] = [
  {
    id: 'streets',
    name: 'Streets ünïcode',
    project_id: 'p1',
    labels: ['car', 'road'],
    entries: [
      {
        name: 'a',
        priority: 2,
        wf_step: 'done',
        resource: 'shared-image',
        annotations: [
          { dimensions: { type: 'idah-image:polygon', points: [[0.1, 0.2], [0.5, 0.2], [0.3, 0.9]] }, annotation: { category: 'vehicles/car', occluded: true }, metadata: { model: 'v2' }, created_by_email: 'ann@example.com' },
          { dimensions: { type: 'idah-image:bounding-box', points: [[0, 0], [1, 1]] }, annotation: { category: 'road' } },
        ],
        medias: [
          { id: 'm-original', filename: 'a.png', data: png, meta: { width: 4, height: 3 } },
          { id: 'm-thumb', key: 'thumbnail', filename: 'a-small.jpg', mime_type: 'image/jpeg', data: 'thumb' },
        ],
      },
      // Shares the first entry's image: the file stores it once.
      { name: 'b', status: 'review', resource: 'shared-image', medias: [{ id: 'm-original', filename: 'a.png', data: png }] },
      { name: 'c', status: 'completed' },
    ],
  },
  { id: 'clips', name: 'Clips', modality: 'idah-video', entries: [{ name: 'v', annotations: [{ dimensions: { type: 'idah-video:bounding-box', frames: [{ frame: 1, points: [[0, 0], [0.5, 0.5]] }] }, annotation: { category: 'car' } }] }] },
];

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function exportUpd(options: Record<string, unknown>) {
  const result = await runExport(UpdExport, { datasets, options });
  expect(result.error).toBeUndefined();
  expect(result.output?.filename).toMatch(/^upd-\d{8}-\d{6}\.upd$/);
  return result.output!.path;
}

async function contentsOf(path: string) {
  const source = await openUpdSource(path);
  try {
    return await readSourceContents(source);
  } finally {
    await source.close();
  }
}

describe('upd exporter', () => {
  it('round trip: the UPD source gives back exactly the records exported, blobs bit-identical', async () => {
    const contents = await contentsOf(await exportUpd({ include_medias: 'all', completed_entries: false }));
    const expected = recordsFromFixtures(datasets);
    expect(contents.datasets).toEqual([...expected.datasets].sort((a, b) => a.id.localeCompare(b.id)));
    const byDatasetOrder = (entries: typeof expected.entries) => [...entries].sort((a, b) => a.dataset_id.localeCompare(b.dataset_id));
    expect(contents.entries).toEqual(byDatasetOrder(expected.entries));
    expect([...contents.annotations].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...expected.annotations].sort((a, b) => a.id.localeCompare(b.id)));
    expect(contents.entries.map((entry) => entry.name)).toEqual(['v', 'a', 'b', 'c']);
    const shared = expected.medias.filter((media, index, all) => all.findIndex((m) => m.record.resource === media.record.resource && m.record.key === media.record.key) === index);
    expect(contents.medias.map(({ sha256: hash, ...record }) => ({ record, hash }))).toEqual(
      shared.map((media) => ({ record: media.record, hash: sha256(media.data) })),
    );
  });

  it('UPD -> UPD through the context yields the same file contents', async () => {
    const first = await exportUpd({ include_medias: 'all', completed_entries: false });
    const source = await openUpdSource(first);
    const outDir = await mkdtemp(join(tmpdir(), 'idah-upd-again-'));
    try {
      const job = await runExportJob({
        exporter: { id: 'Upd::UpdExport', exporterClass: UpdExport },
        source,
        datasetIds: 'all',
        options: { include_medias: 'all', completed_entries: false },
        outDir,
        logSink: () => {},
      });
      await source.close();
      expect(job.status).toBe('completed');
      expect(await contentsOf(job.output!.path)).toEqual(await contentsOf(first));
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  });

  it('writes a valid UPD: metadata, tables, one media row for a shared image', async () => {
    const path = await exportUpd({ include_medias: 'original', completed_entries: false });
    const instance = await DuckDBInstance.create(path, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const metadata = Object.fromEntries((await (await connection.runAndReadAll('SELECT key, value FROM metadata')).getRows()) as [string, string][]);
    expect(JSON.parse(metadata['Schema-Type'] as string)).toBe('Universal Portable Dataset');
    expect(metadata).toHaveProperty('Schema-Version');
    expect(JSON.parse(metadata['Schema-Built-By'] as string)).toMatch(/^idah-plugin upd /);
    expect(JSON.parse(metadata['Schema-Flavor'] as string)).toBe('Vanilla');
    const medias = (await connection.runAndReadAll('SELECT id, key FROM medias ORDER BY id, key')).getRows();
    expect(medias).toEqual([['shared-image', '']]);
    const urls = (await connection.runAndReadAll("SELECT media_url FROM entries WHERE media_url <> '' ORDER BY id")).getRows();
    expect(urls).toEqual([['local:shared-image'], ['local:shared-image']]);
    connection.closeSync();
    instance.closeSync();
  });

  it('defaults: every entry whatever its status (the exact inverse of the source), original medias only, and the log says so', async () => {
    const result = await runExport(UpdExport, { datasets, options: {} });
    expect(result.error).toBeUndefined();
    const contents = await contentsOf(result.output!.path);
    expect(contents.entries.map((entry) => entry.name)).toEqual(['v', 'a', 'b', 'c']);
    expect(contents.medias.map((media) => media.key)).toEqual(['']);
    expect(result.logs.map((entry) => entry.message)).toContain('wrote 2 datasets, 4 entries (every status), 3 annotations, 1 medias');
  });

  it('completed_entries keeps only completed entries and entry_status only the statuses listed; the log names the filter', async () => {
    const completed = await runExport(UpdExport, { datasets, options: { completed_entries: true } });
    expect((await contentsOf(completed.output!.path)).entries.map((entry) => entry.name)).toEqual(['v', 'a', 'c']);
    expect(completed.logs.map((entry) => entry.message)).toContain(
      'wrote 2 datasets, 3 entries (only "completed" ones (completed_entries)), 3 annotations, 1 medias',
    );
    const review = await runExport(UpdExport, { datasets, options: { entry_status: ['review'] } });
    expect((await contentsOf(review.output!.path)).entries.map((entry) => entry.name)).toEqual(['b']);
    expect(review.logs.map((entry) => entry.message)).toContain('wrote 2 datasets, 1 entries (only statuses "review" (entry_status)), 0 annotations, 1 medias');
  });

  it('the names other exporters use for these ideas are refused with the current name', async () => {
    for (const [given, meant] of [['only_completed', 'completed_entries'], ['completed_only', 'completed_entries'], ['statuses', 'entry_status']]) {
      const result = await runExport(UpdExport, { datasets, options: { [given as string]: true } });
      expect(result.status).toBe('errored');
      expect(result.error).toContain(`options.${given}: unknown option; did you mean "${meant}"?`);
    }
  });

  it('include_medias none stores no bytes', async () => {
    const contents = await contentsOf(await exportUpd({ include_medias: 'none' }));
    expect(contents.medias).toEqual([]);
    expect(contents.annotations).toHaveLength(3);
  });

  it('a failure half-way publishes nothing', async () => {
    const bad = [{ id: 'x'.repeat(80), entries: [] }];
    const result = await runExport(UpdExport, { datasets: bad as DatasetFixture[] });
    expect(result.status).toBe('errored');
    expect(result.output).toBeUndefined();
    expect(result.error).toContain('64');
  });

  it('a memory source and its UPD export hold the same records (source equivalence)', async () => {
    const memory = await readSourceContents(new MemorySource(recordsFromFixtures(datasets)));
    const upd = await contentsOf(await exportUpd({ include_medias: 'all', completed_entries: false }));
    expect(upd.entries).toEqual(memory.entries);
    expect(upd.annotations).toEqual(memory.annotations);
  });
});
