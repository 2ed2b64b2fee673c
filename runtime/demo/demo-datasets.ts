import type { DatasetFixture, EntryFixture } from '../sources/memory/fixtures.ts';
import { DemoScene } from './demo-scene.ts';
import { seededRandom } from './random.ts';

const SIZES: [number, number][] = [
  [640, 480], [480, 640], [512, 512], [800, 450], [320, 240], [600, 400], [400, 300], [360, 640],
];
const STATUSES = ['completed', 'completed', 'completed', 'review', 'completed', 'in_progress', 'completed', 'new'];
const WF_STEPS: Record<string, string> = { completed: 'done', review: 'qa', in_progress: 'annotate', new: 'annotate' };
export const DEMO_IMAGE_COUNT = 24;

/**
 * The demo data: street scenes of modality idah-image, drawn for real (PNG and JPEG, several
 * sizes, some not square), with every shape IDAH's image plugin stores, in its real form
 * (boxes, some rotated and some past the image edge, polygons, lines, circles, rotated
 * ellipses, tiled masks, an `entry:root` classification per image), category ids with labels
 * from the dataset's labeling configuration, and entries in several statuses. Deterministic.
 */
export function buildDemoDatasets(): DatasetFixture[] {
  const random = seededRandom(20261122);
  const entries: EntryFixture[] = [];
  for (let index = 0; index < DEMO_IMAGE_COUNT; index += 1) {
    const [width, height] = SIZES[index % SIZES.length] as [number, number];
    const scene = drawStreet(new DemoScene(width, height), index, random);
    const name = `street-${String(index + 1).padStart(3, '0')}`;
    const asJpeg = index % 2 === 1;
    const status = STATUSES[index % STATUSES.length] as string;
    entries.push({
      name,
      status,
      priority: (index % 3) + 1,
      wf_step: WF_STEPS[status] ?? 'annotate',
      resource: `images/${name}`,
      annotations: scene.annotations,
      medias: [
        {
          filename: `${name}.${asJpeg ? 'jpg' : 'png'}`,
          mime_type: asJpeg ? 'image/jpeg' : 'image/png',
          data: asJpeg ? scene.raster.toJpeg() : scene.raster.toPng(),
          // A few leave their size out, so exporters read it from the image header.
          ...(index % 5 === 4 ? {} : { meta: { width, height } }),
        },
      ],
    });
  }
  return [
    {
      id: 'street-scenes',
      name: 'Street scenes',
      modality: 'idah-image',
      project_id: 'demo-project',
      status: 'active',
      labels: [],
      labeling_configuration: DEMO_LABELING_CONFIGURATION,
      entries,
    },
  ];
}

const value = (id: string, label: string, color: string) => ({ id, label, color, text_color: '#FFFFFF' });
const occluded = { id: 'occluded', type: 'boolean', label: 'Occluded', format: {}, required: false, visibility: true, description: '' };

/**
 * As IDAH keeps it on the dataset: per shape type, the category values (ids, which may nest
 * with `/`, and their display labels) and the properties annotations carry under `attributes`.
 */
export const DEMO_LABELING_CONFIGURATION = {
  'idah-image:bounding-box': {
    values: [value('vehicles', 'Vehicles', '#607D8B'), value('vehicles/car', 'Car', '#F6402B'), value('vehicles/truck', 'Truck', '#3C4DB7'), value('person', 'Person', '#FFC107')],
    properties: [occluded],
  },
  'idah-image:polygon': { values: [value('road', 'Road', '#5A5A5F')], properties: [] },
  'idah-image:line': { values: [value('lane-marking', 'Lane marking', '#FAFAFA')], properties: [] },
  'idah-image:circle': { values: [value('traffic-sign', 'Traffic sign', '#DC1E1E')], properties: [] },
  'idah-image:ellipse': { values: [value('ball', 'Ball', '#FA8C00')], properties: [] },
  'idah-image:mask': { values: [value('puddle', 'Puddle', '#466E96')], properties: [] },
  'entry:root': {
    values: [value('weather/sunny', 'Sunny', '#FFEB3B'), value('weather/overcast', 'Overcast', '#9E9E9E')],
    properties: [{ id: 'time_of_day', type: 'single-select', label: 'Time of day', format: { options: [{ id: 'day', label: 'Day' }, { id: 'dusk', label: 'Dusk' }] }, required: false, visibility: true, description: '' }],
  },
};

function drawStreet(scene: DemoScene, index: number, random: () => number): DemoScene {
  const { width: w, height: h } = scene;
  scene.raster.gradient([135, 190, 235], [200, 215, 225]);
  if (index % 11 === 10) return scene; // an image with nothing labelled
  const horizon = h * (0.45 + random() * 0.1);
  scene.polygon('road', [[w * 0.05, h], [w * 0.42, horizon], [w * 0.58, horizon], [w * 0.95, h]], [90, 90, 95]);
  scene.line('lane-marking', [[w * 0.5, h - 1], [w * 0.5, horizon + 4]], [250, 250, 250]);
  scene.classify(index % 3 === 2 ? 'weather/overcast' : 'weather/sunny', { time_of_day: index % 4 === 3 ? 'dusk' : 'day' });
  const cars = 1 + (index % 3);
  for (let car = 0; car < cars; car += 1) {
    const carWidth = w * (0.12 + random() * 0.1);
    const carHeight = carWidth * 0.55;
    // Every fourth image has a car cut off by the left edge: its box reaches past it (x below 0),
    // as IDAH stores a box dragged there (it does not clamp).
    const x1 = car === 0 && index % 4 === 0 ? -carWidth * 0.3 : random() * (w - carWidth);
    const y1 = horizon + random() * (h - horizon - carHeight);
    scene.box('vehicles/car', Math.round(x1), Math.round(y1), Math.round(x1 + carWidth), Math.round(y1 + carHeight), [200, 40 + car * 60, 40], { occluded: car === 1 });
  }
  if (index % 3 === 0) {
    const x1 = Math.round(w * 0.62);
    // Trucks lean a little (a rotated box: angle in radians, clockwise).
    scene.box('vehicles/truck', x1, Math.round(horizon - h * 0.1), Math.min(w, x1 + Math.round(w * 0.3)), Math.round(horizon + h * 0.15), [40, 90, 160], { occluded: false }, index % 2 === 0 ? 0.12 : -0.2);
  }
  if (index % 2 === 0) {
    const x1 = Math.round(w * (0.1 + random() * 0.2));
    scene.box('person', x1, Math.round(horizon - h * 0.15), x1 + Math.round(w * 0.05), Math.round(horizon + h * 0.05), [230, 180, 60], { occluded: false });
  }
  scene.circle('traffic-sign', w * 0.85, h * 0.18, Math.min(w, h) * 0.06, [220, 30, 30]);
  if (index % 4 === 1) scene.ellipse('ball', w * 0.3, h * 0.85, w * 0.05, h * 0.035, [250, 140, 0], (index % 8) * 0.3);
  if (index % 6 === 2) {
    // Across several 128-pixel tiles, and on every twelfth image up to the right edge.
    const cx = index % 12 === 2 ? w * 0.92 : w * 0.7;
    const cy = h * 0.9;
    scene.mask('puddle', (x, y) => ((x - cx) / (w * 0.12)) ** 2 + ((y - cy) / (h * 0.05)) ** 2 <= 1 + 0.3 * Math.sin(x / 9), [70, 110, 150]);
  }
  return scene;
}
