import { describe, expect, it } from 'vitest';
import { type DatasetFixture, imageBox, jpegBytes, listZipEntries, pngBytes, readZipEntries, runExport } from 'idah-plugin/testing';
import { YoloExport } from './export.ts';
import { goldenDatasets, goldenRun } from './test-support/fixtures.ts';

async function exported(options: Record<string, unknown>, run: { datasets: DatasetFixture[]; datasetIds?: string[] } = goldenRun) {
  const result = await runExport(YoloExport, { ...run, options, selector: 'idah-image' });
  expect(result.error).toBeUndefined();
  expect(result.output?.mime_type).toBe('application/zip');
  const files = await readZipEntries(result.output!.path);
  const text = (name: string) => {
    const data = files.get(name);
    if (data === undefined) throw new Error(`expected ${name} in the zip; it holds ${[...files.keys()].join(', ')}`);
    return data.toString('utf8');
  };
  return { result, files, text };
}

// Every annotation's category has a class, the line's too (so ids are the same for every task).
const NAMES = ['lane', 'road', 'sign', 'tree', 'vehicles/car'];

describe('yolo exporter: golden output (hand-computed)', () => {
  it('detect: boxes, polygons, circles and masks as cx cy w h; x by width, y by height', async () => {
    const { files, text } = await exported({ on_error: 'skip' });
    expect([...files.keys()]).toEqual([
      'data.yaml',
      'error_file_list.json',
      'images/default/FRAME-2.png',
      'images/default/empty.jpg',
      'images/default/frame-1.png',
      'images/default/frame.png',
      'images/default/Ünïcödé 图像.png',
      'labels/default/FRAME-2.txt',
      'labels/default/empty.txt',
      'labels/default/frame-1.txt',
      'labels/default/frame.txt',
      'labels/default/Ünïcödé 图像.txt',
      'skipped.json',
    ]);
    // Classes by sorted name: lane 0, road 1, sign 2, tree 3, vehicles/car 4.
    expect(text('labels/default/frame.txt')).toBe(
      [
        '4 0.250000 0.500000 0.500000 1.000000', // box touching the left, top and bottom edges
        '1 0.250000 0.500000 0.300000 0.600000', // polygon -> its bounding box
        '4 0.950000 0.750000 0.100000 0.500000', // box past the right and bottom edges, clipped
        '',
      ].join('\n'),
    );
    expect(text('labels/default/empty.txt')).toBe('');
    expect(text('labels/default/Ünïcödé 图像.txt')).toBe(
      [
        '2 0.500000 0.500000 0.200000 0.400000', // circle r = 0.2 of min(300, 150) = 30 px
        '2 0.500000 0.500000 0.333333 0.333333', // mask pixels x 100..199, y 50..99 over two tiles
        '',
      ].join('\n'),
    );
    expect(text('labels/default/frame-1.txt')).toBe('1 0.500000 0.500000 0.500000 0.500000\n');
    expect(text('labels/default/FRAME-2.txt')).toBe('3 0.750000 0.750000 0.500000 0.500000\n');
    expect(text('data.yaml')).toContain(['train: images/default', 'val: images/default', 'nc: 5', 'names:', ...NAMES.map((name, id) => `  ${id}: "${name}"`)].join('\n'));
  });

  it('segment: boxes as corners, polygons as they are, circles as 32 vertices; masks are listed as skipped', async () => {
    const { text } = await exported({ on_error: 'skip', task: 'segment' });
    expect(text('labels/default/frame.txt')).toBe(
      [
        '4 0.000000 0.000000 0.500000 0.000000 0.500000 1.000000 0.000000 1.000000',
        '1 0.100000 0.200000 0.400000 0.200000 0.400000 0.800000',
        // Clipped to the image, the box's part inside (from where the clip starts).
        '4 0.900000 1.000000 0.900000 0.500000 1.000000 0.500000 1.000000 1.000000',
        '',
      ].join('\n'),
    );
    const circle = text('labels/default/Ünïcödé 图像.txt').trim().split('\n');
    expect(circle).toHaveLength(1);
    expect(circle[0]!.split(' ')).toHaveLength(1 + 64);
    expect(circle[0]!.startsWith('2 0.600000 0.500000 0.598079 0.539018 ')).toBe(true);
    expect(JSON.parse(text('skipped.json')).map((item: { annotation_id?: string }) => item.annotation_id)).toEqual(['c2', 'c3', 'p2', undefined]);
  });

  it('lists every skipped item and annotation in skipped.json and the log', async () => {
    const { result, text } = await exported({ on_error: 'skip' });
    expect(JSON.parse(text('skipped.json'))).toEqual([
      { dataset_id: 'streets', entry_id: 'streets-3', annotation_id: 'c3', reason: 'a line has no area; YOLO rows hold boxes (detect, obb) or polygons (segment)' },
      { dataset_id: 'parks', entry_id: 'parks-2', annotation_id: 'p2', reason: 'annotation "p2": expected a polygon of at least 3 points, got 2: [[0.1,0.1],[0.5,0.5]]' },
      { dataset_id: 'parks', entry_id: 'parks-3', reason: 'expected an original image (media key ""), got none' },
    ]);
    const warnings = result.logs.filter((entry) => entry.level === 'warn').map((entry) => entry.message);
    expect(warnings).toEqual([
      expect.stringContaining('skipped annotation "c3" of entry "streets-3"'),
      expect.stringContaining('skipped annotation "p2" of entry "parks-2"'),
      expect.stringContaining('skipped entry "parks-3"'),
      'skipped 1 item and 2 annotations in all; each is listed in skipped.json',
    ]);
  });

  it('on_error "fail" (the default) fails at the first bad item, naming it; nothing is published', async () => {
    const result = await runExport(YoloExport, { ...goldenRun });
    expect(result.status).toBe('errored');
    expect(result.error).toMatch(/^annotation "p2" of entry "parks-2" of dataset "parks": .*expected a polygon of at least 3 points/);
    expect(result.error).toContain('(Set the option on_error to "skip" to leave such items out and list them in skipped.json.)');
    expect(result.output).toBeUndefined();
  });

  it('an image whose size is in neither media meta nor a known header is a problem, named with its file', async () => {
    const datasets = [{ id: 'd', entries: [{ id: 'e', medias: [{ filename: 'notes.png', data: 'not an image' }] }] }];
    const { text } = await exported({ on_error: 'skip' }, { datasets });
    expect(JSON.parse(text('skipped.json'))).toEqual([
      { dataset_id: 'd', entry_id: 'e', reason: expect.stringMatching(/^expected "notes.png" \(media .+\) to be a PNG, JPEG, GIF, WebP or BMP image/) },
    ]);
    expect(text('data.yaml')).toContain('nc: 0\nnames: {}\n');
  });

  it('a shape YOLO cannot hold is skipped and listed even under on_error "fail"', async () => {
    const { text } = await exported({}, { datasets: [goldenDatasets[0]!] });
    expect(JSON.parse(text('skipped.json'))).toEqual([expect.objectContaining({ annotation_id: 'c3' })]);
  });
});

describe('yolo exporter: options', () => {
  const small = [
    {
      id: 'd',
      entries: Array.from({ length: 40 }, (_, index) => ({
        id: `e${String(index).padStart(2, '0')}`,
        split: index % 4 === 0 ? 'val' : 'train',
        medias: [
          { filename: `img${index}.jpg`, data: jpegBytes(16, 8) },
          { key: 'thumbnail', filename: `img${index}-thumb.webp`, data: 'thumb', meta: { width: 8, height: 4 } },
        ],
        annotations: [{ dimensions: imageBox(0, 0, 1, 1), annotation: { category: 'thing' } }],
      })),
    },
  ];

  it('include_medias "none" writes labels only; "original" copies the bytes as they are; "all" adds renditions apart', async () => {
    const none = await exported({ include_medias: 'none' }, { datasets: small });
    expect([...none.files.keys()].filter((name) => name.startsWith('images/'))).toEqual([]);
    expect([...none.files.keys()].filter((name) => name.startsWith('labels/'))).toHaveLength(40);

    const original = await exported({}, { datasets: small });
    expect(original.files.get('images/default/img7.jpg')).toEqual(jpegBytes(16, 8));
    expect([...original.files.keys()].some((name) => name.startsWith('renditions/'))).toBe(false);

    const all = await exported({ include_medias: 'all' }, { datasets: small });
    expect(all.files.get('renditions/thumbnail/images/default/img7.webp')?.toString()).toBe('thumb');
  });

  it('splits from an entry field: train and val folders, and data.yaml points at them', async () => {
    const { files, text } = await exported({ splits: { from: 'split' } }, { datasets: small });
    const labels = [...files.keys()].filter((name) => name.startsWith('labels/'));
    expect(labels.filter((name) => name.startsWith('labels/val/'))).toHaveLength(10);
    expect(labels.filter((name) => name.startsWith('labels/train/'))).toHaveLength(30);
    expect(files.has('images/val/img4.jpg')).toBe(true);
    expect(text('data.yaml')).toContain('train: images/train\nval: images/val\nnc: 1\n');
  });

  it('split ratios with a seed: the same entries land in the same splits every run; every named split exists', async () => {
    const options = { include_medias: 'none', splits: { train: 0.5, val: 0.3, test: 0.2, seed: 3 } };
    const first = await listZipEntries((await exported(options, { datasets: small })).result.output!.path);
    const second = await listZipEntries((await exported(options, { datasets: small })).result.output!.path);
    expect(second).toEqual(first);
    for (const split of ['train', 'val', 'test']) expect(first.filter((name) => name.startsWith(`labels/${split}/`)).length).toBeGreaterThan(1);
    const { text } = await exported(options, { datasets: small });
    expect(text('data.yaml')).toContain('train: images/train\nval: images/val\ntest: images/test\n');
  });

  it('rejects an unknown task, naming the option', async () => {
    const result = await runExport(YoloExport, { datasets: small, options: { task: 'pose' } });
    expect(result.status).toBe('errored');
    expect(result.error).toContain('task');
  });

  it('reads sizes from PNG and JPEG headers when media meta has none', async () => {
    const datasets = [
      {
        entries: [
          { medias: [{ filename: 'wide.png', data: pngBytes(400, 100) }], annotations: [{ dimensions: { type: 'idah-image:circle', points: [[0.5, 0.5]], radius: 0.2 }, annotation: { category: 'c' } }] },
          { medias: [{ filename: 'tall.jpg', data: jpegBytes(50, 200) }], annotations: [{ dimensions: { type: 'idah-image:circle', points: [[0.5, 0.5]], radius: 0.1 }, annotation: { category: 'c' } }] },
        ],
      },
    ];
    const { text } = await exported({ include_medias: 'none' }, { datasets });
    // r = 0.2 * min(400, 100) = 20 px: 20/400 across, 20/100 down.
    expect(text('labels/default/wide.txt')).toBe('0 0.500000 0.500000 0.100000 0.400000\n');
    // r = 0.1 * min(50, 200) = 5 px: 5/50 across, 5/200 down.
    expect(text('labels/default/tall.txt')).toBe('0 0.500000 0.500000 0.200000 0.050000\n');
  });
});
