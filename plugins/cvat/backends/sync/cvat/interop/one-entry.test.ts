import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_AREA_REASON } from 'idah-plugin';
import { type DatasetFixture, imageBox, jpegBytes, python, readZipEntries, runExport, unzipped, xmllint } from 'idah-plugin/testing';
import { CvatExport } from '../export.ts';

type Annotation = { id: string; dimensions: { type: string; [key: string]: unknown }; annotation: Record<string, unknown> };

function oneEntry(annotations: Annotation[], media: Record<string, unknown> = {}, labeling_configuration?: unknown): DatasetFixture[] {
  return [{ id: 'd', name: 'D', labeling_configuration, entries: [{ id: 'e', medias: [{ filename: 'one.png', data: 'png', meta: { width: 200, height: 100 }, ...media } as never], annotations }] } as DatasetFixture];
}

async function exportOf(datasets: DatasetFixture[], options: Record<string, unknown> = {}) {
  const result = await runExport(CvatExport, { datasets, options: { on_error: 'skip', ...options } });
  expect(result.error).toBeUndefined();
  return { result, zip: result.output!.path, files: await readZipEntries(result.output!.path) };
}

/** The document as Datumaro's CVAT importer reads it: label specs from meta, then each image's shapes and tags with their attributes. */
const READ_AS_DATUMARO = `
import json, sys, zipfile, xml.etree.ElementTree as ET
root = ET.fromstring(zipfile.ZipFile(sys.argv[1]).read('annotations.xml'))
specs = {l.findtext('name'): [a.findtext('name') for a in l.iter('attribute')] for l in root.iter('label')}
problems, items = [], []
for image in root.iter('image'):
    for el in image:
        attributes = {a.get('name'): a.text for a in el.findall('attribute')}
        if el.get('label') not in specs:
            problems.append('undeclared label %r' % el.get('label'))
        for name in attributes:
            if name not in specs.get(el.get('label'), []):
                problems.append('attribute %r not in the spec of %r' % (name, el.get('label')))
        keep = {k: v for k, v in el.attrib.items() if k not in ('source', 'z_order')}
        items.append({'tag': el.tag, **keep, 'attributes': attributes})
print(json.dumps({'problems': problems, 'items': items}))
`;

const CONFIGURATION = {
  'idah-image:bounding-box': {
    values: [{ id: 'vehicles/car', label: 'Car' }],
    properties: [
      { id: 'occluded', type: 'boolean', label: 'Occluded' },
      { id: 'colour', type: 'single-select', label: 'Colour', format: { options: [{ id: 'red', label: 'Red' }, { id: 'blue', label: 'Blue' }] } },
    ],
  },
  'entry:root': { values: [{ id: 'weather/sunny', label: 'Sunny' }], properties: [{ id: 'time', type: 'text', label: 'Time of day' }] },
};

describe('cvat interop (one entry each)', () => {
  it('a rotated box with rotation, attributes declared in the label spec, entry:root as a <tag>; xmllint accepts it', async () => {
    const { zip } = await exportOf(
      oneEntry(
        [
          { id: 'b', dimensions: imageBox(0.4, 0.4, 0.6, 0.6, Math.PI / 4), annotation: { category: 'vehicles/car', attributes: { occluded: true, colour: ['red', 'blue'] } } },
          { id: 'r', dimensions: { type: 'entry:root' }, annotation: { category: 'weather/sunny', attributes: { time: 'noon' } } },
        ],
        {},
        CONFIGURATION,
      ),
    );
    expect(python(READ_AS_DATUMARO, zip)).toEqual({
      problems: [],
      items: [
        { tag: 'box', label: 'vehicles/Car', occluded: '1', xtl: '80.00', ytl: '40.00', xbr: '120.00', ybr: '60.00', rotation: '45.00', attributes: { Colour: 'Red,Blue' } },
        { tag: 'tag', label: 'weather/Sunny', attributes: { 'Time of day': 'noon' } },
      ],
    });
    const folder = unzipped(zip);
    try {
      expect(() => xmllint([join(folder, 'annotations.xml')])).not.toThrow();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('two ids with the same label stay two labels', async () => {
    const configuration = { 'idah-image:bounding-box': { values: [{ id: 'car-1', label: 'Car' }, { id: 'car-2', label: 'Car' }], properties: [] } };
    const { zip } = await exportOf(
      oneEntry(
        [
          { id: '1', dimensions: imageBox(0, 0, 0.5, 0.5), annotation: { category: 'car-1' } },
          { id: '2', dimensions: imageBox(0.5, 0.5, 1, 1), annotation: { category: 'car-2' } },
        ],
        {},
        configuration,
      ),
    );
    expect(python<{ items: { label: string }[] }>(READ_AS_DATUMARO, zip).items.map((item) => item.label)).toEqual(['Car', 'Car [car-2]']);
  });

  it('the polygon rule: a bow tie is written as drawn, a flat polygon is skipped and reported', async () => {
    const bowTie = { type: 'idah-image:polygon', points: [[0.5, 0.6], [0.7, 1], [0.7, 0.6], [0.5, 1]] };
    const flat = { type: 'idah-image:polygon', points: [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]] };
    const { zip, result } = await exportOf(oneEntry([{ id: 'bow', dimensions: bowTie, annotation: { category: 'x' } }, { id: 'flat', dimensions: flat, annotation: { category: 'x' } }]));
    expect(python<{ items: { points: string }[] }>(READ_AS_DATUMARO, zip).items.map((item) => item.points)).toEqual(['100.00,60.00;140.00,100.00;140.00,60.00;100.00,100.00']);
    expect(result.job.skipped).toEqual([{ dataset_id: 'd', entry_id: 'e', annotation_id: 'flat', reason: NO_AREA_REASON }]);
  });

  it('an image without an extension gets its type\'s; device names are made safe', async () => {
    const { files } = await exportOf(oneEntry([], { filename: 'IMG_1234', data: jpegBytes(8, 6), mime_type: 'application/octet-stream', meta: undefined }));
    expect(files.has('images/IMG_1234.jpg')).toBe(true);
    expect(files.get('annotations.xml')!.toString()).toContain('<image id="0" name="IMG_1234.jpg" width="8" height="6">');
    const device = await exportOf(oneEntry([], { filename: 'LPT1.png' }));
    expect(device.files.has('images/_LPT1.png')).toBe(true);
  });

  it('an unknown option is an error naming it, with a did-you-mean', async () => {
    const result = await runExport(CvatExport, { datasets: oneEntry([]), options: { split: { train: 1 } } });
    expect(result.status).toBe('errored');
    expect(result.error).toContain('options.split: unknown option; did you mean "splits"?');
  });
});
