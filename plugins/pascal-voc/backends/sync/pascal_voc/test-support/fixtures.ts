import type { DatasetFixture } from 'idah-plugin/testing';
import { imageBox, imageMaskTiles, jpegBytes, pngBytes } from 'idah-plugin/testing';

const box = (x: number, y: number, width: number, height: number) => imageBox(x, y, x + width, y + height);

/**
 * Small, hand-computed data: non-square images (sizes from PNG/JPEG headers and from media
 * meta), boxes touching and crossing the edges, a box thinner than a pixel, unicode names, the
 * same basename in two datasets (and in another case), an image without annotations, a polygon
 * of 2 points, a circle, an ellipse, a mask, a line, and an entry without any image.
 */
export const goldenDatasets: DatasetFixture[] = [
  {
    id: 'streets',
    name: 'Streets & <Roads>',
    entries: [
      {
        id: 'streets-1',
        // 200 x 100 from the PNG header.
        medias: [{ filename: 'cam/frame.png', data: pngBytes(200, 100) }],
        annotations: [
          { id: 'a1', dimensions: box(0, 0, 0.5, 1), annotation: { category: 'vehicles/car' } },
          { id: 'a2', dimensions: { type: 'idah-image:polygon', points: [[0.1, 0.2], [0.4, 0.2], [0.4, 0.8]] }, annotation: { category: 'road', attributes: { difficult: true } } },
          { id: 'a3', dimensions: imageBox(0.9, 0.5, 1.2, 1.5), annotation: { category: 'vehicles/car', attributes: { truncated: false } } },
          { id: 'a4', dimensions: box(0.5012, 0.5, 0.001, 0.004), annotation: { category: 'dot' } },
        ],
      },
      {
        id: 'streets-2',
        // 64 x 48 from the JPEG header; no annotations.
        medias: [{ filename: 'empty.jpg', data: jpegBytes(64, 48) }],
      },
      {
        id: 'streets-3',
        medias: [{ filename: 'Ünïcödé 图像.png', data: 'meta gives the size', meta: { width: 300, height: 150, depth: 1 } }],
        annotations: [
          // Radius 0.2 of min(300, 150): 30 px.
          { id: 'c1', dimensions: { type: 'idah-image:circle', points: [[0.5, 0.5]], radius: 0.2 }, annotation: { category: 'sign' } },
          // x 100..200, y 50..100 px over tiles 0x0 and 1x0.
          { id: 'c2', dimensions: imageMaskTiles(300, 150, (x, y) => x >= 100 && x < 200 && y >= 50 && y < 100), annotation: { category: 'sign' } },
          { id: 'c3', dimensions: { type: 'idah-image:line', points: [[0, 0], [1, 1]] }, annotation: { category: 'lane' } },
          { id: 'c4', dimensions: { type: 'idah-image:ellipse', points: [[0.5, 0.5], [0.2, 0.1]], angle: Math.PI / 2 }, annotation: { category: 'sign' } },
        ],
      },
    ],
  },
  {
    id: 'parks',
    name: 'Parks',
    entries: [
      {
        id: 'parks-1',
        // Same basename as streets-1: frame-1. Portrait 100 x 200.
        medias: [{ filename: 'frame.png', data: pngBytes(100, 200) }],
        annotations: [{ id: 'p1', dimensions: box(0.25, 0.25, 0.5, 0.5), annotation: { category: 'road', attributes: { pose: 'Left' } } }],
      },
      {
        id: 'parks-2',
        medias: [{ filename: 'FRAME.png', data: 'meta', meta: { width: 40, height: 30 } }],
        annotations: [
          { id: 'p2', dimensions: { type: 'idah-image:polygon', points: [[0.1, 0.1], [0.5, 0.5]] }, annotation: { category: 'road' } },
          { id: 'p3', dimensions: box(0.5, 0.5, 0.5, 0.5), annotation: { category: 'tree' } },
        ],
      },
      { id: 'parks-3', name: 'no image at all' },
    ],
  },
];

/** The golden data in its intended order: datasets are exported in the order asked. */
export const goldenRun = { datasets: goldenDatasets, datasetIds: ['streets', 'parks'] };
