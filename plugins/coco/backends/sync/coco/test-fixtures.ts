import type { DatasetFixture } from 'idah-plugin';
import { jpegBytes } from 'idah-plugin/testing';

/** A real 30 x 20 JPEG (encoded by jpeg-js), so its size must come from its header. */
export const jpeg30x20 = (): Buffer => jpegBytes(30, 20);

const box = (points: number[][]) => ({ type: 'idah-image:bounding-box', points });

/**
 * The golden fixture; every expected number in export.test.ts is computed by hand from it.
 * Non-square images, boxes on the edges, a unicode name, the same basename in two datasets,
 * an image without annotations, a polygon of 2 points, a line, a circle, a mask, an entry without media.
 */
export function goldenDatasets(): DatasetFixture[] {
  return [
    {
      id: 'd1-street',
      name: 'Street',
      entries: [
        {
          id: 's1',
          medias: [{ filename: 'frame.png', data: 'png bytes of s1', meta: { width: 200, height: 100 } }],
          annotations: [
            { id: 's1-a-car', dimensions: box([[0, 0], [1, 0.5]]), annotation: { category: 'vehicles/car' } },
            { id: 's1-b-bus', dimensions: { type: 'idah-image:bounding-box', x: 0.5, y: 0.5, width: 0.5, height: 0.5 }, annotation: { category: 'vehicles/bus' } },
            { id: 's1-c-road', dimensions: { type: 'idah-image:polygon', points: [[0.1, 0.2], [0.4, 0.2], [0.4, 0.8]] }, annotation: { category: 'road' } },
            { id: 's1-d-bad', dimensions: { type: 'idah-image:polygon', points: [[0.1, 0.2], [0.4, 0.2]] }, annotation: { category: 'road' } },
            { id: 's1-e-line', dimensions: { type: 'idah-image:line', points: [[0, 0], [1, 1]] }, annotation: { category: 'lane' } },
            { id: 's1-f-sign', dimensions: { type: 'idah-image:circle', points: [[0.5, 0.5], [0.55, 0.5]] }, annotation: { category: 'vehicles/car' } },
          ],
        },
        {
          id: 's2',
          medias: [{ filename: 'ünïcödé 画像.jpg', data: jpeg30x20() }],
          annotations: [
            // A 2 x 3 grid with its top-middle cell set, over the whole 30 x 20 image.
            { id: 's2-a-mask', dimensions: { type: 'idah-image:mask', mask: { size: [2, 3], counts: [1, 1, 4] } }, annotation: { category: 'road' } },
          ],
        },
        { id: 's3', medias: [{ filename: 'frame.png', data: 'png bytes of s3', meta: { width: 200, height: 100 } }] },
      ],
    },
    {
      id: 'd2-park',
      name: 'Park',
      entries: [
        {
          id: 'p1',
          medias: [{ filename: 'frame.png', data: 'png bytes of p1', meta: { width: 50, height: 80 } }],
          annotations: [{ id: 'p1-a', dimensions: box([[0.6, 0.75], [0.2, 0.25]]), annotation: { category: 'person' } }],
        },
        { id: 'p2', annotations: [{ id: 'p2-a', dimensions: box([[0, 0], [1, 1]]), annotation: { category: 'person' } }] },
      ],
    },
  ];
}
