import { describe, expect, it } from 'vitest';
import { NO_AREA_REASON } from 'idah-plugin';
import { type DatasetFixture, imageBox, jpegBytes, python, readZipEntries, runExport } from 'idah-plugin/testing';
import { PascalVocExport } from '../export.ts';

type Annotation = { id: string; dimensions: { type: string; [key: string]: unknown }; annotation: Record<string, unknown> };

function oneEntry(annotations: Annotation[], media: Record<string, unknown> = {}, labeling_configuration?: unknown): DatasetFixture[] {
  return [{ id: 'd', name: 'D', labeling_configuration, entries: [{ id: 'e', medias: [{ filename: 'one.png', data: 'png', meta: { width: 200, height: 100 }, ...media } as never], annotations }] } as DatasetFixture];
}

async function exportOf(datasets: DatasetFixture[], options: Record<string, unknown> = {}) {
  const result = await runExport(PascalVocExport, { datasets, options: { on_error: 'skip', ...options } });
  expect(result.error).toBeUndefined();
  return { result, zip: result.output!.path, files: await readZipEntries(result.output!.path) };
}

/** Objects and tags as Datumaro's VOC importer reads an object's fields (voc/base.py _parse_attribute). */
const READ_OBJECTS = `
import json, sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
root = ET.fromstring(z.read(sys.argv[2]))
def attrs(elem):
    a = elem.find('attributes')
    return {} if a is None else {x.findtext('name'): x.findtext('value') for x in a.iter('attribute')}
objects = []
for o in root.findall('object'):
    fields = {k: o.findtext(k) for k in ('difficult', 'truncated', 'occluded', 'pose') if o.find(k) is not None}
    objects.append({'name': o.findtext('name'), 'fields': fields, 'attributes': attrs(o), 'box': [int(o.findtext('bndbox/' + k)) for k in ('xmin', 'ymin', 'xmax', 'ymax')]})
tags = [{'name': t.findtext('name'), 'attributes': attrs(t)} for t in root.findall('tag')]
print(json.dumps({'objects': objects, 'tags': tags}))
`;

const CONFIGURATION = {
  'idah-image:bounding-box': {
    values: [{ id: 'vehicles/car', label: 'Car' }],
    properties: [
      { id: 'occluded', type: 'boolean', label: 'Occluded' },
      { id: 'colour', type: 'single-select', label: 'Colour', format: { options: [{ id: 'red', label: 'Red' }] } },
    ],
  },
  'entry:root': { values: [{ id: 'weather/sunny', label: 'Sunny' }], properties: [{ id: 'time', type: 'text', label: 'Time of day' }] },
};

describe('pascal-voc interop (one entry each)', () => {
  it('a rotated box is its rotated extent; attributes are VOC fields or <attributes> as Datumaro reads them; entry:root an image <tag>', async () => {
    const { zip } = await exportOf(
      oneEntry(
        [
          { id: 'b', dimensions: imageBox(0.4, 0.4, 0.6, 0.6, Math.PI / 2), annotation: { category: 'vehicles/car', attributes: { occluded: true, colour: 'red' } } },
          { id: 'r', dimensions: { type: 'entry:root' }, annotation: { category: 'weather/sunny', attributes: { time: 'noon' } } },
        ],
        {},
        CONFIGURATION,
      ),
    );
    expect(python(READ_OBJECTS, zip, 'Annotations/one.xml')).toEqual({
      objects: [{ name: 'vehicles/Car', fields: { difficult: '0', truncated: '0', occluded: '1', pose: 'Unspecified' }, attributes: { Colour: 'Red' }, box: [91, 31, 110, 70] }],
      tags: [{ name: 'weather/Sunny', attributes: { 'Time of day': 'noon' } }],
    });
    const byId = await exportOf(oneEntry([{ id: 'b', dimensions: imageBox(0, 0, 1, 1), annotation: { category: 'vehicles/car', attributes: { colour: 'red' } } }], {}, CONFIGURATION), { category_names: 'id' });
    expect(python(READ_OBJECTS, byId.zip, 'Annotations/one.xml')).toMatchObject({ objects: [{ name: 'vehicles/car', attributes: { colour: 'red' } }] });
  });

  it('the polygon rule: a bow tie is kept (its box), a flat polygon is skipped and reported', async () => {
    const bowTie = { type: 'idah-image:polygon', points: [[0.5, 0.6], [0.7, 1], [0.7, 0.6], [0.5, 1]] };
    const flat = { type: 'idah-image:polygon', points: [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]] };
    const { zip, result } = await exportOf(oneEntry([{ id: 'bow', dimensions: bowTie, annotation: { category: 'x' } }, { id: 'flat', dimensions: flat, annotation: { category: 'x' } }]));
    expect(python<{ objects: { box: number[] }[] }>(READ_OBJECTS, zip, 'Annotations/one.xml').objects.map((object) => object.box)).toEqual([[101, 61, 140, 100]]);
    expect(result.job.skipped).toEqual([{ dataset_id: 'd', entry_id: 'e', annotation_id: 'flat', reason: NO_AREA_REASON }]);
  });

  it('an image without an extension gets its type\'s; device names and long names are made safe', async () => {
    const plain = await exportOf(oneEntry([], { filename: 'IMG 1234', data: jpegBytes(8, 6), mime_type: 'application/octet-stream', meta: undefined }));
    expect([...plain.files.keys()].filter((name) => name.startsWith('JPEGImages/') || name.startsWith('Annotations/'))).toEqual(['Annotations/IMG_1234.xml', 'JPEGImages/IMG_1234.jpg']);
    const device = await exportOf(oneEntry([], { filename: 'COM1.png' }));
    expect(device.files.get('ImageSets/Main/default.txt')!.toString()).toBe('_COM1\n');
    const long = await exportOf(oneEntry([], { filename: `${'ß'.repeat(300)}.png` }));
    const annotation = [...long.files.keys()].find((name) => name.startsWith('Annotations/'))!;
    expect(Buffer.byteLength(annotation.slice('Annotations/'.length))).toBeLessThanOrEqual(255);
  });

  it('an unknown option is an error naming it, with a did-you-mean', async () => {
    const result = await runExport(PascalVocExport, { datasets: oneEntry([]), options: { pixelbase: 0 } });
    expect(result.status).toBe('errored');
    expect(result.error).toContain('options.pixelbase: unknown option; did you mean "pixel_base"?');
  });
});
