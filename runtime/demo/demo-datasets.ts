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
 * sizes, some not square), with boxes, polygons, circles, ellipses, lines and masks in nested
 * categories (`vehicles/car`), and entries in several statuses. Deterministic.
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
      labels: ['vehicles/car', 'vehicles/truck', 'person', 'road', 'traffic-sign', 'ball', 'lane-marking', 'puddle'],
      entries,
    },
  ];
}

function drawStreet(scene: DemoScene, index: number, random: () => number): DemoScene {
  const { width: w, height: h } = scene;
  scene.raster.gradient([135, 190, 235], [200, 215, 225]);
  if (index % 11 === 10) return scene; // an image with nothing labelled
  const horizon = h * (0.45 + random() * 0.1);
  scene.polygon('road', [[w * 0.05, h], [w * 0.42, horizon], [w * 0.58, horizon], [w * 0.95, h]], [90, 90, 95]);
  scene.line('lane-marking', [[w * 0.5, h - 1], [w * 0.5, horizon + 4]], [250, 250, 250]);
  const cars = 1 + (index % 3);
  for (let car = 0; car < cars; car += 1) {
    const carWidth = w * (0.12 + random() * 0.1);
    const carHeight = carWidth * 0.55;
    // Every fourth image has a car cut off by the left edge.
    const x1 = car === 0 && index % 4 === 0 ? 0 : random() * (w - carWidth);
    const y1 = horizon + random() * (h - horizon - carHeight);
    scene.box('vehicles/car', Math.round(x1), Math.round(y1), Math.round(x1 + carWidth), Math.round(y1 + carHeight), [200, 40 + car * 60, 40], { occluded: car === 1 });
  }
  if (index % 3 === 0) {
    const x1 = Math.round(w * 0.62);
    scene.box('vehicles/truck', x1, Math.round(horizon - h * 0.1), Math.min(w, x1 + Math.round(w * 0.3)), Math.round(horizon + h * 0.15), [40, 90, 160]);
  }
  if (index % 2 === 0) {
    const x1 = Math.round(w * (0.1 + random() * 0.2));
    scene.box('person', x1, Math.round(horizon - h * 0.15), x1 + Math.round(w * 0.05), Math.round(horizon + h * 0.05), [230, 180, 60]);
  }
  scene.circle('traffic-sign', w * 0.85, h * 0.18, Math.min(w, h) * 0.06, [220, 30, 30]);
  if (index % 4 === 1) scene.ellipse('ball', w * 0.3, h * 0.85, w * 0.05, h * 0.035, [250, 140, 0]);
  if (index % 6 === 2) {
    const cx = w * 0.7;
    const cy = h * 0.9;
    scene.mask('puddle', (x, y) => ((x - cx) / (w * 0.12)) ** 2 + ((y - cy) / (h * 0.05)) ** 2 <= 1 + 0.3 * Math.sin(x / 9), [70, 110, 150]);
  }
  return scene;
}
