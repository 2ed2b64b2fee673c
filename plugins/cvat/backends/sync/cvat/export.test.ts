import { readFile } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { python, readZipEntries, runExport, unzipped, unzipTest, xmllint } from 'idah-plugin/testing';
import { CvatExport } from './export.ts';
import { goldenRun } from './test-support/fixtures.ts';

async function exported(options: Record<string, unknown>, run = goldenRun) {
  const result = await runExport(CvatExport, { ...run, options, selector: 'idah-image' });
  expect(result.error).toBeUndefined();
  expect(result.output?.mime_type).toBe('application/zip');
  return { result, zip: result.output!.path, files: await readZipEntries(result.output!.path) };
}

const label = (name: string) => ['        <label>', `          <name>${name}</name>`, '          <type>any</type>', '          <attributes>', '          </attributes>', '        </label>'];

const GOLDEN_XML = [
  '<?xml version="1.0" encoding="utf-8"?>',
  '<annotations>',
  '  <version>1.1</version>',
  '  <meta>',
  '    <task>',
  '      <name>Streets &amp; &lt;Roads&gt;, Parks</name>',
  '      <size>5</size>',
  '      <mode>annotation</mode>',
  '      <overlap>0</overlap>',
  '      <bugtracker></bugtracker>',
  '      <created>2000-01-01T00:00:00.000Z</created>',
  '      <updated>2000-01-01T00:00:00.000Z</updated>',
  '      <subset>default</subset>',
  '      <start_frame>0</start_frame>',
  '      <stop_frame>4</stop_frame>',
  '      <frame_filter></frame_filter>',
  '      <labels>',
  ...label('lane "a"'),
  ...label('road'),
  ...label('sign'),
  ...label('tree'),
  ...label('vehicles/car'),
  '      </labels>',
  '    </task>',
  '    <dumped>2000-01-01T00:00:00.000Z</dumped>',
  '  </meta>',
  '  <image id="0" name="frame.png" width="200" height="100">',
  // Touches the left, top and bottom edges; occluded from the label payload.
  '    <box label="vehicles/car" source="manual" occluded="1" xtl="0.00" ytl="0.00" xbr="100.00" ybr="100.00" z_order="0"/>',
  '    <polygon label="road" source="manual" occluded="0" points="20.00,20.00;80.00,20.00;80.00,80.00" z_order="0"/>',
  // Past the right and bottom edges: clipped.
  '    <box label="vehicles/car" source="manual" occluded="0" xtl="180.00" ytl="50.00" xbr="200.00" ybr="100.00" z_order="0"/>',
  // A point left of the image is clamped to its edge.
  '    <polyline label="lane &quot;a&quot;" source="manual" occluded="0" points="0.00,50.00;200.00,12.50" z_order="0"/>',
  '  </image>',
  '  <image id="1" name="empty.jpg" width="64" height="48">',
  '  </image>',
  '  <image id="2" name="Ünïcödé 图像.png" width="300" height="150">',
  // Circle r = 0.1 of 300 px.
  '    <ellipse label="sign" source="manual" occluded="0" cx="150.00" cy="75.00" rx="30.00" ry="30.00" z_order="0"/>',
  // Grid cells of 50 px: x 100..200, y 50..100, all on.
  '    <mask label="sign" source="manual" occluded="0" rle="0, 5000" left="100" top="50" width="100" height="50" z_order="0"/>',
  // rx 0.2 of 300, ry 0.1 of 150; -90 degrees is 270.
  '    <ellipse label="sign" source="manual" occluded="0" cx="150.00" cy="75.00" rx="60.00" ry="15.00" rotation="270.00" z_order="0"/>',
  '  </image>',
  '  <image id="3" name="frame-1.png" width="100" height="200">',
  '    <box label="road" source="manual" occluded="0" xtl="25.00" ytl="50.00" xbr="75.00" ybr="150.00" z_order="0"/>',
  '  </image>',
  '  <image id="4" name="FRAME-2.png" width="40" height="30">',
  // An L of 10 px cells: rows 10..19 hold x 10..19, rows 20..29 hold x 10..29.
  `    <mask label="tree" source="manual" occluded="0" rle="0, ${Array(20).fill(10).join(', ')}, 200" left="10" top="10" width="20" height="20" z_order="0"/>`,
  '  </image>',
  '</annotations>',
  '',
].join('\n');

/**
 * The document as Python's xml.etree reads it, checked against the CVAT for images 1.1 layout;
 * masks decoded as CVAT and Datumaro decode them (row-major runs over left/top/width/height).
 */
const READ_DOCUMENT = `
import json, sys, zipfile, xml.etree.ElementTree as ET
with zipfile.ZipFile(sys.argv[1]) as z:
    root = ET.fromstring(z.read(sys.argv[2]))
assert root.tag == 'annotations' and root.findtext('version') == '1.1'
task = root.find('meta/task')
labels = [l.findtext('name') for l in task.findall('labels/label')]
images = root.findall('image')
assert int(task.findtext('size')) == len(images)
out = {'labels': labels, 'images': []}
for image in images:
    shapes = []
    for shape in image:
        assert shape.get('label') in labels, shape.get('label')
        if shape.tag == 'mask':
            counts = [int(c) for c in shape.get('rle').split(',')]
            left, top, width = int(shape.get('left')), int(shape.get('top')), int(shape.get('width'))
            assert sum(counts) == width * int(shape.get('height'))
            pixels, at = [], 0
            for index, run in enumerate(counts):
                if index % 2:
                    pixels += [[left + (at + k) % width, top + (at + k) // width] for k in range(run)]
                at += run
            shapes.append(['mask', len(pixels), min(p[0] for p in pixels), min(p[1] for p in pixels), max(p[0] for p in pixels), max(p[1] for p in pixels)])
        else:
            shapes.append([shape.tag] + [shape.get(k) for k in ('xtl', 'ytl', 'xbr', 'ybr', 'points', 'cx', 'cy', 'rx', 'ry') if shape.get(k) is not None])
    out['images'].append([int(image.get('id')), image.get('name'), int(image.get('width')), int(image.get('height')), shapes])
print(json.dumps(out))
`;

describe('cvat exporter: golden output (hand-computed)', () => {
  it('writes CVAT for images 1.1: labels in meta, every image, each shape kind, masks in CVAT RLE', async () => {
    const { files } = await exported({ on_error: 'skip', reproducible: true });
    expect([...files.keys()]).toEqual([
      'annotations.xml',
      'error_file_list.json',
      'images/FRAME-2.png',
      'images/empty.jpg',
      'images/frame-1.png',
      'images/frame.png',
      'images/Ünïcödé 图像.png',
      'skipped.json',
    ]);
    expect(files.get('annotations.xml')?.toString()).toBe(GOLDEN_XML);
  });

  it('reads back with Python: sizes, labels, and the mask pixels decoded the CVAT way', async () => {
    const { zip } = await exported({ on_error: 'skip' });
    const document = python<{ labels: string[]; images: unknown[][] }>(READ_DOCUMENT, zip, 'annotations.xml');
    expect(document.labels).toEqual(['lane "a"', 'road', 'sign', 'tree', 'vehicles/car']);
    expect(document.images.map((image) => image.slice(0, 4))).toEqual([
      [0, 'frame.png', 200, 100],
      [1, 'empty.jpg', 64, 48],
      [2, 'Ünïcödé 图像.png', 300, 150],
      [3, 'frame-1.png', 100, 200],
      [4, 'FRAME-2.png', 40, 30],
    ]);
    const masks = document.images.flatMap((image) => (image[4] as unknown[][]).filter((shape) => shape[0] === 'mask'));
    // [count, min x, min y, max x, max y]: 100 x 50 px; the L is 10 x 10 + 20 x 10 px.
    expect(masks).toEqual([
      ['mask', 5000, 100, 50, 199, 99],
      ['mask', 300, 10, 10, 29, 29],
    ]);
  });

  it('lists skipped items in skipped.json; on_error "fail" (the default) fails at the first, naming it', async () => {
    const { files } = await exported({ on_error: 'skip' });
    expect(JSON.parse(files.get('skipped.json')!.toString())).toEqual([
      { dataset_id: 'parks', entry_id: 'parks-2', annotation_id: 'p2', reason: 'annotation "p2": expected a polygon of at least 3 points, got 2: [[0.1,0.1],[0.5,0.5]]' },
      { dataset_id: 'parks', entry_id: 'parks-3', reason: 'expected an original image (media key ""), got none' },
    ]);
    const failed = await runExport(CvatExport, { ...goldenRun });
    expect(failed.status).toBe('errored');
    expect(failed.error).toMatch(/^annotation "p2" of entry "parks-2" of dataset "parks": .*expected a polygon of at least 3 points/);
    expect(failed.output).toBeUndefined();
  });
});

describe('cvat exporter: independent checks and options', () => {
  it('xmllint and unzip -t accept the output', async () => {
    const { zip } = await exported({ on_error: 'skip', splits: { train: 0.6, val: 0.4, seed: 2 } });
    expect(unzipTest(zip)).toMatch(/^No errors detected/);
    const folder = unzipped(zip);
    try {
      expect(() => xmllint([join(folder, 'train.xml'), join(folder, 'val.xml')])).not.toThrow();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('splits: one document per split, each image in exactly one, images in one folder', async () => {
    const { zip, files } = await exported({ on_error: 'skip', splits: { train: 0.6, val: 0.4, seed: 2 } });
    expect(files.has('annotations.xml')).toBe(false);
    const names = ['train.xml', 'val.xml'].flatMap((file) => python<{ images: unknown[][] }>(READ_DOCUMENT, zip, file).images.map((image) => image[1]));
    expect(names.sort()).toEqual(['FRAME-2.png', 'empty.jpg', 'frame-1.png', 'frame.png', 'Ünïcödé 图像.png'].sort());
    expect([...files.keys()].filter((name) => name.startsWith('images/'))).toHaveLength(5);
  });

  it('reproducible: the same input gives the same bytes, with fixed dates in meta', async () => {
    const options = { on_error: 'skip', reproducible: true };
    const first = await exported(options);
    await new Promise((resolve) => setTimeout(resolve, 2100)); // zip times have a 2 s resolution
    const second = await exported(options);
    expect(await readFile(second.zip)).toEqual(await readFile(first.zip));
  });

  it('without reproducible, meta carries the time of the export', async () => {
    const { files } = await exported({ on_error: 'skip', include_medias: 'none' });
    const created = /<created>(.+)<\/created>/.exec(files.get('annotations.xml')!.toString())![1]!;
    expect(Math.abs(Date.parse(created) - Date.now())).toBeLessThan(60_000);
    expect([...files.keys()]).toEqual(['annotations.xml', 'error_file_list.json', 'skipped.json']);
  });
});
