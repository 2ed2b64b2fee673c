import type { JsonObject } from '../records.ts';
import type { IdahUpdAnnotation, IdahUpdDataset } from './idah-upd.ts';
import { jpegBytes, pngBytes } from './images.ts';

/**
 * A small dataset holding every shape IDAH's image plugin stores, in its real form: 4-corner
 * boxes (one rotated, one past the image edge), a polygon, a line, a circle on a non-square
 * image, a rotated ellipse, a mask over several 128-px tiles with bits past the image edge,
 * and an `entry:root` classification; categories are labeling-configuration ids with labels,
 * attributes sit under `attributes`.
 */
export const IDAH_SAMPLE_LABELING_CONFIGURATION: JsonObject = {
  'idah-image:bounding-box': {
    values: [
      { id: 'vehicles', label: 'Vehicles', color: '#888888', text_color: '#FFFFFF' },
      { id: 'vehicles/car', label: 'Car', color: '#F6402B', text_color: '#FFFFFF' },
      { id: 'vehicles/bus', label: 'Bus', parent: 'vehicles', children: [], expanded: true, color: '#3C4DB7', text_color: '#FFFFFF' },
    ],
    properties: [
      { id: 'occlusion', type: 'boolean', label: 'Occluded', format: {}, required: true, visibility: true, description: '' },
      { id: 'colour', type: 'single-select', label: 'Colour', format: { options: [{ id: 'red', label: 'Red' }, { id: 'blue', label: 'Blue' }] }, required: false, visibility: true, description: '' },
    ],
  },
  'idah-image:polygon': { values: [{ id: 'road', label: 'Road', color: null, text_color: null }], properties: [] },
  'idah-image:line': { values: [{ id: 'markings/lane', label: 'Lane marking', color: null, text_color: null }], properties: [] },
  'idah-image:circle': { values: [{ id: 'signs/round', label: 'Round sign', color: null, text_color: null }], properties: [] },
  'idah-image:ellipse': { values: [{ id: 'signs/oval', label: 'Oval sign', color: null, text_color: null }], properties: [] },
  'idah-image:mask': { values: [{ id: 'sky', label: 'Sky', color: null, text_color: null }], properties: [] },
  'entry:root': {
    values: [{ id: 'weather/sunny', label: 'Sunny', color: null, text_color: null }],
    properties: [{ id: 'time_of_day', type: 'text', label: 'Time of day', format: {}, required: false, visibility: true, description: '' }],
  },
};

const rect = (x1: number, y1: number, x2: number, y2: number) => [[x1, y1], [x2, y1], [x2, y2], [x1, y2]];

/**
 * The sample mask on the 300 x 200 image: tile-0x0 holds a 10 x 10 square at (20, 30) (runs
 * written out below), tile-2x1 the one pixel (256, 129) (IDAH's own worked example, "gIAB"),
 * and tile-2x0 is all 1s, of which only x 256-299 lie inside the image: 44 x 128 pixels.
 */
function sampleMaskTiles(): Record<string, { rle: string }> {
  const runs: number[] = [];
  let last = 0;
  for (let y = 30; y < 40; y += 1) {
    const start = y * 128 + 20;
    runs.push(start - last, 10);
    last = start + 10;
  }
  const bytes = runs.flatMap((n) => (n < 0x80 ? [n] : [0x80 | (n >> 8), n & 0xff]));
  return {
    'tile-0x0': { rle: Buffer.from(bytes).toString('base64') },
    'tile-2x0': { rle: 'AA==' },
    'tile-2x1': { rle: 'gIAB' },
  };
}

/** Pixels the sample mask sets inside its 300 x 200 image. */
export const IDAH_SAMPLE_MASK_PIXELS = 10 * 10 + 44 * 128 + 1;

function streetAnnotations(): IdahUpdAnnotation[] {
  return [
    { id: 'ann-01-box', dimensions: { type: 'idah-image:bounding-box', points: rect(0.1, 0.15, 0.3, 0.45), angle: 0 }, annotation: { category: 'vehicles/car', attributes: { occlusion: false, colour: 'red' } }, metadata: { confidence: 0.92 } },
    { id: 'ann-02-rotated-box', dimensions: { type: 'idah-image:bounding-box', points: rect(0.5, 0.2, 0.7, 0.4), angle: Math.PI / 6 }, annotation: { category: 'vehicles/bus', attributes: { occlusion: true } } },
    { id: 'ann-03-polygon', dimensions: { type: 'idah-image:polygon', points: [[0.3945, 0.6194], [0.3391, 0.6159], [0.3241, 0.7197], [0.3864, 0.7284], [0.4025, 0.6972]] }, annotation: { category: 'road', attributes: {} } },
    { id: 'ann-04-line', dimensions: { type: 'idah-image:line', points: [[0.05, 0.9], [0.6, 0.75]] }, annotation: { category: 'markings/lane', attributes: {} } },
    { id: 'ann-05-circle', dimensions: { type: 'idah-image:circle', points: [[0.8, 0.3]], radius: 0.1 }, annotation: { category: 'signs/round', attributes: {} } },
    { id: 'ann-06-ellipse', dimensions: { type: 'idah-image:ellipse', points: [[0.6, 0.7], [0.1, 0.15]], angle: Math.PI / 4 }, annotation: { category: 'signs/oval', attributes: {} } },
    { id: 'ann-07-mask', dimensions: { type: 'idah-image:mask', points: [], ...sampleMaskTiles() }, annotation: { category: 'sky', attributes: {} } },
    { id: 'ann-08-root', dimensions: { type: 'entry:root' }, annotation: { category: 'weather/sunny', attributes: { time_of_day: 'noon' } } },
  ];
}

/**
 * Two entries: a 300 x 200 PNG with every shape, and a 200 x 300 JPEG with a box reaching past
 * the image's left and bottom edges (IDAH does not clamp). Media rows carry no size.
 */
export function idahSampleDatasets(): IdahUpdDataset[] {
  return [
    {
      id: '019bba87-7810-7935-a8ae-d2a6bacebecb',
      name: 'Street scenes',
      modality: 'idah-image',
      labeling_configuration: IDAH_SAMPLE_LABELING_CONFIGURATION,
      entries: [
        { id: 'entry-01', name: 'street-01.png', resource: '4c2052a1475842e9.png', original: { bytes: pngBytes(300, 200), mime_type: 'image/png' }, annotations: streetAnnotations() },
        {
          id: 'entry-02',
          name: 'street-02.jpg',
          resource: '8f14e45fceea167a.jpg',
          original: { bytes: jpegBytes(200, 300), mime_type: 'image/jpeg' },
          annotations: [
            { id: 'ann-09-box-past-edge', dimensions: { type: 'idah-image:bounding-box', points: rect(-0.05, 0.8, 0.4, 1.05), angle: 0 }, annotation: { category: 'vehicles/car', attributes: { occlusion: true } } },
          ],
        },
      ],
    },
  ];
}
