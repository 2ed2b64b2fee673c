import { describe, expect, it } from 'vitest';
import { listZipEntries, readZipEntry, runExport } from 'idah-plugin/testing';
import { CocoExport } from './export.ts';
import { goldenDatasets, jpeg30x20 } from './test-fixtures.ts';

async function exportGolden(options: Record<string, unknown> = {}) {
  const result = await runExport(CocoExport, { datasets: goldenDatasets(), options: { on_error: 'skip', ...options } });
  expect(result.error).toBeUndefined();
  expect(result.output?.mime_type).toBe('application/zip');
  const zip = result.output!.path;
  const instances = JSON.parse((await readZipEntry(zip, 'annotations/instances_default.json')).toString('utf8'));
  return { result, zip, instances };
}

/** The mask of the golden fixture on its 30 x 20 image: columns 10-19 of rows 0-9, read down each column. */
const goldenMaskCounts = [200, ...Array.from({ length: 9 }, () => [10, 10]).flat(), 10, 210];

describe('coco exporter: golden output (hand-computed)', () => {
  it('lists every image once, with unique names and sizes from meta or the file header', async () => {
    const { instances } = await exportGolden();
    expect(instances.images).toEqual([
      { id: 1, file_name: 'frame.png', width: 200, height: 100 },
      { id: 2, file_name: 'ünïcödé 画像.jpg', width: 30, height: 20 },
      { id: 3, file_name: 'frame-1.png', width: 200, height: 100 },
      { id: 4, file_name: 'frame-2.png', width: 50, height: 80 },
    ]);
  });

  it('numbers categories from 1 in sorted order, split into supercategory and name', async () => {
    const { instances } = await exportGolden();
    expect(instances.categories).toEqual([
      { id: 1, name: 'person', supercategory: 'person' },
      { id: 2, name: 'road', supercategory: 'road' },
      { id: 3, name: 'bus', supercategory: 'vehicles' },
      { id: 4, name: 'car', supercategory: 'vehicles' },
    ]);
  });

  it('writes boxes, polygons and masks in pixels with the documented area rules', async () => {
    const { instances } = await exportGolden();
    const [car, bus, road, sign, mask, person, ...rest] = instances.annotations;
    expect(rest).toEqual([]);
    expect(car).toEqual({ id: 1, image_id: 1, category_id: 4, bbox: [0, 0, 200, 50], area: 10000, iscrowd: 0, segmentation: [] });
    expect(bus).toEqual({ id: 2, image_id: 1, category_id: 3, bbox: [100, 50, 100, 50], area: 5000, iscrowd: 0, segmentation: [] });
    expect(road).toEqual({ id: 3, image_id: 1, category_id: 2, bbox: [20, 20, 60, 60], area: 1800, iscrowd: 0, segmentation: [[20, 20, 80, 20, 80, 80]] });
    expect(mask).toEqual({
      id: 5,
      image_id: 2,
      category_id: 2,
      bbox: [10, 0, 10, 10],
      area: 100,
      iscrowd: 1,
      segmentation: { size: [20, 30], counts: goldenMaskCounts },
    });
    expect(person).toEqual({ id: 6, image_id: 4, category_id: 1, bbox: [10, 20, 20, 40], area: 800, iscrowd: 0, segmentation: [] });
    // The circle (centre 100,50, radius 10 px) as a 32-gon: its area is 16·r²·sin(π/16).
    expect(sign).toMatchObject({ id: 4, image_id: 1, category_id: 4, bbox: [90, 40, 20, 20], iscrowd: 0 });
    expect(sign.segmentation).toHaveLength(1);
    expect(sign.segmentation[0]).toHaveLength(64);
    expect(sign.segmentation[0].slice(0, 2)).toEqual([110, 50]);
    expect(sign.area).toBeCloseTo(1600 * Math.sin(Math.PI / 16), 0);
  });

  it('skips and reports the 2-point polygon, the line and the entry without media', async () => {
    const { result, zip } = await exportGolden();
    const listed = JSON.parse((await readZipEntry(zip, 'skipped.json')).toString());
    expect(result.job.skipped).toEqual(listed);
    expect(result.job.skipped_total).toBe(3);
    expect(listed).toEqual([
      { dataset_id: 'd1-street', entry_id: 's1', annotation_id: 's1-d-bad', reason: 'expected a polygon of at least 3 distinct points, got [[0.1,0.2],[0.4,0.2]]' },
      { dataset_id: 'd1-street', entry_id: 's1', annotation_id: 's1-e-line', reason: 'COCO has no line shape (a polyline is neither a box, a polygon nor a mask)' },
      { dataset_id: 'd2-park', entry_id: 'p2', reason: 'expected an original media (key "") to take the image and its size from, got none' },
    ]);
    const messages = result.logs.map((entry) => `${entry.level}: ${entry.message}`);
    expect(messages).toContain('warn: skipped 1 item and 2 annotations in all; each is listed in skipped.json');
    expect(messages).toContain('info: COCO: 4 images, 6 annotations, 4 categories in 1 split(s)');
  });

  it('puts the original images under images/<split>/ with their bytes', async () => {
    const { zip } = await exportGolden();
    const files = (await listZipEntries(zip)).filter((name) => !name.endsWith('/'));
    expect(files).toEqual([
      'annotations/instances_default.json',
      'error_file_list.json',
      'images/default/frame-1.png',
      'images/default/frame-2.png',
      'images/default/frame.png',
      'images/default/ünïcödé 画像.jpg',
      'skipped.json',
    ]);
    expect((await readZipEntry(zip, 'images/default/frame-2.png')).toString()).toBe('png bytes of p1');
    expect((await readZipEntry(zip, 'images/default/ünïcödé 画像.jpg')).equals(jpeg30x20())).toBe(true);
  });

  it('labels only: still a zip, holding annotations/ alone', async () => {
    const { zip, instances } = await exportGolden({ include_medias: 'none' });
    expect((await listZipEntries(zip)).filter((name) => !name.endsWith('/'))).toEqual(['annotations/instances_default.json', 'error_file_list.json', 'skipped.json']);
    expect(instances.images).toHaveLength(4);
  });

  it('writes masks as compressed RLE strings when asked', async () => {
    const { instances } = await exportGolden({ rle: 'compressed' });
    const mask = instances.annotations.find((annotation: { iscrowd: number }) => annotation.iscrowd === 1);
    expect(typeof mask.segmentation.counts).toBe('string');
    expect(mask.segmentation.size).toEqual([20, 30]);
    // 200 = 8 + 6·32: "X" (8 | 0x20, + 48), "6"; then ":" for 10, ":" for 10, then differences of 0 ("0").
    expect(mask.segmentation.counts.startsWith('X6::')).toBe(true);
  });
});

describe('coco exporter: empty outputs', () => {
  it('writes a valid, empty instances file for every declared split, even with no entries', async () => {
    const result = await runExport(CocoExport, { datasets: [{ id: 'nothing' }], options: { splits: { train: 0.9, val: 0.1 } } });
    expect(result.error).toBeUndefined();
    for (const split of ['train', 'val']) {
      const text = (await readZipEntry(result.output!.path, `annotations/instances_${split}.json`)).toString();
      expect(JSON.parse(text)).toMatchObject({ licenses: [], images: [], annotations: [], categories: [] });
    }
  });
});

describe('coco exporter: on_error', () => {
  it('fails by default at the first bad annotation, naming it', async () => {
    const result = await runExport(CocoExport, { datasets: goldenDatasets() });
    expect(result.status).toBe('errored');
    expect(result.error).toBe(
      'annotation "s1-d-bad" of entry "s1" of dataset "d1-street": expected a polygon of at least 3 distinct points, got [[0.1,0.2],[0.4,0.2]]. ' +
        '(Set the option on_error to "skip" to leave such items out and list them in skipped.json.)',
    );
    expect(result.output).toBeUndefined();
  });

  it('does not fail on a line: COCO cannot hold it, so it is skipped and reported either way', async () => {
    const datasets = [
      {
        id: 'd',
        entries: [
          {
            id: 'e',
            medias: [{ filename: 'a.png', data: 'x', meta: { width: 10, height: 10 } }],
            annotations: [{ id: 'l', dimensions: { type: 'idah-image:line', points: [[0, 0], [1, 1]] }, annotation: { category: 'lane' } }],
          },
        ],
      },
    ];
    const result = await runExport(CocoExport, { datasets });
    expect(result.status).toBe('completed');
    const skipped = JSON.parse((await readZipEntry(result.output!.path, 'skipped.json')).toString());
    expect(skipped).toEqual([{ dataset_id: 'd', entry_id: 'e', annotation_id: 'l', reason: expect.stringContaining('no line shape') }]);
    expect(result.logs.some((entry) => entry.level === 'warn' && entry.message.includes('"l"'))).toBe(true);
  });

  it('fails on an image whose size cannot be known, naming the file', async () => {
    const datasets = [{ id: 'd', entries: [{ id: 'e', medias: [{ filename: 'notes.txt', data: 'plain text' }] }] }];
    const result = await runExport(CocoExport, { datasets });
    expect(result.status).toBe('errored');
    expect(result.error).toContain('entry "e" of dataset "d": expected "notes.txt"');
  });

  it('refuses bad options, listing the field', async () => {
    const result = await runExport(CocoExport, { datasets: [], options: { on_error: 'ignore', ellipse_vertices: 3 } });
    expect(result.status).toBe('errored');
    expect(result.error).toContain('on_error');
    expect(result.error).toContain('ellipse_vertices');
  });
});
