import { describe, expect, it } from 'vitest';
import { pngBytes, python, runExport } from 'idah-plugin/testing';
import { PascalVocExport } from '../export.ts';

/**
 * How Datumaro's VOC importer reads the files (voc/format.py parse_label_map, voc/base.py
 * _load_subset_list), plus the devkit's `split()[0]`: labelmap lines are `name:color:parts:actions`
 * (4 fields, no duplicate name, `#` a comment); subset lines are trimmed, `#` a comment, the id
 * names Annotations/<id>.xml; every object's name must be declared in the labelmap.
 */
const READ_AS_DATUMARO = `
import json, sys, zipfile, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
problems, labels, ids, objects = [], [], [], []
for line in z.read('labelmap.txt').decode('utf-8').splitlines():
    line = line.strip()
    if not line or line[0] == '#':
        continue
    fields = line.split(':')
    if len(fields) != 4:
        problems.append('labelmap line with %d fields: %r' % (len(fields), line))
    elif fields[0] in labels:
        problems.append('label defined twice: %r' % fields[0])
    else:
        labels.append(fields[0])
for line in z.read('ImageSets/Main/default.txt').decode('utf-8').splitlines():
    if line.split()[0:1] != [line]:
        problems.append('id the devkit splits differently: %r' % line)
    line = line.strip()
    if not line or line[0] == '#':
        problems.append('id read as a comment or blank: %r' % line)
        continue
    ids.append(line)
    root = ET.fromstring(z.read('Annotations/%s.xml' % line))
    z.getinfo('JPEGImages/' + root.findtext('filename'))
    for o in root.findall('object'):
        objects.append(o.findtext('name'))
        if o.findtext('name') not in labels:
            problems.append('undeclared label %r' % o.findtext('name'))
print(json.dumps({'problems': problems, 'labels': labels, 'ids': ids, 'objects': objects}))
`;

const triangle = { type: 'idah-image:polygon', points: [[0.1, 0.1], [0.9, 0.1], [0.5, 0.9]] };

async function exportOne(filename: string, categories: string[]) {
  const result = await runExport(PascalVocExport, {
    datasets: [
      {
        id: 'd',
        name: 'D',
        entries: [
          {
            id: 'e1',
            medias: [{ filename, data: pngBytes(40, 30) }],
            annotations: categories.map((category, index) => ({ id: `a${index}`, dimensions: triangle, annotation: { category } })),
          },
        ],
      },
    ],
    datasetIds: ['d'],
    selector: 'idah-image',
  });
  expect(result.error).toBeUndefined();
  return result.output!.path;
}

describe('pascal-voc interop: image-set ids and labelmap.txt', () => {
  it('an image name with whitespace gives an id without any, paired with its files', async () => {
    const report = python(READ_AS_DATUMARO, await exportOne('my\tholiday photo.png', ['car']));
    expect(report).toEqual({ problems: [], labels: ['car'], ids: ['my_holiday_photo'], objects: ['car'] });
  });

  it('an image name starting with # is not read as a comment', async () => {
    const report = python(READ_AS_DATUMARO, await exportOne('#draft.png', ['car']));
    expect(report).toEqual({ problems: [], labels: ['car'], ids: ['_#draft'], objects: ['car'] });
  });

  it('labelmap.txt declares every object name; names with ":", "#" or spaces around stay one field and distinct', async () => {
    const report = python(READ_AS_DATUMARO, await exportOne('a.png', ['parts:wheel', '#tag', ' car ', 'car', 'parts_wheel']));
    expect(report).toEqual({
      problems: [],
      labels: ['_#tag', 'car', 'car-1', 'parts_wheel', 'parts_wheel-1'],
      ids: ['a'],
      objects: ['parts_wheel', '_#tag', 'car', 'car-1', 'parts_wheel-1'],
    });
  });
});
