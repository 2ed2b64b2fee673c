import type { AnnotationFixture } from '../sources/memory/fixtures.ts';
import { insidePolygon, Raster, type Rgb } from './raster.ts';

type Point = [number, number];

const round = (value: number) => Math.round(value * 10_000) / 10_000;
const normalised = (points: Point[], width: number, height: number): Point[] =>
  points.map(([x, y]) => [round(x / width), round(y / height)]);

/**
 * Draws shapes onto an image and records each as an idah-image annotation with the same
 * geometry (normalised to [0, 1]), so what a viewer shows matches what the labels say.
 */
export class DemoScene {
  readonly raster: Raster;
  readonly annotations: AnnotationFixture[] = [];

  constructor(width: number, height: number) {
    this.raster = new Raster(width, height);
  }

  get width() {
    return this.raster.width;
  }

  get height() {
    return this.raster.height;
  }

  box(category: string, x1: number, y1: number, x2: number, y2: number, color: Rgb, extra: Record<string, unknown> = {}) {
    this.raster.fill(() => true, color, { x1, y1, x2, y2 });
    this.#add('bounding-box', { points: normalised([[x1, y1], [x2, y2]], this.width, this.height) }, category, extra);
  }

  polygon(category: string, points: Point[], color: Rgb) {
    const xs = points.map(([x]) => x);
    const ys = points.map(([, y]) => y);
    this.raster.fill((x, y) => insidePolygon(points, x, y), color, {
      x1: Math.min(...xs), y1: Math.min(...ys), x2: Math.max(...xs), y2: Math.max(...ys),
    });
    this.#add('polygon', { points: normalised(points, this.width, this.height) }, category);
  }

  circle(category: string, cx: number, cy: number, radius: number, color: Rgb) {
    this.raster.fill((x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2, color, {
      x1: cx - radius, y1: cy - radius, x2: cx + radius, y2: cy + radius,
    });
    this.#add('circle', { points: normalised([[cx, cy], [cx + radius, cy]], this.width, this.height) }, category);
  }

  ellipse(category: string, cx: number, cy: number, rx: number, ry: number, color: Rgb) {
    this.raster.fill((x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1, color, {
      x1: cx - rx, y1: cy - ry, x2: cx + rx, y2: cy + ry,
    });
    const [[ncx, ncy]] = normalised([[cx, cy]], this.width, this.height) as [Point];
    this.#add('ellipse', { points: [[ncx, ncy]], rx: round(rx / this.width), ry: round(ry / this.height), rotation: 0 }, category);
  }

  line(category: string, points: Point[], color: Rgb, thickness = 3) {
    for (let index = 1; index < points.length; index += 1) {
      const [ax, ay] = points[index - 1] as Point;
      const [bx, by] = points[index] as Point;
      const steps = Math.ceil(Math.hypot(bx - ax, by - ay));
      for (let step = 0; step <= steps; step += 1) {
        const x = ax + ((bx - ax) * step) / steps;
        const y = ay + ((by - ay) * step) / steps;
        this.raster.fill(() => true, color, { x1: x - thickness / 2, y1: y - thickness / 2, x2: x + thickness / 2, y2: y + thickness / 2 });
      }
    }
    this.#add('line', { points: normalised(points, this.width, this.height) }, category);
  }

  /** A blob on a grid at a quarter of the image's resolution, stored as row-major RLE. */
  mask(category: string, inside: (x: number, y: number) => boolean, color: Rgb) {
    const gridWidth = Math.ceil(this.width / 4);
    const gridHeight = Math.ceil(this.height / 4);
    const counts: number[] = [];
    let current = 0;
    let run = 0;
    for (let gy = 0; gy < gridHeight; gy += 1) {
      for (let gx = 0; gx < gridWidth; gx += 1) {
        const value = inside(gx * 4 + 2, gy * 4 + 2) ? 1 : 0;
        if (value !== current) {
          counts.push(run);
          current = value;
          run = 0;
        }
        run += 1;
      }
    }
    counts.push(run);
    this.raster.fill((x, y) => inside(Math.floor(x / 4) * 4 + 2, Math.floor(y / 4) * 4 + 2), color);
    this.#add('mask', { mask: { size: [gridHeight, gridWidth], counts } }, category);
  }

  #add(shape: string, geometry: Record<string, unknown>, category: string, extra: Record<string, unknown> = {}) {
    this.annotations.push({
      dimensions: { type: `idah-image:${shape}`, ...geometry },
      annotation: { category, ...extra },
      created_by_email: 'annotator@demo.idah',
    });
  }
}
