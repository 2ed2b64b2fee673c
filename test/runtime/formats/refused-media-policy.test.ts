import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CocoExport } from '../../../plugins/coco/backends/sync/coco/export.ts';
import { YoloExport } from '../../../plugins/yolo/backends/sync/yolo/export.ts';
import type { ExporterClass } from '../../../runtime/exporter.ts';
import { runExportJob } from '../../../runtime/jobs/run-export-job.ts';
import { openUpdSource } from '../../../runtime/sources/upd/upd-source.ts';
import { pngBytes } from '../../../runtime/testing/images.ts';
import { readZipEntries } from '../../../runtime/testing/read-output.ts';
import { imageBox } from '../../../runtime/testing/shapes.ts';
import { UpdWriter } from '../../../runtime/upd/writer/upd-writer.ts';

let folder: string;
let sourcePath: string;
const box = imageBox(0.1, 0.1, 0.6, 0.6);

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'idah-refused-images-'));
  sourcePath = join(folder, 'images.upd');
  const writer = await UpdWriter.create(sourcePath, { builtBy: 'tests' });
  writer.addDataset({ id: 'ds', name: 'Images', modality: 'idah-image' });
  // Its size is in the media's meta, so the bytes are first asked for when the image is copied.
  writer.addEntry({ id: 'e1-secret', dataset_id: 'ds', resource: 'r1' }, { mediaUrl: 'file:///proc/self/environ' });
  await writer.addMedia({ id: 'r1', resource: 'r1', key: '', filename: 'secret.png', meta: { width: 8, height: 8 } }, null);
  writer.addEntry({ id: 'e2-good', dataset_id: 'ds', resource: 'r2' }, { mediaUrl: 'local:r2' });
  await writer.addMedia({ id: 'r2', resource: 'r2', key: '', filename: 'good.png', mime_type: 'image/png' }, pngBytes(8, 8));
  for (const entry of ['e1-secret', 'e2-good']) {
    writer.addAnnotation({ id: `${entry}-a`, entry_id: entry, dimensions: box, annotation: { category: 'car' }, metadata: {} });
  }
  await writer.close();
});
afterAll(() => rm(folder, { recursive: true, force: true }));

async function run(exporterClass: ExporterClass, onError: 'fail' | 'skip', outDir: string) {
  const source = await openUpdSource(sourcePath);
  try {
    return await runExportJob({ exporter: { id: 'X::Y', exporterClass }, source, datasetIds: 'all', options: { on_error: onError }, outDir, logSink: () => {} });
  } finally {
    await source.close();
  }
}

describe.each([
  ['coco', CocoExport],
  ['yolo', YoloExport],
] as const)('%s: a refused media follows on_error', (name, exporterClass) => {
  it('fails by default, naming the entry and the media', async () => {
    const outDir = join(folder, `${name}-fail`);
    const job = await run(exporterClass as ExporterClass, 'fail', outDir);
    expect(job.status).toBe('errored');
    expect(job.error).toMatch(/entry "e1-secret" of dataset "ds": its media was not copied: media "r1" .* refused: \/proc\/self\/environ is a system path/);
    expect(await readdir(outDir).catch(() => [])).toEqual([]);
  });

  it('under skip completes, lists the entry, and the zip holds only the good image', async () => {
    const outDir = join(folder, `${name}-skip`);
    const job = await run(exporterClass as ExporterClass, 'skip', outDir);
    expect(job.status).toBe('completed');
    expect(job.skipped).toEqual([{ dataset_id: 'ds', entry_id: 'e1-secret', reason: expect.stringContaining('its media was not copied: media "r1"') }]);
    const files = await readZipEntries(job.output!.path);
    const images = [...files.keys()].filter((file) => file.startsWith('images/'));
    expect(images).toEqual([expect.stringMatching(/good\.png$/)]);
    for (const bytes of files.values()) expect(bytes.includes(Buffer.from('PATH='))).toBe(false);
    expect(JSON.parse(files.get('skipped.json')!.toString())).toEqual([expect.objectContaining({ entry_id: 'e1-secret' })]);
  });
});
