import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { type DatasetFixture, runExport } from 'idah-plugin/testing';
import { CocoExport } from './export.ts';

/**
 * More images than a plain zip can list (65,535 entries): ZIP64 must switch on by itself.
 * Creating 65,600 files takes one to two minutes on a slow file system, so this runs when
 * IDAH_SLOW_TESTS=1 (the host's own ZIP64 test, test/runtime/io/zip64.test.ts, always runs).
 */
const IMAGES = 65_600;

describe('coco exporter: ZIP64', () => {
  it.runIf(process.env.IDAH_SLOW_TESTS === '1')(`zips ${IMAGES} images so that Python's zipfile and unzip -t read every entry`, async () => {
    const entries = Array.from({ length: IMAGES }, (_, index) => ({
      id: `e${String(index).padStart(6, '0')}`,
      medias: [{ filename: 'same-name.png', data: `image ${index}`, meta: { width: 4, height: 3 } }],
      annotations: index % 1000 === 0 ? [{ dimensions: { type: 'idah-image:bounding-box', points: [[0, 0], [1, 0], [1, 1], [0, 1]], angle: 0 }, annotation: { category: 'a' } }] : [],
    }));
    const datasets: DatasetFixture[] = [{ id: 'many', entries }];
    const result = await runExport(CocoExport, { datasets, options: { reproducible: true } });
    expect(result.error).toBeUndefined();
    const zip = result.output!.path;
    const script = [
      'import json, sys, zipfile',
      'archive = zipfile.ZipFile(sys.argv[1])',
      'names = archive.namelist()',
      'doc = json.loads(archive.read("annotations/instances_default.json"))',
      'last = archive.read("images/default/same-name-%d.png" % (len(doc["images"]) - 1)).decode()',
      'print(json.dumps([len(names), len(doc["images"]), len(doc["annotations"]), last]))',
    ].join('\n');
    const [entryCount, images, annotations, last] = JSON.parse(execFileSync('python3', ['-c', script, zip]).toString());
    expect(entryCount).toBeGreaterThan(65_535);
    expect([images, annotations, last]).toEqual([IMAGES, 66, `image ${IMAGES - 1}`]);
    const tested = execFileSync('unzip', ['-tq', zip], { maxBuffer: 64 * 1024 * 1024 }).toString();
    expect(tested).toMatch(/No errors detected/);
  }, 180_000);
});
