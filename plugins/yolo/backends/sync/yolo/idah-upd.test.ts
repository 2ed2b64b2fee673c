import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { idahSampleDatasets, openUpdSource, readZipEntries, runExportJob, writeIdahUpd } from 'idah-plugin/testing';
import { YoloExport } from './export.ts';

const folder = mkdtempSync(join(tmpdir(), 'yolo-idah-upd-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Exports a UPD file written the way IDAH writes it (the `annotation` column, media without sizes). */
async function exportIdahUpd(options: Record<string, unknown>) {
  const path = join(folder, `idah-${Math.random().toString(36).slice(2)}.upd`);
  await writeIdahUpd(path, idahSampleDatasets());
  const source = await openUpdSource(path);
  try {
    const job = await runExportJob({ exporter: { id: 'Yolo::YoloExport', exporterClass: YoloExport }, source, datasetIds: 'all', options, outDir: mkdtempSync(join(folder, 'out-')) });
    expect(job.error ?? undefined).toBeUndefined();
    const files = await readZipEntries(job.output!.path);
    const rows = [...files].filter(([name]) => name.startsWith('labels/')).flatMap(([, data]) => data.toString().split('\n').filter(Boolean));
    return { job, files, rows };
  } finally {
    await source.close();
  }
}

describe('yolo: a UPD file as IDAH writes it', () => {
  for (const [task, written, skipped] of [
    ['detect', 7, ['ann-04-line', 'ann-08-root']],
    ['segment', 6, ['ann-04-line', 'ann-07-mask', 'ann-08-root']],
    ['obb', 7, ['ann-04-line', 'ann-08-root']],
  ] as const) {
    it(`${task}: every shape is written or reported; all values in [0, 1]; names from the labels`, async () => {
      const { job, files, rows } = await exportIdahUpd({ task, on_error: 'skip' });
      expect(rows).toHaveLength(written);
      expect(job.skipped!.map((item) => item.annotation_id).sort()).toEqual([...skipped]);
      for (const row of rows) for (const value of row.split(' ').slice(1)) expect(Number(value) >= 0 && Number(value) <= 1).toBe(true);
      if (task === 'obb') expect(rows.every((row) => row.split(' ').length === 9)).toBe(true);
      expect(files.get('data.yaml')!.toString()).toContain('names:\n  0: "Road"\n');
    });
  }
});
