import { describe, expect, it } from 'vitest';
import { CocoExport } from '../../../plugins/coco/backends/sync/coco/export.ts';
import { CvatExport } from '../../../plugins/cvat/backends/sync/cvat/export.ts';
import { PascalVocExport } from '../../../plugins/pascal-voc/backends/sync/pascal_voc/export.ts';
import { YoloExport } from '../../../plugins/yolo/backends/sync/yolo/export.ts';
import type { ExporterClass } from '../../../runtime/exporter.ts';
import { readZipEntry } from '../../../runtime/testing/read-output.ts';
import { pngBytes } from '../../../runtime/testing/images.ts';
import { runExport } from '../../../runtime/testing/run-export.ts';
import { imageBox } from '../../../runtime/testing/shapes.ts';

const datasets = [
  {
    id: 'd',
    name: 'd',
    entries: [
      {
        id: 'good',
        medias: [{ filename: 'good.png', data: pngBytes(20, 10) }],
        annotations: [{ id: 'g1', dimensions: imageBox(0.1, 0.1, 0.6, 0.6), annotation: { category: 'car' } }],
      },
      {
        id: 'bad-polygon',
        medias: [{ filename: 'bad.png', data: pngBytes(20, 10) }],
        annotations: [{ id: 'b1', dimensions: { type: 'idah-image:polygon', points: [[0.1, 0.1], [0.5, 0.5]] }, annotation: { category: 'car' } }],
      },
      { id: 'no-image' },
    ],
  },
];

const cases: Array<[string, ExporterClass, string, string]> = [
  ['coco', CocoExport, 'images/default/good.png', 'annotations/instances_default.json'],
  ['yolo', YoloExport, 'images/default/good.png', 'labels/default/good.txt'],
  ['pascal-voc', PascalVocExport, 'JPEGImages/good.png', 'Annotations/good.xml'],
  ['cvat', CvatExport, 'images/good.png', 'annotations.xml'],
];

describe.each(cases)('%s: metrics and file logs through the shared helpers', (_name, exporterClass, imageFile, dataFile) => {
  it('counts and logs every original copy and data file, and lists the failed ones in error_file_list.json', async () => {
    const result = await runExport(exporterClass, { datasets, options: { on_error: 'skip', reproducible: true } });
    expect(result.status).toBe('completed');
    expect(result.metrics).toEqual({
      original_file: { stand_by: 0, success: 2, failed: 0 },
      data_file: { stand_by: 0, success: 1, failed: 2 },
    });
    const byItem = (id: string, category: string) => result.fileLog.find((entry) => entry.id === id && entry.category === category);
    expect(byItem('good', 'original_file')).toMatchObject({ file: imageFile, status: 'success', error: null });
    expect(byItem('good', 'data_file')).toMatchObject({ file: dataFile, status: 'success' });
    expect(byItem('bad-polygon', 'data_file')?.status).toBe('failed');
    expect(byItem('bad-polygon', 'data_file')?.error).toMatch(/annotation/);
    expect(byItem('no-image', 'data_file')).toMatchObject({ file: null, status: 'failed', error: expect.stringMatching(/^expected an original (image|media)/) });
    expect(result.job.file_log).toMatchObject({ total: result.fileLog.length, failed: 2 });

    const list = JSON.parse((await readZipEntry(result.output!.path, 'error_file_list.json')).toString('utf8'));
    expect(list.map((item: { id: string }) => item.id).sort()).toEqual(['bad-polygon', 'no-image']);
  });
});
