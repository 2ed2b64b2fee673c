import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { idahSampleDatasets, openUpdSource, python, runExportJob, writeIdahUpd } from 'idah-plugin/testing';
import { CvatExport } from './export.ts';

const folder = mkdtempSync(join(tmpdir(), 'cvat-idah-upd-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const ELEMENTS = `
import json, sys, zipfile, xml.etree.ElementTree as ET
root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('annotations.xml'))
print(json.dumps([[image.get('name'), [el.tag for el in image]] for image in root.iter('image')]))
`;

describe('cvat: a UPD file as IDAH writes it', () => {
  it('writes every shape, the line as a polyline and the entry:root as a tag; nothing skipped', async () => {
    const path = join(folder, 'idah.upd');
    await writeIdahUpd(path, idahSampleDatasets());
    const source = await openUpdSource(path);
    try {
      const job = await runExportJob({ exporter: { id: 'Cvat::CvatExport', exporterClass: CvatExport }, source, datasetIds: 'all', options: {}, outDir: mkdtempSync(join(folder, 'out-')) });
      expect(job.error ?? undefined).toBeUndefined();
      expect(python(ELEMENTS, job.output!.path)).toEqual([
        ['4c2052a1475842e9.png', ['box', 'box', 'polygon', 'polyline', 'ellipse', 'ellipse', 'mask', 'tag']],
        ['8f14e45fceea167a.jpg', ['box']],
      ]);
      expect(job.skipped ?? []).toEqual([]);
    } finally {
      await source.close();
    }
  });
});
