import { readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { python, readZipEntries, runExport, unzipped, unzipTest, xmllint } from 'idah-plugin/testing';
import { PascalVocExport } from './export.ts';
import { goldenDatasets, goldenRun } from './test-support/fixtures.ts';

async function exported(options: Record<string, unknown>, run = goldenRun) {
  const result = await runExport(PascalVocExport, { ...run, options, selector: 'idah-image' });
  expect(result.error).toBeUndefined();
  expect(result.output?.mime_type).toBe('application/zip');
  return { result, zip: result.output!.path, files: await readZipEntries(result.output!.path) };
}

/** Every annotation file, read by Python's xml.etree: what a VOC loader sees. */
const READ_ANNOTATIONS = `
import json, sys, zipfile, xml.etree.ElementTree as ET
out = {}
with zipfile.ZipFile(sys.argv[1]) as z:
    for name in sorted(z.namelist()):
        if not (name.startswith('Annotations/') and name.endswith('.xml')):
            continue
        root = ET.fromstring(z.read(name))
        size = root.find('size')
        out[name] = {
            'filename': root.findtext('filename'),
            'database': root.findtext('source/database'),
            'size': [int(size.findtext(k)) for k in ('width', 'height', 'depth')],
            'objects': [
                [o.findtext('name'), o.findtext('pose'), int(o.findtext('truncated')), int(o.findtext('difficult'))]
                + [int(o.findtext('bndbox/' + k)) for k in ('xmin', 'ymin', 'xmax', 'ymax')]
                for o in root.findall('object')
            ],
        }
print(json.dumps(out))
`;

describe('pascal-voc exporter: golden output (hand-computed)', () => {
  it('pixel_base 1 (default): the VOC devkit, first and last covered pixels, 1-based', async () => {
    const { zip } = await exported({ on_error: 'skip' });
    expect(python(READ_ANNOTATIONS, zip)).toEqual({
      'Annotations/FRAME-2.xml': {
        filename: 'FRAME-2.png',
        database: 'Parks',
        size: [40, 30, 3],
        // x 20..40, y 15..30 px: touches the right and bottom edges.
        objects: [['tree', 'Unspecified', 1, 0, 21, 16, 40, 30]],
      },
      'Annotations/empty.xml': { filename: 'empty.jpg', database: 'Streets & <Roads>', size: [64, 48, 3], objects: [] },
      'Annotations/frame-1.xml': { filename: 'frame-1.png', database: 'Parks', size: [100, 200, 3], objects: [['road', 'Left', 0, 0, 26, 51, 75, 150]] },
      'Annotations/frame.xml': {
        filename: 'frame.png',
        database: 'Streets & <Roads>',
        size: [200, 100, 3],
        objects: [
          ['vehicles/car', 'Unspecified', 1, 0, 1, 1, 100, 100], // x 0..100, y 0..100 px: touches three edges
          ['road', 'Unspecified', 0, 1, 21, 21, 80, 80], // polygon's box x 20..80, y 20..80 px; difficult from the payload
          ['vehicles/car', 'Unspecified', 0, 0, 181, 51, 200, 100], // clipped at the edges; truncated: false from the payload
          ['dot', 'Unspecified', 0, 0, 101, 51, 101, 51], // 0.2 x 0.4 px: the one pixel it lies in
        ],
      },
      'Annotations/Ünïcödé_图像.xml': {
        filename: 'Ünïcödé_图像.png',
        database: 'Streets & <Roads>',
        size: [300, 150, 1],
        objects: [
          ['sign', 'Unspecified', 0, 0, 121, 46, 180, 105], // circle r = 30 px around (150, 75)
          ['sign', 'Unspecified', 0, 0, 101, 51, 200, 100], // mask cells x 100..200, y 50..100 px
          ['sign', 'Unspecified', 0, 0, 136, 16, 165, 135], // ellipse 60 x 15 px turned 90 degrees
        ],
      },
    });
  });

  it('pixel_base 0: pixel edges, only xmin and ymin change', async () => {
    const annotations = python<Record<string, { objects: unknown[][] }>>(READ_ANNOTATIONS, (await exported({ on_error: 'skip', pixel_base: 0 })).zip);
    expect(annotations['Annotations/frame.xml']!.objects.map((object) => object.slice(4))).toEqual([
      [0, 0, 100, 100],
      [20, 20, 80, 80],
      [180, 50, 200, 100],
      [100, 50, 101, 51],
    ]);
  });

  it('writes the devkit layout: the exact XML, every image in ImageSets/Main, the originals untouched', async () => {
    const { files } = await exported({ on_error: 'skip' });
    expect([...files.keys()]).toEqual([
      'Annotations/FRAME-2.xml',
      'Annotations/empty.xml',
      'Annotations/frame-1.xml',
      'Annotations/frame.xml',
      'Annotations/Ünïcödé_图像.xml',
      'ImageSets/Main/default.txt',
      'JPEGImages/FRAME-2.png',
      'JPEGImages/empty.jpg',
      'JPEGImages/frame-1.png',
      'JPEGImages/frame.png',
      'JPEGImages/Ünïcödé_图像.png',
      'error_file_list.json',
      'labelmap.txt',
      'skipped.json',
    ]);
    expect(files.get('ImageSets/Main/default.txt')?.toString()).toBe('frame\nempty\nÜnïcödé_图像\nframe-1\nFRAME-2\n');
    expect(files.get('Annotations/frame-1.xml')?.toString()).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<annotation>',
        '  <folder>JPEGImages</folder>',
        '  <filename>frame-1.png</filename>',
        '  <source>',
        '    <database>Parks</database>',
        '  </source>',
        '  <size>',
        '    <width>100</width>',
        '    <height>200</height>',
        '    <depth>3</depth>',
        '  </size>',
        '  <segmented>0</segmented>',
        '  <object>',
        '    <name>road</name>',
        '    <pose>Left</pose>',
        '    <truncated>0</truncated>',
        '    <difficult>0</difficult>',
        '    <bndbox>',
        '      <xmin>26</xmin>',
        '      <ymin>51</ymin>',
        '      <xmax>75</xmax>',
        '      <ymax>150</ymax>',
        '    </bndbox>',
        '  </object>',
        '</annotation>',
        '',
      ].join('\n'),
    );
    const original = goldenDatasets[0]!.entries![1]!.medias![0]!.data;
    expect(files.get('JPEGImages/empty.jpg')).toEqual(original);
  });

  it('lists skipped items and annotations (the line, the 2-point polygon, the entry without image)', async () => {
    const { files, result } = await exported({ on_error: 'skip' });
    expect(JSON.parse(files.get('skipped.json')!.toString())).toEqual([
      { dataset_id: 'streets', entry_id: 'streets-3', annotation_id: 'c3', reason: 'a line has no area; Pascal VOC objects are boxes' },
      { dataset_id: 'parks', entry_id: 'parks-2', annotation_id: 'p2', reason: 'annotation "p2": expected a polygon of at least 3 points, got 2: [[0.1,0.1],[0.5,0.5]]' },
      { dataset_id: 'parks', entry_id: 'parks-3', reason: 'expected an original image (media key ""), got none' },
    ]);
    expect(result.logs.filter((entry) => entry.level === 'warn')).toHaveLength(4);
  });

  it('on_error "fail" (the default) fails at the first bad item, naming it', async () => {
    const result = await runExport(PascalVocExport, { ...goldenRun });
    expect(result.status).toBe('errored');
    expect(result.error).toMatch(/^annotation "p2" of entry "parks-2" of dataset "parks": .*expected a polygon of at least 3 points/);
    expect(result.output).toBeUndefined();
  });
});

describe('pascal-voc exporter: independent checks and options', () => {
  it('xmllint and unzip -t accept the output', async () => {
    const { zip } = await exported({ on_error: 'skip' });
    expect(unzipTest(zip)).toMatch(/^No errors detected/);
    const folder = unzipped(zip);
    try {
      const xmlFiles = readdirSync(join(folder, 'Annotations')).map((name) => join(folder, 'Annotations', name));
      expect(xmlFiles).toHaveLength(5);
      expect(() => xmllint(xmlFiles)).not.toThrow();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('splits: every image id in exactly one ImageSets/Main/<split>.txt, the named splits all present', async () => {
    const { files } = await exported({ on_error: 'skip', include_medias: 'none', splits: { train: 0.5, val: 0.25, test: 0.25, seed: 11 } });
    const lists = ['train', 'val', 'test'].map((split) => files.get(`ImageSets/Main/${split}.txt`)?.toString());
    expect(lists.every((list) => list !== undefined)).toBe(true);
    const ids = lists.flatMap((list) => list!.split('\n').filter(Boolean)).sort();
    expect(ids).toEqual(['FRAME-2', 'empty', 'frame', 'frame-1', 'Ünïcödé_图像'].sort());
    expect([...files.keys()].some((name) => name.startsWith('JPEGImages/'))).toBe(false);
  });

  it('reproducible: the same input gives the same bytes', async () => {
    const options = { on_error: 'skip', reproducible: true };
    const first = await exported(options);
    await new Promise((resolve) => setTimeout(resolve, 2100)); // zip times have a 2 s resolution
    const second = await exported(options);
    expect(await readFile(second.zip)).toEqual(await readFile(first.zip));
  });

  it('rejects a pixel_base other than 0 or 1', async () => {
    const result = await runExport(PascalVocExport, { ...goldenRun, options: { pixel_base: 2 } });
    expect(result.status).toBe('errored');
    expect(result.error).toContain('pixel_base');
  });
});
