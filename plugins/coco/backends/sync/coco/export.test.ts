import { describe, expect, it } from 'vitest';
import { NO_AREA_REASON } from 'idah-plugin';
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

describe('coco exporter: golden output (hand-computed)', () => {
  it('lists every image once, with unique names, sizes from meta or the file header, and entry:root as tags', async () => {
    const { instances } = await exportGolden();
    expect(instances.images).toEqual([
      { id: 1, file_name: 'frame.png', width: 200, height: 100, tags: [{ category: 'weather/Sunny', attributes: { 'Time of day': 'noon' } }] },
      { id: 2, file_name: 'ünïcödé 画像.jpg', width: 30, height: 20 },
      { id: 3, file_name: 'frame-1.png', width: 200, height: 150 },
      { id: 4, file_name: 'frame-2.png', width: 50, height: 80 },
    ]);
  });

  it('names categories by label, distinct leaves (Car and Car take their paths), ids from 1 in name order', async () => {
    const { instances } = await exportGolden();
    expect(instances.categories).toEqual([
      { id: 1, name: 'Road', supercategory: 'Road' },
      { id: 2, name: 'Vehicles/Car', supercategory: 'Vehicles' },
      { id: 3, name: 'a/Car', supercategory: 'a' },
      { id: 4, name: 'lane', supercategory: 'lane' },
      { id: 5, name: 'person', supercategory: 'person' },
      { id: 6, name: 'sign', supercategory: 'sign' },
      { id: 7, name: 'sky', supercategory: 'sky' },
    ]);
  });

  it('category_names "id": the stored ids, and attribute ids with their stored values', async () => {
    const { instances } = await exportGolden({ category_names: 'id' });
    expect(instances.categories.map((c: { name: string; supercategory: string }) => [c.supercategory, c.name])).toEqual([
      ['a', 'a/car'],
      ['lane', 'lane'],
      ['person', 'person'],
      ['road', 'road'],
      ['sign', 'sign'],
      ['sky', 'sky'],
      ['vehicles', 'vehicles/car'],
    ]);
    expect(instances.annotations[0].attributes).toEqual({ colour: 'red' });
    expect(instances.images[0].tags).toEqual([{ category: 'weather/sunny', attributes: { time: 'noon' } }]);
  });

  it('writes every shape in pixels with a segmentation pycocotools can rasterise, and the documented areas', async () => {
    const { instances } = await exportGolden();
    const byId = instances.annotations;
    expect(byId.map((a: { id: number }) => a.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [car, turned, road, circle, ellipse, bowTie, edge, mask, person] = byId;
    expect(car).toEqual({ id: 1, image_id: 1, category_id: 2, bbox: [0, 0, 200, 50], area: 10000, iscrowd: 0, segmentation: [[0, 0, 200, 0, 200, 50, 0, 50]], attributes: { Colour: 'Red' } });
    // Rotated a quarter about (100, 50): the corners tl (80,40) -> (110,30), tr -> (110,70), br -> (90,70), bl -> (90,30).
    expect(turned).toEqual({ id: 2, image_id: 1, category_id: 2, bbox: [90, 30, 20, 40], area: 800, iscrowd: 0, segmentation: [[110, 30, 110, 70, 90, 70, 90, 30]] });
    expect(road).toEqual({ id: 3, image_id: 1, category_id: 1, bbox: [20, 20, 60, 60], area: 1800, iscrowd: 0, segmentation: [[20, 20, 80, 20, 80, 80]] });
    // The circle (centre 100,50, radius 10 px) as a 32-gon, first vertex on +x: area 32/2 · r² · sin(2π/32).
    expect(circle).toMatchObject({ id: 4, image_id: 1, category_id: 6, bbox: [90, 40, 20, 20], iscrowd: 0 });
    expect(circle.segmentation[0]).toHaveLength(64);
    expect(circle.segmentation[0].slice(0, 2)).toEqual([110, 50]);
    expect(circle.area).toBeCloseTo(16 * 100 * Math.sin(Math.PI / 16), 0);
    // The ellipse: half-axes 20 and 10 px turned 90°: first vertex (50, 70), extent 20 x 40.
    expect(ellipse).toMatchObject({ id: 5, category_id: 6, bbox: [40, 30, 20, 40], iscrowd: 0 });
    expect(ellipse.segmentation[0].slice(0, 2)).toEqual([50, 70]);
    expect(ellipse.area).toBeCloseTo(16 * 20 * 10 * Math.sin(Math.PI / 16), 0);
    // The bow tie as drawn; its area is the two lobes' (even-odd), not their cancelled shoelace sum.
    expect(bowTie).toEqual({ id: 6, image_id: 1, category_id: 1, bbox: [100, 60, 40, 40], area: 800, iscrowd: 0, segmentation: [[100, 60, 140, 100, 140, 60, 100, 100]] });
    // Clipped to the image: x 180..200, y 50..100.
    expect(edge).toMatchObject({ id: 7, image_id: 1, category_id: 3, bbox: [180, 50, 20, 50], area: 1000, iscrowd: 0 });
    // 16 x 31 pixels over four tiles; the bits past the 200-px edge are dropped.
    expect(mask).toMatchObject({ id: 8, image_id: 3, category_id: 7, bbox: [120, 100, 16, 31], area: 496, iscrowd: 1 });
    expect(mask.segmentation.size).toEqual([150, 200]);
    expect(mask.segmentation.counts).toEqual([120 * 150 + 100, ...Array.from({ length: 15 }, () => [31, 119]).flat(), 31, 150 * 200 - (135 * 150 + 131)]);
    expect(person).toEqual({ id: 9, image_id: 4, category_id: 5, bbox: [10, 20, 20, 40], area: 800, iscrowd: 0, segmentation: [[10, 20, 30, 20, 30, 60, 10, 60]] });
  });

  it('skips and reports the 2-point polygon, the line, the shapes with no area and the entry without media', async () => {
    const { result, zip } = await exportGolden();
    const listed = JSON.parse((await readZipEntry(zip, 'skipped.json')).toString());
    expect(result.job.skipped).toEqual(listed);
    expect(result.job.skipped_total).toBe(5);
    expect(listed).toEqual([
      { dataset_id: 'd1-street', entry_id: 's1', annotation_id: 's1-d-bad', reason: expect.stringContaining('expected a polygon of at least 3 points') },
      { dataset_id: 'd1-street', entry_id: 's1', annotation_id: 's1-e-line', reason: 'COCO has no line shape (a polyline is neither a box, a polygon nor a mask)' },
      { dataset_id: 'd1-street', entry_id: 's1', annotation_id: 's1-i-flat', reason: NO_AREA_REASON },
      { dataset_id: 'd1-street', entry_id: 's1', annotation_id: 's1-j-outside', reason: NO_AREA_REASON },
      { dataset_id: 'd2-park', entry_id: 'p2', reason: 'expected an original image (media key ""), got none' },
    ]);
    const messages = result.logs.map((entry) => `${entry.level}: ${entry.message}`);
    expect(messages).toContain('info: COCO: 4 images, 9 annotations, 7 categories in 1 split(s)');
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
    expect(mask.segmentation.size).toEqual([150, 200]);
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
    expect(result.error).toMatch(/^annotation "s1-d-bad" of entry "s1" of dataset "d1-street": .*expected a polygon of at least 3 points/);
    expect(result.error).toContain('(Set the option on_error to "skip" to leave such items out and list them in skipped.json.)');
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
