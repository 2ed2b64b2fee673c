import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { idahSampleDatasets, openUpdSource, python, runExportJob, unzipped, writeIdahUpd, xmllint } from 'idah-plugin/testing';
import { PascalVocExport } from './export.ts';

const folder = mkdtempSync(join(tmpdir(), 'voc-idah-upd-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const COUNT = `
import json, sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
out = {}
for name in sorted(n for n in z.namelist() if n.startswith('Annotations/')):
    root = ET.fromstring(z.read(name))
    out[name] = {'objects': [o.findtext('name') for o in root.findall('object')], 'tags': [t.findtext('name') for t in root.findall('tag')]}
print(json.dumps(out))
`;

describe('pascal-voc: a UPD file as IDAH writes it', () => {
  it('accounts for every shape: 7 objects, the entry:root as a tag, the line reported; xmllint accepts it', async () => {
    const path = join(folder, 'idah.upd');
    await writeIdahUpd(path, idahSampleDatasets());
    const source = await openUpdSource(path);
    try {
      const job = await runExportJob({ exporter: { id: 'PascalVoc::PascalVocExport', exporterClass: PascalVocExport }, source, datasetIds: 'all', options: {}, outDir: mkdtempSync(join(folder, 'out-')) });
      expect(job.error ?? undefined).toBeUndefined();
      expect(python(COUNT, job.output!.path)).toEqual({
        'Annotations/4c2052a1475842e9.xml': { objects: ['Vehicles/Car', 'Vehicles/Bus', 'Road', 'signs/Round sign', 'signs/Oval sign', 'Sky'], tags: ['weather/Sunny'] },
        'Annotations/8f14e45fceea167a.xml': { objects: ['Vehicles/Car'], tags: [] },
      });
      expect(job.skipped).toEqual([expect.objectContaining({ annotation_id: 'ann-04-line' })]);
      const out = unzipped(job.output!.path);
      try {
        expect(() => xmllint(readdirSync(join(out, 'Annotations')).map((name) => join(out, 'Annotations', name)))).not.toThrow();
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    } finally {
      await source.close();
    }
  });
});
