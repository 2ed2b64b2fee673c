import { type DatasetFixture, imageBox, jpegBytes, maskTileCode } from 'idah-plugin/testing';

/** A real 30 x 20 JPEG (encoded by jpeg-js), so its size must come from its header. */
export const jpeg30x20 = (): Buffer => jpegBytes(30, 20);


export const LABELING_CONFIGURATION = {
  'idah-image:bounding-box': {
    values: [
      { id: 'vehicles', label: 'Vehicles' },
      { id: 'vehicles/car', label: 'Car' },
      { id: 'a/car', label: 'Car' },
    ],
    properties: [{ id: 'colour', type: 'single-select', label: 'Colour', format: { options: [{ id: 'red', label: 'Red' }] } }],
  },
  'idah-image:polygon': { values: [{ id: 'road', label: 'Road' }], properties: [] },
  'entry:root': { values: [{ id: 'weather/sunny', label: 'Sunny' }], properties: [{ id: 'time', type: 'text', label: 'Time of day' }] },
};

/**
 * The golden fixture; every expected number in export.test.ts is computed by hand from it.
 * IDAH's real shapes on non-square images: an axis-aligned and a rotated box, a box past the
 * edge and one wholly outside, a polygon, a bow tie, a collinear polygon, a 2-point polygon,
 * a line, a circle and a rotated ellipse; a mask over 4 tiles with bits past the edge; an
 * entry:root; labels from the labeling configuration, attributes; the same basename twice,
 * a unicode name, an image without annotations, an entry without media.
 */
export function goldenDatasets(): DatasetFixture[] {
  // The mask's 16 x 31 block at x 120..135, y 100..130 spans tiles 0x0, 1x0, 0x1 and 1x1; tile
  // 1x0 also sets x 210..219 (past the 200-px edge: dropped).
  const block = (col: number, row: number) => (x: number, y: number) => {
    const [px, py] = [col * 128 + x, row * 128 + y];
    return (px >= 120 && px < 136 && py >= 100 && py < 131) || (col === 1 && row === 0 && px >= 210 && px < 220 && py < 10);
  };
  return [
    {
      id: 'd1-street',
      name: 'Street',
      labeling_configuration: LABELING_CONFIGURATION,
      entries: [
        {
          id: 's1',
          medias: [{ filename: 'frame.png', data: 'png bytes of s1', meta: { width: 200, height: 100 } }],
          annotations: [
            { id: 's1-a-car', dimensions: imageBox(0, 0, 1, 0.5), annotation: { category: 'vehicles/car', attributes: { colour: 'red' } } },
            // 40 x 20 px about (100, 50), turned a quarter clockwise.
            { id: 's1-b-turned', dimensions: imageBox(0.4, 0.4, 0.6, 0.6, Math.PI / 2), annotation: { category: 'vehicles/car', attributes: {} } },
            { id: 's1-c-road', dimensions: { type: 'idah-image:polygon', points: [[0.1, 0.2], [0.4, 0.2], [0.4, 0.8]] }, annotation: { category: 'road' } },
            { id: 's1-d-bad', dimensions: { type: 'idah-image:polygon', points: [[0.1, 0.2], [0.4, 0.2]] }, annotation: { category: 'road' } },
            { id: 's1-e-line', dimensions: { type: 'idah-image:line', points: [[0, 0], [1, 1]] }, annotation: { category: 'lane' } },
            // Radius 0.1 of min(200, 100): 10 px, round in pixels.
            { id: 's1-f-circle', dimensions: { type: 'idah-image:circle', points: [[0.5, 0.5]], radius: 0.1 }, annotation: { category: 'sign' } },
            // Half-axes 20 px (by width) and 10 px (by height), turned a quarter: 20 wide, 40 high.
            { id: 's1-g-ellipse', dimensions: { type: 'idah-image:ellipse', points: [[0.25, 0.5], [0.1, 0.1]], angle: Math.PI / 2 }, annotation: { category: 'sign' } },
            // A bow tie: two triangles of 400 px² meeting at (120, 80).
            { id: 's1-h-bowtie', dimensions: { type: 'idah-image:polygon', points: [[0.5, 0.6], [0.7, 1], [0.7, 0.6], [0.5, 1]] }, annotation: { category: 'road' } },
            { id: 's1-i-flat', dimensions: { type: 'idah-image:polygon', points: [[0.1, 0.1], [0.2, 0.2], [0.3, 0.3]] }, annotation: { category: 'road' } },
            { id: 's1-j-outside', dimensions: imageBox(1.1, 0, 1.2, 0.5), annotation: { category: 'vehicles/car' } },
            // x 180..240, y 50..150 px: clipped to 180..200 x 50..100.
            { id: 's1-k-edge', dimensions: imageBox(0.9, 0.5, 1.2, 1.5), annotation: { category: 'a/car' } },
            { id: 's1-l-root', dimensions: { type: 'entry:root' }, annotation: { category: 'weather/sunny', attributes: { time: 'noon' } } },
          ],
        },
        {
          id: 's2',
          medias: [{ filename: 'ünïcödé 画像.jpg', data: jpeg30x20() }],
          annotations: [],
        },
        {
          id: 's3',
          medias: [{ filename: 'frame.png', data: 'png bytes of s3', meta: { width: 200, height: 150 } }],
          annotations: [
            {
              id: 's3-a-mask',
              dimensions: { type: 'idah-image:mask', points: [], 'tile-0x0': { rle: maskTileCode(block(0, 0)) }, 'tile-1x0': { rle: maskTileCode(block(1, 0)) }, 'tile-0x1': { rle: maskTileCode(block(0, 1)) }, 'tile-1x1': { rle: maskTileCode(block(1, 1)) } },
              annotation: { category: 'sky' },
            },
          ],
        },
      ],
    },
    {
      id: 'd2-park',
      name: 'Park',
      entries: [
        {
          id: 'p1',
          medias: [{ filename: 'frame.png', data: 'png bytes of p1', meta: { width: 50, height: 80 } }],
          annotations: [{ id: 'p1-a', dimensions: imageBox(0.2, 0.25, 0.6, 0.75), annotation: { category: 'person' } }],
        },
        { id: 'p2', annotations: [{ id: 'p2-a', dimensions: imageBox(0, 0, 1, 1), annotation: { category: 'person' } }] },
      ],
    },
  ];
}
