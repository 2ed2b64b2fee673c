import { describe, expect, it } from 'vitest';
import { NO_AREA_REASON } from 'idah-plugin';
import { type DatasetFixture, imageMaskTiles, jpegBytes, readZipEntries, runExport } from 'idah-plugin/testing';
import { YoloExport } from '../export.ts';

type Annotation = { id: string; dimensions: { type: string; [key: string]: unknown }; category: string };

function oneEntry(annotations: Annotation[], media: Record<string, unknown> = {}): DatasetFixture[] {
  return [
    {
      id: 'd',
      entries: [
        {
          id: 'e',
          medias: [{ filename: 'one.png', data: 'png', meta: { width: 200, height: 100 }, ...media } as never],
          annotations: annotations.map(({ id, dimensions, category }) => ({ id, dimensions, annotation: { category } })),
        },
      ],
    },
  ];
}

async function exportOf(datasets: DatasetFixture[], options: Record<string, unknown> = {}) {
  const result = await runExport(YoloExport, { datasets, options: { on_error: 'skip', include_medias: 'none', ...options } });
  expect(result.error).toBeUndefined();
  return { result, files: await readZipEntries(result.output!.path) };
}

const triangle = { type: 'idah-image:polygon', points: [[0.1, 0.1], [0.9, 0.1], [0.5, 0.9]] };

describe('yolo interop (one entry each)', () => {
  it('class ids are the same for detect and segment, though segment cannot write the mask', async () => {
    const data = oneEntry([
      { id: 'm', dimensions: imageMaskTiles(200, 100, (x, y) => x < 50 && y < 50), category: 'a-sky' },
      { id: 'p', dimensions: triangle, category: 'b-road' },
    ]);
    const detect = await exportOf(data, { task: 'detect' });
    const segment = await exportOf(data, { task: 'segment' });
    const classOf = (files: Map<string, Buffer>) => files.get('labels/default/one.txt')!.toString().trim().split('\n').map((line) => line.split(' ')[0]);
    expect(classOf(detect.files)).toEqual(['0', '1']);
    expect(classOf(segment.files)).toEqual(['1']);
    const names = (files: Map<string, Buffer>) => files.get('data.yaml')!.toString().split('names:')[1];
    expect(names(segment.files)).toBe(names(detect.files));
    expect(names(detect.files)).toBe('\n  0: "a-sky"\n  1: "b-road"\n');
  });

  it('the polygon rule: a bow tie is written as drawn, a flat polygon is skipped and reported', async () => {
    const bowTie = { type: 'idah-image:polygon', points: [[0.5, 0.6], [0.7, 1], [0.7, 0.6], [0.5, 1]] };
    const flat = { type: 'idah-image:polygon', points: [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]] };
    const { files, result } = await exportOf(oneEntry([{ id: 'bow', dimensions: bowTie, category: 'x' }, { id: 'flat', dimensions: flat, category: 'x' }]), { task: 'segment' });
    expect(files.get('labels/default/one.txt')!.toString()).toBe('0 0.500000 0.600000 0.700000 1.000000 0.700000 0.600000 0.500000 1.000000\n');
    expect(result.job.skipped).toEqual([{ dataset_id: 'd', entry_id: 'e', annotation_id: 'flat', reason: NO_AREA_REASON }]);
  });

  it('entry:root has no YOLO form: skipped and reported whatever on_error', async () => {
    const result = await runExport(YoloExport, { datasets: oneEntry([{ id: 'root', dimensions: { type: 'entry:root' }, category: 'sunny' }]) });
    expect(result.status).toBe('completed');
    expect(result.job.skipped).toEqual([{ dataset_id: 'd', entry_id: 'e', annotation_id: 'root', reason: expect.stringContaining('entry:root') }]);
  });

  it('an image without an extension gets its type\'s, and its label file stays paired; a GIF, which Ultralytics does not load, is reported', async () => {
    const { files } = await exportOf(oneEntry([], { filename: 'IMG_1234', data: jpegBytes(8, 6), mime_type: 'application/octet-stream', meta: undefined }), { include_medias: 'original' });
    expect([...files.keys()].filter((name) => !name.endsWith('yaml'))).toEqual(['images/default/IMG_1234.jpg', 'labels/default/IMG_1234.txt']);
    const gif = await exportOf(oneEntry([], { filename: 'anim.gif', mime_type: 'image/gif' }));
    expect(gif.result.job.skipped).toEqual([{ dataset_id: 'd', entry_id: 'e', reason: expect.stringMatching(/^expected an image type Ultralytics loads .*got gif/) }]);
  });

  it('Windows device names and over-long names are made safe, image and label alike', async () => {
    const { files } = await exportOf(oneEntry([], { filename: 'nul.png' }), { include_medias: 'original' });
    expect([...files.keys()].filter((name) => !name.endsWith('yaml'))).toEqual(['images/default/_nul.png', 'labels/default/_nul.txt']);
    const long = await exportOf(oneEntry([], { filename: `${'x'.repeat(400)}.png` }));
    const label = [...long.files.keys()].find((name) => name.startsWith('labels/'))!;
    expect(Buffer.byteLength(label.split('/').at(-1)!)).toBeLessThanOrEqual(255);
  });

  it('an unknown option is an error naming it, with a did-you-mean', async () => {
    const result = await runExport(YoloExport, { datasets: oneEntry([]), options: { tsk: 'segment' } });
    expect(result.status).toBe('errored');
    expect(result.error).toContain('options.tsk: unknown option; did you mean "task"?');
  });
});
