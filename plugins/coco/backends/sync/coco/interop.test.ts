import { describe, expect, it } from 'vitest';
import { NO_AREA_REASON } from 'idah-plugin';
import { type DatasetFixture, imageBox, jpegBytes, python, readZipEntry, runExport } from 'idah-plugin/testing';
import { CocoExport } from './export.ts';

/** One entry on a 200 x 100 image with these annotations. */
function oneEntry(annotations: { id: string; dimensions: Record<string, unknown> & { type: string }; category: string }[], media?: Record<string, unknown>): DatasetFixture[] {
  return [
    {
      id: 'd',
      name: 'D',
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
  const result = await runExport(CocoExport, { datasets, options: { on_error: 'skip', ...options } });
  expect(result.error).toBeUndefined();
  const zip = result.output!.path;
  const instances = JSON.parse((await readZipEntry(zip, 'annotations/instances_default.json')).toString());
  return { result, zip, instances };
}

/**
 * What pycocotools' annToRLE needs of a segmentation (a list of rings of at least 3 points, or
 * an RLE of the image's size), then the ring rasterised at pixel centres by the even-odd rule,
 * as frPoly does, compared with `area`.
 */
const RASTERISE = String.raw`
import json, sys, zipfile
doc = json.loads(zipfile.ZipFile(sys.argv[1]).read('annotations/instances_default.json'))
image = doc['images'][0]
out = []
for a in doc['annotations']:
    s = a['segmentation']
    assert isinstance(s, list) and len(s) >= 1, s
    for ring in s:
        assert isinstance(ring, list) and len(ring) >= 6 and len(ring) % 2 == 0, ring
    ring = list(zip(s[0][0::2], s[0][1::2]))
    count = 0
    for py in range(image['height']):
        for px in range(image['width']):
            x, y, inside = px + 0.5, py + 0.5, False
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
                if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                    inside = not inside
            count += inside
    out.append({'area': a['area'], 'pixels': count})
print(json.dumps(out))
`;

describe('coco interop (one entry each)', () => {
  it('a box carries a box polygon pycocotools can rasterise, whose pixels match its area (COCOeval segm runs)', async () => {
    const { zip, instances } = await exportOf(oneEntry([{ id: 'b', dimensions: imageBox(0.1, 0.2, 0.3, 0.6), category: 'car' }]));
    expect(instances.annotations[0]).toMatchObject({ bbox: [20, 20, 40, 40], area: 1600, segmentation: [[20, 20, 60, 20, 60, 60, 20, 60]] });
    expect(python(RASTERISE, zip)).toEqual([{ area: 1600, pixels: 1600 }]);
  });

  it('leaf names that collide (a/car, b/car) come out distinct, so Datumaro and CVAT import the categories', async () => {
    const { instances } = await exportOf(
      oneEntry([
        { id: '1', dimensions: imageBox(0, 0, 0.5, 0.5), category: 'a/car' },
        { id: '2', dimensions: imageBox(0.5, 0.5, 1, 1), category: 'b/car' },
      ]),
    );
    expect(instances.categories).toEqual([
      { id: 1, name: 'a/car', supercategory: 'a' },
      { id: 2, name: 'b/car', supercategory: 'b' },
    ]);
  });

  it('the polygon rule: a bow tie is written with its even-odd area (as rasterised), a flat polygon is skipped and reported', async () => {
    const bowTie = { type: 'idah-image:polygon', points: [[0.5, 0.6], [0.7, 1], [0.7, 0.6], [0.5, 1]] };
    const flat = { type: 'idah-image:polygon', points: [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]] };
    const { zip, result } = await exportOf(oneEntry([{ id: 'bow', dimensions: bowTie, category: 'x' }, { id: 'flat', dimensions: flat, category: 'x' }]));
    expect(python(RASTERISE, zip)).toEqual([{ area: 800, pixels: 800 }]);
    expect(result.job.skipped).toEqual([{ dataset_id: 'd', entry_id: 'e', annotation_id: 'flat', reason: NO_AREA_REASON }]);
  });

  it('an image without an image extension gets its type\'s, from the bytes when the mime type does not say', async () => {
    const { instances, zip } = await exportOf(oneEntry([], { filename: 'IMG_1234', data: jpegBytes(8, 6), mime_type: 'application/octet-stream', meta: undefined }));
    expect(instances.images[0]).toMatchObject({ file_name: 'IMG_1234.jpg', width: 8, height: 6 });
    expect((await readZipEntry(zip, 'images/default/IMG_1234.jpg')).equals(jpegBytes(8, 6))).toBe(true);
  });

  it('names Windows cannot create, and names over 255 bytes, are made safe and never fail the export', async () => {
    for (const [filename, expected] of [
      ['CON.png', '_CON.png'],
      ['aux', '_aux.png'],
      ['photo.png. ', 'photo.png'],
      [`${'é'.repeat(200)}.png`, `${'é'.repeat(113)}.png`],
    ] as const) {
      const { instances } = await exportOf(oneEntry([], { filename, mime_type: 'image/png' }));
      expect(instances.images[0].file_name).toBe(expected);
      expect(Buffer.byteLength(instances.images[0].file_name)).toBeLessThanOrEqual(255);
    }
  });

  it('an unknown option is an error naming it, with a did-you-mean', async () => {
    const result = await runExport(CocoExport, { datasets: oneEntry([]), options: { ellipse_vertice: 16 } });
    expect(result.status).toBe('errored');
    expect(result.error).toContain('options.ellipse_vertice: unknown option; did you mean "ellipse_vertices"?');
  });
});
